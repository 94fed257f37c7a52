"""The escalation rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py; values(world) returns what their
{placeholders} name (tests/rights/escalation_world.py). The member follows up and complains
about their own requests (the organisers who may see a request get 403, anyone else 404) and
gives and revokes their own mandate; every member of the union may mandate it; the union's
organisers (of any chapter) and its steward build, read and lodge dossiers; only the steward
(with two-factor authentication) publishes the mandate's text.
"""

from tests.rights.escalation_world import escalation_values

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


R = "/u/users/rights"
Q = f"{R}/requests"
C = f"{R}/complaints"
# The member's own request: the union's organisers and steward may see it, not act on it.
MEMBERS_OWN = row(LOGIN, 404, 404, 200, 403, 403, 403)
MEMBERS_ACT = row(LOGIN, 404, 404, DONE, 403, 403, 403)
# The member's own complaint: nobody else learns it exists.
COMPLAINANT = row(LOGIN, 404, 404, 200, 404, 404, 404)
# A dossier: the union's organisers and its steward.
LODGERS = row(LOGIN, 404, 404, 404, 200, 200, 200)
ORGANISERS = row(LOGIN, 403, 403, 403, 200, 200, 200)
UNION_MEMBERS = row(LOGIN, 403, 403, 200, 200, 200, 200)
STEWARD = row(LOGIN, 403, 403, 403, 403, 403, 200)

PAGES: dict = {
    "request_follow_up": ("GET", f"{Q}/{{esc_incomplete}}/follow-up/", None, MEMBERS_OWN),
    "request_follow_up-send": ("POST", f"{Q}/{{esc_incomplete}}/follow-up/", {}, MEMBERS_ACT),
    "request_follow_up-twice": ("POST", f"{Q}/{{esc_followed}}/follow-up/", {},
                                row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "request_follow_up-overdue": ("POST", f"{Q}/{{esc_overdue}}/follow-up/", {},
                                  row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "request_follow_up-unknown": ("GET", f"{Q}/NOSUCH/follow-up/", None,
                                  row(LOGIN, 404, 404, 404, 404, 404, 404)),
    "followup_pdf": ("GET", f"{Q}/{{esc_followed}}/follow-up/{{esc_followup}}/letter.pdf", None,
                     MEMBERS_OWN),
    "complaint_draft": ("GET", f"{Q}/{{esc_overdue}}/complaint/", None, MEMBERS_OWN),
    "complaint_draft-other_authority": ("GET", f"{Q}/{{esc_overdue}}/complaint/?authority=iedpc",
                                        None, MEMBERS_OWN),
    "complaint_draft-lodge": ("POST", f"{Q}/{{esc_overdue}}/complaint/",
                              {"on": "{esc_today}", "authority": "nlap"},
                              row(LOGIN, 404, 404, DONE, 403, 403, 403)),
    "complaint_draft-not_late": ("POST", f"{Q}/{{esc_sent}}/complaint/", {"on": "{esc_today}"},
                                 row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "complaint_draft_pdf": ("GET", f"{Q}/{{esc_overdue}}/complaint/complaint.pdf", None,
                            MEMBERS_OWN),
    "complaint_draft_pdf-not_late": ("GET", f"{Q}/{{esc_sent}}/complaint/complaint.pdf", None,
                                     row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "complaint_detail": ("GET", f"{C}/{{esc_complaint}}/", None, COMPLAINANT),
    "complaint_detail-dossier": ("GET", f"{C}/{{esc_dossier}}/", None, LODGERS),
    "complaint_detail-unknown": ("GET", f"{C}/999999/", None,
                                 row(LOGIN, 404, 404, 404, 404, 404, 404)),
    "complaint_pdf": ("GET", f"{C}/{{esc_complaint}}/complaint.pdf", None, COMPLAINANT),
    # The dossier's PDF is not made yet: "reload in a moment".
    "complaint_pdf-dossier": ("GET", f"{C}/{{esc_dossier}}/complaint.pdf", None,
                              row(LOGIN, 404, 404, 404, REDIRECT, REDIRECT, REDIRECT)),
    "complaint_authority": ("POST", f"{C}/{{esc_complaint}}/authority/",
                            {"authority": "iedpc"}, row(LOGIN, 404, 404, DONE, 404, 404, 404)),
    "complaint_authority-dossier": ("POST", f"{C}/{{esc_dossier}}/authority/",
                                    {"authority": "iedpc"},
                                    row(LOGIN, 404, 404, 404, DONE, DONE, DONE)),
    "complaint_lodge": ("POST", f"{C}/{{esc_complaint}}/lodge/", {"on": "{esc_today}"},
                        row(LOGIN, 404, 404, DONE, 404, 404, 404)),
    "complaint_lodge-future": ("POST", f"{C}/{{esc_complaint}}/lodge/", {"on": "2999-01-01"},
                               row(LOGIN, 404, 404, REFUSED, 404, 404, 404)),
    # Its PDF is not made yet: refused until it is.
    "complaint_lodge-dossier": ("POST", f"{C}/{{esc_dossier}}/lodge/", {"on": "{esc_today}"},
                                row(LOGIN, 404, 404, 404, REFUSED, REFUSED, REFUSED)),
    "mandate": ("GET", f"{R}/mandate/", None, UNION_MEMBERS),
    # The member gave this version already.
    "mandate-give": ("POST", f"{R}/mandate/", {"text_version": "1", "consent": "on"},
                     row(LOGIN, 403, 403, REFUSED, DONE, DONE, DONE)),
    "mandate-unticked": ("POST", f"{R}/mandate/", {"text_version": "1"},
                         row(LOGIN, 403, 403, 400, 400, 400, 400)),
    "mandate_revoke": ("POST", f"{R}/mandate/revoke/", {},
                       row(LOGIN, REFUSED, REFUSED, DONE, REFUSED, REFUSED, REFUSED)),
    "mandate_texts": ("GET", f"{R}/mandate/texts/", None, STEWARD),
    "mandate_texts-publish": ("POST", f"{R}/mandate/texts/", {"text": "Version two."},
                              row(LOGIN, 403, 403, 403, 403, 403, DONE)),
    "dossier_list": ("GET", f"{R}/dossiers/", None, ORGANISERS),
    "dossier_detail": ("GET", f"{R}/dossiers/{{esc_controller}}/", None, ORGANISERS),
    "dossier_detail-build": ("POST", f"{R}/dossiers/{{esc_controller}}/", {"authority": ""},
                             row(LOGIN, 403, 403, 403, DONE, DONE, DONE)),
    "dossier_detail-unknown": ("GET", f"{R}/dossiers/999999/", None,
                               row(LOGIN, 403, 403, 403, 404, 404, 404)),
}

U = "/unions/{union_slug}/rights"
A = "/unions/users/rights"
REQUEST = U + "/requests/{reference}"
COMPLAINT = U + "/complaints/{complaint_id}"
API: dict = {
    f"POST {REQUEST}/follow-ups": ({}, row(401, 404, 404, 201, 403, 403, 403),
                                   f"{A}/requests/{{esc_incomplete}}/follow-ups"),
    f"GET {REQUEST}/authorities": (None, row(401, 404, 404, 200, 403, 403, 403),
                                   f"{A}/requests/{{esc_overdue}}/authorities"),
    f"POST {REQUEST}/complaints": ({"authority": "iedpc"},
                                   row(401, 404, 404, 201, 403, 403, 403),
                                   f"{A}/requests/{{esc_overdue}}/complaints"),
    f"GET {COMPLAINT}": (None, row(401, 404, 404, 200, 404, 404, 404),
                         f"{A}/complaints/{{esc_complaint}}"),
    f"POST {COMPLAINT}/lodge": ({"on": "2020-01-02"}, row(401, 404, 404, 200, 404, 404, 404),
                                f"{A}/complaints/{{esc_complaint}}/lodge"),
    f"GET {COMPLAINT}/complaint.pdf": (None, row(401, 404, 404, 200, 404, 404, 404),
                                       f"{A}/complaints/{{esc_complaint}}/complaint.pdf"),
    f"GET {U}/mandate": (None, row(401, 403, 403, 200, 200, 200, 200)),
    f"POST {U}/mandate-texts": ({"text": "Version two."}, row(401, 403, 403, 403, 403, 403, 201)),
    f"POST {U}/mandates": ({"text_version": 1}, row(401, 403, 403, 409, 201, 201, 201)),
    f"POST {U}/mandates/mine/revoke": ({}, row(401, 404, 404, 200, 404, 404, 404)),
    # No such controller: organisers get past the permission to the 404.
    f"POST {U}/dossiers": ({"controller_id": 999999}, row(401, 403, 403, 403, 404, 404, 404)),
}


def values(world) -> dict:
    return escalation_values(world)
