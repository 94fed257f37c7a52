"""The governance rows of the page permission matrix (tests/members/test_rules.py).

Same shape as PAGES there; placeholders {draft_proposal}, {discussion_proposal},
{voting_proposal}, {closed_proposal} come from tests/governance/world.py: a union-wide draft
by the member; a discussion, a running Schulze vote and a closed yes/no vote (the member
voted yes) in the organiser's chapter. Delegation is off in that world: its page is refused.
"""

LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"
ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


D = "/u/users/decisions"
MEMBERS_SEE = row(LOGIN, 403, 403, 200, 200, 200, 200)   # union members and stewards
AUTHOR_ONLY = row(LOGIN, 403, 403, 200, 403, 403, 403)   # the draft's author, the member
NEW_PROPOSAL = {"scope": "union", "title": "Matrix proposal", "body": "Some text.",
                "kind": "yes_no", "secret": "secret", "threshold": "half",
                "quorum_percent": "20", "seats": "1", "max_score": "5"}

PAGES: dict = {
    "proposal_list": ("GET", f"{D}/", None, MEMBERS_SEE),
    "proposal_list-unknown_union": ("GET", "/u/nowhere/decisions/", None,
                                    row(LOGIN, 404, 404, 404, 404, 404, 404)),
    "proposal_create": ("GET", f"{D}/new/", None, MEMBERS_SEE),
    "proposal_create-save": ("POST", f"{D}/new/", NEW_PROPOSAL,
                             row(LOGIN, 403, 403, DONE, DONE, DONE, DONE)),
    "proposal_detail-draft": ("GET", f"{D}/{{draft_proposal}}/", None, AUTHOR_ONLY),
    "proposal_detail-discussion": ("GET", f"{D}/{{discussion_proposal}}/", None, MEMBERS_SEE),
    "proposal_detail-voting": ("GET", f"{D}/{{voting_proposal}}/", None, MEMBERS_SEE),
    "proposal_detail-closed": ("GET", f"{D}/{{closed_proposal}}/", None, MEMBERS_SEE),
    "proposal_detail-unknown": ("GET", f"{D}/999999/", None,
                                row(LOGIN, 404, 404, 404, 404, 404, 404)),
    "proposal_edit": ("GET", f"{D}/{{draft_proposal}}/edit/", None, AUTHOR_ONLY),
    "proposal_edit-save": ("POST", f"{D}/{{draft_proposal}}/edit/",
                           {"title": "A survey of the union", "body": "Written now."},
                           row(LOGIN, 403, 403, DONE, 403, 403, 403)),
    "proposal_edit-published": ("GET", f"{D}/{{discussion_proposal}}/edit/", None,
                                row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "proposal_publish": ("GET", f"{D}/{{draft_proposal}}/publish/", None, AUTHOR_ONLY),
    "proposal_publish-defaults": ("POST", f"{D}/{{draft_proposal}}/publish/", {},
                                  row(LOGIN, 403, 403, DONE, 403, 403, 403)),
    "comment_add": ("POST", f"{D}/{{discussion_proposal}}/comment/", {"body": "I agree."},
                    row(LOGIN, 403, 403, DONE, 403, DONE, DONE)),
    "comment_add-closed": ("POST", f"{D}/{{closed_proposal}}/comment/", {"body": "Late."},
                           row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "proposal_open_vote": ("POST", f"{D}/{{discussion_proposal}}/open/", {},
                           row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "proposal_open_vote-voting": ("POST", f"{D}/{{voting_proposal}}/open/", {},
                                  row(LOGIN, 403, 403, 403, 403, 403, 403)),
    # The roll: the chapter's active members when voting opened (the steward is in none).
    "ballot_cast": ("POST", f"{D}/{{voting_proposal}}/vote/",
                    {"rank_1": "2", "rank_2": "1", "rank_3": ""},
                    row(LOGIN, 403, 403, DONE, 403, DONE, 403)),
    "ballot_cast-same_rank_twice": ("POST", f"{D}/{{voting_proposal}}/vote/",
                                    {"rank_1": "1", "rank_2": "1", "rank_3": ""},
                                    row(LOGIN, 403, 403, 400, 403, 400, 403)),
    "ballot_cast-closed": ("POST", f"{D}/{{closed_proposal}}/vote/", {"vote": "no"},
                           row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "ballot_receipt": ("GET", f"{D}/{{voting_proposal}}/receipt/", None, MEMBERS_SEE),
    "proposal_results": ("GET", f"{D}/{{closed_proposal}}/results/", None, MEMBERS_SEE),
    "proposal_results-voting": ("GET", f"{D}/{{voting_proposal}}/results/", None,
                                row(LOGIN, 403, 403, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "bulletin": ("GET", f"{D}/{{closed_proposal}}/bulletin/", None, MEMBERS_SEE),
    "bulletin-find": ("POST", f"{D}/{{closed_proposal}}/bulletin/", {"receipt": "AAAA-BBBB"},
                      MEMBERS_SEE),
    "bulletin-voting": ("GET", f"{D}/{{voting_proposal}}/bulletin/", None,
                        row(LOGIN, 403, 403, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "bulletin_export-csv": ("GET", f"{D}/{{closed_proposal}}/bulletin.csv", None, MEMBERS_SEE),
    "bulletin_export-json": ("GET", f"{D}/{{closed_proposal}}/bulletin.json", None,
                             MEMBERS_SEE),
    "bulletin_export-voting": ("GET", f"{D}/{{voting_proposal}}/bulletin.csv", None,
                               row(LOGIN, 403, 403, 404, 404, 404, 404)),
    # Ballot files are for ranked votes; the closed vote of this world is a yes/no.
    "ballots_export-not_ranked": ("GET", f"{D}/{{closed_proposal}}/ballots.soi", None,
                                  row(LOGIN, 403, 403, 404, 404, 404, 404)),
    "delegation": ("GET", f"{D}/delegation/", None, row(LOGIN, 403, 403, 403, 403, 403, 403)),
    "adopted_texts": ("GET", f"{D}/adopted/", None, MEMBERS_SEE),
    "decision_settings": ("GET", f"{D}/settings/", None,
                          row(LOGIN, 403, 403, 403, 403, 403, 200)),
    "decision_settings-save": ("POST", f"{D}/settings/",
                               {"who_may_propose": "members", "who_may_open_vote": "organisers",
                                "delegation": "on", "quorum_percent": "25",
                                "discussion_days": "7", "voting_days": "7"},
                               row(LOGIN, 403, 403, 403, 403, 403, DONE)),
}
