"""The pledges rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py (see tests/governance/matrix_*.py);
values(world) returns the ids their {placeholders} name, built with the real services
(tests/pledges/world.py): a draft, a collecting pledge the organiser pledged to, one in its
window and one finished, all in the organiser's chapter (the member may pledge, the steward,
in no chapter, may not).
"""

from tests.pledges.world import pledges_values

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


P = "/u/users/pledges"
EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
RUNNERS = row(LOGIN, 403, 403, 403, 403, 200, 200)
ONLY_THE_PLEDGER = row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, DONE, REFUSED)
NEW_PLEDGE = {"campaign": "{pledges_campaign}", "scope": "{pledges_chapter}", "kind": "pledge",
              "title": "Matrix pledge", "action": "stop taking tasks", "threshold": "10",
              "deadline": "2999-01-01T12:00", "starts_at": "2999-01-02T12:00",
              "ends_at": "2999-01-09T12:00"}

PAGES: dict = {
    "pledge_list": ("GET", f"{P}/", None, EVERYONE),
    "pledge_list-unknown_union": ("GET", "/u/nowhere/pledges/", None,
                                  row(404, 404, 404, 404, 404, 404, 404)),
    "pledge_create": ("GET", f"{P}/new/", None, row(LOGIN, 403, 403, 403, 200, 200, 200)),
    # The other chapter's organiser may not choose this chapter: the form says so (200).
    "pledge_create-save": ("POST", f"{P}/new/", NEW_PLEDGE,
                           row(LOGIN, 403, 403, 403, 200, DONE, DONE)),
    "pledge_detail-draft": ("GET", f"{P}/{{pledges_draft}}/", None,
                            row(403, 403, 403, 403, 403, 200, 200)),
    "pledge_detail-collecting": ("GET", f"{P}/{{pledges_collecting}}/", None, EVERYONE),
    "pledge_detail-window": ("GET", f"{P}/{{pledges_window}}/", None, EVERYONE),
    "pledge_detail-finished": ("GET", f"{P}/{{pledges_finished}}/", None, EVERYONE),
    "pledge_detail-unknown": ("GET", f"{P}/999999/", None,
                              row(404, 404, 404, 404, 404, 404, 404)),
    "pledge_edit": ("GET", f"{P}/{{pledges_draft}}/edit/", None, RUNNERS),
    "pledge_edit-save": ("POST", f"{P}/{{pledges_draft}}/edit/", NEW_PLEDGE,
                         row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "pledge_edit-launched": ("GET", f"{P}/{{pledges_collecting}}/edit/", None,
                             row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "pledge_launch": ("POST", f"{P}/{{pledges_draft}}/launch/", {},
                      row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "pledge_launch-launched": ("POST", f"{P}/{{pledges_collecting}}/launch/", {},
                               row(LOGIN, 403, 403, 403, 403, 403, 403)),
    # Active members of the chapter pledge; the organiser already has.
    "pledge_sign": ("POST", f"{P}/{{pledges_collecting}}/pledge/", {},
                    row(LOGIN, REFUSED, REFUSED, DONE, REFUSED, REFUSED, REFUSED)),
    "pledge_sign-activated": ("POST", f"{P}/{{pledges_window}}/pledge/", {},
                              row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED,
                                  REFUSED)),
    "pledge_sign-draft": ("POST", f"{P}/{{pledges_draft}}/pledge/", {},
                          row(LOGIN, 403, 403, 403, 403, REFUSED, REFUSED)),
    "pledge_withdraw": ("POST", f"{P}/{{pledges_collecting}}/withdraw/", {}, ONLY_THE_PLEDGER),
    "pledge_withdraw-activated": ("POST", f"{P}/{{pledges_window}}/withdraw/", {},
                                  row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED,
                                      REFUSED)),
    "pledge_check_in": ("POST", f"{P}/{{pledges_window}}/check-in/", {}, ONLY_THE_PLEDGER),
    "pledge_check_in-collecting": ("POST", f"{P}/{{pledges_collecting}}/check-in/", {},
                                   row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED,
                                       REFUSED)),
    "pledge_followup": ("POST", f"{P}/{{pledges_finished}}/follow-up/", {"answer": "partly"},
                        ONLY_THE_PLEDGER),
    "pledge_followup-window": ("POST", f"{P}/{{pledges_window}}/follow-up/", {"answer": "yes"},
                               row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED,
                                   REFUSED)),
}

U = "/unions/{union_slug}/pledges"
A = "/unions/users/pledges"
API: dict = {
    f"GET {U}": (None, EVERYONE),
    f"POST {U}": ({"campaign": "pledges-matrix", "chapter": "nairobi", "title": "Matrix",
                   "action": "stop taking tasks", "threshold": 10,
                   "deadline": "2999-01-01T12:00:00Z", "starts_at": "2999-01-02T12:00:00Z",
                   "ends_at": "2999-01-09T12:00:00Z"},
                  row(401, 403, 403, 403, 403, 201, 201)),
    f"GET {U}/{{pledge_id}}": (None, EVERYONE, f"{A}/{{pledges_collecting}}"),
    f"POST {U}/{{pledge_id}}/launch": ({}, row(401, 404, 404, 404, 404, 200, 200),
                                       f"{A}/{{pledges_draft}}/launch"),
    f"POST {U}/{{pledge_id}}/signups": ({}, row(401, 403, 403, 201, 403, 400, 403),
                                        f"{A}/{{pledges_collecting}}/signups"),
    f"POST {U}/{{pledge_id}}/withdraw": ({}, row(401, 400, 400, 400, 400, 200, 400),
                                         f"{A}/{{pledges_collecting}}/withdraw"),
    f"POST {U}/{{pledge_id}}/check-ins": ({}, row(401, 403, 403, 403, 403, 201, 403),
                                          f"{A}/{{pledges_window}}/check-ins"),
    f"PUT {U}/{{pledge_id}}/follow-up": ({"answer": "yes"},
                                         row(401, 403, 403, 403, 403, 200, 403),
                                         f"{A}/{{pledges_finished}}/follow-up"),
    "GET /strikes/in-effect": (None, EVERYONE),
}


def values(world) -> dict:
    return pledges_values(world)
