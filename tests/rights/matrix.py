"""The requests-and-drives rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py; values(world) returns what their
{placeholders} name (tests/rights/world.py): the member's requests outside any drive (a
draft to email, a draft letter, one sent, one reminded), so any organiser of the union and
the steward may see them; a request the member made in a drive of their chapter (its
organiser may see it, another chapter's may not); a drive open to the chapter that nobody
joined, and a draft drive. Nobody but the member acts on their requests; the member, their
organisers and the steward record what an answer contained.
"""

from datetime import UTC, datetime

from tests.rights.world import rights_values

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


R = "/u/users/rights"
Q = f"{R}/requests"
D = f"{R}/drives"
# The member's own requests (outside drives): every organiser of the union sees them.
SEEN = row(LOGIN, 404, 404, 200, 200, 200, 200)
ONLY_THE_MEMBER = row(LOGIN, 404, 404, DONE, 403, 403, 403)
MEMBERS = row(LOGIN, 403, 403, 200, 200, 200, 200)
RUNNERS = row(LOGIN, 403, 403, 403, 403, 200, 200)
NEW_REQUEST = {"controller": "{rights_controller}", "kinds": "access", "id_0": "A Member",
               "id_1": "a.member@example.org", "id_2": "W-1"}
JOIN = {"id_0": "A Member", "id_1": "a.member@example.org", "id_2": "W-1"}
NEW_DRIVE = {"title": "Matrix drive", "controller": "mailco", "kinds": "access",
             "chapter": "{rights_chapter}", "campaign": ""}

PAGES: dict = {
    "request_list": ("GET", f"{Q}/", None, row(LOGIN, 200, 200, 200, 200, 200, 200)),
    "request_create": ("GET", f"{Q}/new/", None, MEMBERS),
    "request_create-controller": ("GET", f"{Q}/new/?controller={{rights_controller}}", None,
                                  MEMBERS),
    "request_create-save": ("POST", f"{Q}/new/", NEW_REQUEST,
                            row(LOGIN, 403, 403, DONE, DONE, DONE, DONE)),
    "request_detail-draft": ("GET", f"{Q}/{{rights_draft}}/", None, SEEN),
    "request_detail-sent": ("GET", f"{Q}/{{rights_sent}}/", None, SEEN),
    "request_detail-in_drive": ("GET", f"{Q}/{{rights_joined}}/", None,
                                row(LOGIN, 404, 404, 200, 404, 200, 200)),
    "request_detail-unknown": ("GET", f"{Q}/SR-NOSUCH/", None,
                               row(LOGIN, 404, 404, 404, 404, 404, 404)),
    "request_send": ("POST", f"{Q}/{{rights_draft}}/send/", {}, ONLY_THE_MEMBER),
    "request_send-again": ("POST", f"{Q}/{{rights_sent}}/send/", {},
                           row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "request_mark_sent": ("POST", f"{Q}/{{rights_draft_letter}}/sent/",
                          {"sent-sent_on": "{rights_today}"}, ONLY_THE_MEMBER),
    "request_mark_sent-in_drive": ("POST", f"{Q}/{{rights_joined}}/sent/",
                                   {"sent-sent_on": "{rights_today}"},
                                   row(LOGIN, 404, 404, DONE, 404, 403, 403)),
    "request_acknowledge": ("POST", f"{Q}/{{rights_sent}}/acknowledged/",
                            {"ack-on": "{rights_today}"}, ONLY_THE_MEMBER),
    "request_extend": ("POST", f"{Q}/{{rights_sent}}/extended/",
                       {"ext-on": "{rights_today}", "ext-reasons": "Volume of requests"},
                       ONLY_THE_MEMBER),
    "request_answer": ("POST", f"{Q}/{{rights_sent}}/answer/",
                       {"ans-on": "{rights_today}", "ans-contained": "purposes"},
                       row(LOGIN, 404, 404, DONE, DONE, DONE, DONE)),
    "request_answer-draft": ("POST", f"{Q}/{{rights_draft}}/answer/",
                             {"ans-on": "{rights_today}"},
                             row(LOGIN, 404, 404, REFUSED, REFUSED, REFUSED, REFUSED)),
    # No file: the form says what is missing.
    "request_reply": ("POST", f"{Q}/{{rights_sent}}/reply/", {},
                      row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "reply_download": ("GET", f"{Q}/{{rights_sent}}/replies/999999/", None,
                       row(LOGIN, 404, 404, 404, 404, 404, 404)),
    # Not overdue yet: no reminder.
    "request_remind": ("POST", f"{Q}/{{rights_sent}}/remind/", {},
                       row(LOGIN, 404, 404, REFUSED, 403, 403, 403)),
    "request_withdraw": ("POST", f"{Q}/{{rights_draft}}/withdraw/", {}, ONLY_THE_MEMBER),
    "request_letter_pdf": ("GET", f"{Q}/{{rights_sent}}/letter.pdf", None, SEEN),
    "request_reminder_pdf": ("GET", f"{Q}/{{rights_reminded}}/reminder.pdf", None, SEEN),
    "request_reminder_pdf-none": ("GET", f"{Q}/{{rights_sent}}/reminder.pdf", None,
                                  row(LOGIN, 404, 404, 404, 404, 404, 404)),
    "drive_list": ("GET", f"{D}/", None, row(200, 200, 200, 200, 200, 200, 200)),
    "drive_create": ("GET", f"{D}/new/", None, row(LOGIN, 403, 403, 403, 200, 200, 200)),
    # Another chapter's organiser may not choose this chapter: the form says so (400).
    "drive_create-save": ("POST", f"{D}/new/", NEW_DRIVE,
                          row(LOGIN, 403, 403, 403, 400, DONE, DONE)),
    "drive_detail": ("GET", f"{D}/{{rights_drive_open}}/", None,
                     row(200, 200, 200, 200, 200, 200, 200)),
    "drive_detail-draft": ("GET", f"{D}/{{rights_drive_draft}}/", None,
                           row(404, 404, 404, 404, 404, 200, 200)),
    # Active members of the chapter join (its organiser is one); the steward is in none.
    "drive_join": ("POST", f"{D}/{{rights_drive_open}}/join/", JOIN,
                   row(LOGIN, REFUSED, REFUSED, DONE, REFUSED, DONE, REFUSED)),
    "drive_join-joined": ("POST", f"{D}/{{rights_drive_joined}}/join/", JOIN,
                          row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, DONE, REFUSED)),
    "drive_join-draft": ("POST", f"{D}/{{rights_drive_draft}}/join/", JOIN,
                         row(LOGIN, 404, 404, 404, 404, REFUSED, REFUSED)),
    "drive_status-open": ("POST", f"{D}/{{rights_drive_draft}}/status/", {"action": "open"},
                          row(LOGIN, 404, 404, 404, 404, DONE, DONE)),
    "drive_status-close": ("POST", f"{D}/{{rights_drive_open}}/status/", {"action": "close"},
                           row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "drive_dashboard": ("GET", f"{D}/{{rights_drive_open}}/dashboard/", None, RUNNERS),
    # The printable letters: the drive's runners make them (of a drive nobody joined there
    # are none to make) and download them once ready (not yet: 404).
    "drive_letters_start": ("POST", f"{D}/{{rights_drive_joined}}/letters/", {},
                            row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "drive_letters_start-nobody_joined": ("POST", f"{D}/{{rights_drive_open}}/letters/", {},
                                          row(LOGIN, 403, 403, 403, 403, REFUSED, REFUSED)),
    "drive_letters_start-draft": ("POST", f"{D}/{{rights_drive_draft}}/letters/", {},
                                  row(LOGIN, 404, 404, 404, 404, REFUSED, REFUSED)),
    "drive_letters_download": ("GET", f"{D}/{{rights_drive_joined}}/letters.zip", None,
                               row(LOGIN, 403, 403, 403, 403, 404, 404)),
    "rights_dashboard": ("GET", f"{R}/dashboard/", None,
                         row(LOGIN, 403, 403, 403, 200, 200, 200)),
    "league_table": ("GET", f"{R}/league/", None, MEMBERS),
}

TODAY = datetime.now(UTC).date().isoformat()  # the day the matrix's requests were made
U = "/unions/{union_slug}/rights"
A = "/unions/users/rights"
RQ = f"{U}/requests/{{reference}}"
DR = f"{U}/drives/{{drive_slug}}"
API_SEEN = row(401, 404, 404, 200, 200, 200, 200)
API_ONLY_THE_MEMBER = row(401, 404, 404, 200, 403, 403, 403)
API: dict = {
    f"GET {U}/requests": (None, row(401, 200, 200, 200, 200, 200, 200)),
    f"POST {U}/requests": ({"controller": "mailco", "kinds": ["access"],
                           "identification": [{"label": "Worker ID", "value": "W-1"}]},
                           row(401, 403, 403, 201, 201, 201, 201)),
    f"GET {RQ}": (None, API_SEEN, f"{A}/requests/{{rights_sent}}"),
    f"POST {RQ}/send": ({}, API_ONLY_THE_MEMBER, f"{A}/requests/{{rights_draft}}/send"),
    f"POST {RQ}/mark-sent": ({"sent_on": TODAY}, API_ONLY_THE_MEMBER,
                             f"{A}/requests/{{rights_draft_letter}}/mark-sent"),
    f"POST {RQ}/acknowledge": ({"on": TODAY}, API_ONLY_THE_MEMBER,
                               f"{A}/requests/{{rights_sent}}/acknowledge"),
    f"POST {RQ}/extend": ({"on": TODAY, "reasons": "Volume"}, API_ONLY_THE_MEMBER,
                          f"{A}/requests/{{rights_sent}}/extend"),
    f"POST {RQ}/answer": ({"on": TODAY, "contained": ["purposes"]},
                          row(401, 404, 404, 200, 200, 200, 200),
                          f"{A}/requests/{{rights_sent}}/answer"),
    f"GET {U}/drives": (None, row(200, 200, 200, 200, 200, 200, 200)),
    f"GET {DR}": (None, row(200, 200, 200, 200, 200, 200, 200),
                  f"{A}/drives/{{rights_drive_open}}"),
    f"POST {DR}/join": ({"identification": [{"label": "Worker ID", "value": "W-1"}]},
                        row(401, 403, 403, 201, 403, 201, 403),
                        f"{A}/drives/{{rights_drive_open}}/join"),
    f"GET {DR}/dashboard": (None, row(401, 403, 403, 403, 403, 200, 200),
                            f"{A}/drives/{{rights_drive_open}}/dashboard"),
    f"POST {DR}/letters": ({}, row(401, 403, 403, 403, 403, 202, 202),
                           f"{A}/drives/{{rights_drive_joined}}/letters"),
    f"GET {DR}/letters": (None, row(401, 403, 403, 403, 403, 200, 200),
                          f"{A}/drives/{{rights_drive_joined}}/letters"),
    f"GET {DR}/letters.zip": (None, row(401, 403, 403, 403, 403, 404, 404),
                              f"{A}/drives/{{rights_drive_joined}}/letters.zip"),
    f"GET {U}/dashboard": (None, row(401, 403, 403, 403, 200, 200, 200)),
    f"GET {U}/league": (None, row(401, 403, 403, 200, 200, 200, 200)),
}


def values(world) -> dict:
    return {**rights_values(world), "rights_chapter": world.chapter.pk}
