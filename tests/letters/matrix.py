"""The letters rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py; values(world) returns the ids their
{placeholders} name, built with the real services (tests/letters/world.py): letter campaigns
(open, draft, closed) of the Nairobi chapter's campaign, run by its organiser and the
steward. Members of the union write; the member, the organiser and the steward live in
Berlin-Mitte (Erika Example and Max Example are theirs), the other organiser has not said
where they live; the member sent a letter to Erika Example and recorded a reply. A member's
letters, replies and answers are theirs alone: to anyone else they do not exist (404).
"""

from tests.letters.world import ANOTHER, TEMPLATE, letters_values

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


def everyone(expected) -> dict:
    return row(*[expected] * len(ROLES))


P = "/u/users/letters"
OPEN = f"{P}/{{letters_open}}"
SENT = f"{OPEN}/letters/{{letters_sent}}"
RUNNERS = row(LOGIN, 403, 403, 403, 403, 200, 200)
RUNNERS_DO = row(LOGIN, 403, 403, 403, 403, DONE, DONE)
AUTHOR = row(LOGIN, 404, 404, 200, 404, 404, 404)
AUTHOR_DO = row(LOGIN, 404, 404, DONE, 404, 404, 404)
CAMPAIGN = {"campaign": "{letters_campaign}", "title": "Write to the Bundestag",
            "subject": "Reasons for rejections", "template": "Dear {{representative_name}}",
            "talking_points": "One\nTwo", "country": "DE", "body": "Deutscher Bundestag"}
EDIT = {k: v for k, v in CAMPAIGN.items() if k != "campaign"}
# The template as the member would get it, one word changed: the identikit check refuses it.
COPY = (TEMPLATE.replace("{representative_name}", "Max Example")
        .replace("{member_region}", "Berlin-Mitte")
        .replace("{union_name}", "Platform Users' Union")
        .replace("{member_name}", "A member"))

PAGES: dict = {
    "letter_campaign_list": ("GET", f"{P}/", None, everyone(200)),
    "letter_campaign_list-unknown_union": ("GET", "/u/nowhere/letters/", None, everyone(404)),
    # The matrix world also holds a union-wide campaign (the pledges rows'): any organiser may
    # start letters there, but not in the Nairobi chapter's campaign posted here.
    "letter_campaign_create": ("GET", f"{P}/new/", None,
                               row(LOGIN, 403, 403, 403, 200, 200, 200)),
    "letter_campaign_create-save": ("POST", f"{P}/new/", CAMPAIGN,
                                    row(LOGIN, 403, 403, 403, 400, DONE, DONE)),
    "constituent_edit": ("GET", f"{P}/where-i-live/", None, row(LOGIN, *[200] * 6)),
    "constituent_edit-save": ("POST", f"{P}/where-i-live/",
                              {"country": "DE", "region": "Berlin-Mitte", "next": f"{P}/"},
                              row(LOGIN, *[DONE] * 6)),
    "letter_campaign_detail": ("GET", f"{OPEN}/", None, everyone(200)),
    "letter_campaign_detail-draft": ("GET", f"{P}/{{letters_draft}}/", None,
                                     row(404, 404, 404, 404, 404, 200, 200)),
    "letter_campaign_detail-closed": ("GET", f"{P}/{{letters_closed}}/", None, everyone(200)),
    "letter_campaign_detail-unknown": ("GET", f"{P}/999999/", None, everyone(404)),
    "letter_campaign_edit": ("GET", f"{OPEN}/edit/", None, RUNNERS),
    "letter_campaign_edit-save": ("POST", f"{OPEN}/edit/", EDIT, RUNNERS_DO),
    "letter_campaign_edit-draft": ("GET", f"{P}/{{letters_draft}}/edit/", None,
                                   row(LOGIN, 404, 404, 404, 404, 200, 200)),
    "letter_campaign_edit-closed": ("GET", f"{P}/{{letters_closed}}/edit/", None,
                                    row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "letter_campaign_status-open": ("POST", f"{P}/{{letters_draft}}/status/",
                                    {"action": "open"},
                                    row(LOGIN, 404, 404, 404, 404, DONE, DONE)),
    "letter_campaign_status-close": ("POST", f"{OPEN}/status/", {"action": "close"},
                                     RUNNERS_DO),
    "letter_campaign_status-reopen": ("POST", f"{P}/{{letters_closed}}/status/",
                                      {"action": "open"},
                                      row(LOGIN, 403, 403, 403, 403, REFUSED, REFUSED)),
    # The member sees the letter they sent; the other organiser must first say where they live.
    "letter_write": ("GET", f"{OPEN}/to/{{letters_erika}}/", None,
                     row(LOGIN, 403, 403, 200, REFUSED, 200, 200)),
    "letter_write-not_theirs": ("GET", f"{OPEN}/to/{{letters_lucia}}/", None,
                                row(LOGIN, 403, 403, REFUSED, REFUSED, REFUSED, REFUSED)),
    "letter_write-unknown": ("GET", f"{OPEN}/to/999999/", None, row(LOGIN, *[404] * 6)),
    "letter_write-closed": ("GET", f"{P}/{{letters_closed}}/to/{{letters_erika}}/", None,
                            row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "letter_write-save": ("POST", f"{OPEN}/to/{{letters_erika}}/",
                          {"subject": "Rejections", "body": ANOTHER, "action": "save"},
                          row(LOGIN, 403, 403, REFUSED, REFUSED, DONE, DONE)),
    "letter_write-send": ("POST", f"{OPEN}/to/{{letters_max}}/",
                          {"subject": "Rejections", "body": ANOTHER, "action": "email"},
                          row(LOGIN, 403, 403, DONE, REFUSED, DONE, DONE)),
    "letter_write-identikit": ("POST", f"{OPEN}/to/{{letters_max}}/",
                               {"subject": "Rejections", "body": COPY, "action": "email"},
                               row(LOGIN, 403, 403, 400, REFUSED, 400, 400)),
    "letter_pdf": ("GET", f"{SENT}/letter.pdf", None, AUTHOR),
    "letter_reply": ("GET", f"{SENT}/reply/", None, AUTHOR),
    "letter_reply-save": ("POST", f"{SENT}/reply/",
                          {"received_on": "2020-02-01", "summary": "A second answer."},
                          AUTHOR_DO),
    # The reply recorded has no copy attached: nobody downloads one (tests/letters/test_views).
    "reply_file": ("GET", f"{SENT}/replies/{{letters_reply}}/file", None,
                   row(LOGIN, *[404] * 6)),
    "letter_questionnaire": ("GET", f"{SENT}/did-they-reply/", None, AUTHOR),
    "letter_questionnaire-answer": ("POST", f"{SENT}/did-they-reply/", {"answer": "no"},
                                    AUTHOR_DO),
}

L = "/unions/{union_slug}/letter-campaigns"
LC = L + "/{letter_campaign_id}"
MINE = LC + "/representatives/{representative_id}/letter"
LETTER = LC + "/letters/{letter_id}"
A = "/unions/users/letter-campaigns"
CALLED = A + "/{letters_open}"
CALLED_SENT = CALLED + "/letters/{letters_sent}"
API_RUNNERS = row(401, 403, 403, 403, 403, 200, 200)
API_AUTHOR = row(401, 404, 404, 200, 404, 404, 404)
API_CAMPAIGN = {"campaign": "letters-matrix", "title": "Write to the Bundestag",
                "subject": "Reasons for rejections", "template": "Dear {representative_name}",
                "talking_points": ["One"], "country": "DE", "body": "Deutscher Bundestag"}
API_EDIT = {k: v for k, v in API_CAMPAIGN.items() if k != "campaign"}

API: dict = {
    f"GET {L}": (None, everyone(200)),
    f"POST {L}": (API_CAMPAIGN, row(401, 403, 403, 403, 403, 201, 201)),
    f"GET {LC}": (None, everyone(200), CALLED),
    f"PUT {LC}": (API_EDIT, API_RUNNERS, CALLED),
    f"POST {LC}/open": ({}, row(401, 404, 404, 404, 404, 200, 200),
                        A + "/{letters_draft}/open"),
    f"POST {LC}/close": ({}, API_RUNNERS, CALLED + "/close"),
    "GET /me/constituency": (None, row(401, 404, 404, 200, 404, 200, 200)),
    "PUT /me/constituency": ({"country": "DE", "region": "Berlin-Mitte"},
                             row(401, 200, 200, 200, 200, 200, 200)),
    f"GET {LC}/representatives": (None, row(401, 403, 403, 200, 200, 200, 200),
                                  CALLED + "/representatives"),
    f"GET {MINE}": (None, row(401, 403, 403, 200, 200, 200, 200),
                    CALLED + "/representatives/{letters_erika}/letter"),
    f"PUT {MINE}": ({"subject": "Rejections", "body": ANOTHER},
                    row(401, 403, 403, 409, 400, 200, 200),
                    CALLED + "/representatives/{letters_erika}/letter"),
    f"POST {MINE}/send": ({"method": "email", "subject": "Rejections", "body": ANOTHER},
                          row(401, 403, 403, 200, 400, 200, 200),
                          CALLED + "/representatives/{letters_max}/letter/send"),
    f"GET {LC}/letters": (None, row(401, 200, 200, 200, 200, 200, 200), CALLED + "/letters"),
    f"GET {LETTER}/letter.pdf": (None, API_AUTHOR, CALLED_SENT + "/letter.pdf"),
    f"POST {LETTER}/replies": ({"received_on": "2020-02-01", "summary": "A second answer."},
                               row(401, 404, 404, 201, 404, 404, 404),
                               CALLED_SENT + "/replies"),
    f"PUT {LETTER}/questionnaire": ({"answer": "not_yet"}, API_AUTHOR,
                                    CALLED_SENT + "/questionnaire"),
}


def values(world) -> dict:
    return letters_values(world)
