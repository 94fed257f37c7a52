"""The governance rows of the API permission matrix (tests/members/test_rules.py).

Same shape as API there; placeholders as in matrix_pages.py. A proposal's operations name
{proposal_id} in the schema, so each row gives the path to call: the proposal in the phase
the operation is for. Delegation is off in the fixture world, so nobody may delegate there.
"""


def row(*expected) -> dict:
    """As in test_rules.py (which imports this module, so it cannot be imported from here)."""
    roles = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
             "steward")
    assert len(expected) == len(roles)
    return dict(zip(roles, expected, strict=True))


U = "/unions/{union_slug}/proposals"
SEES = row(401, 403, 403, 200, 200, 200, 200)  # members of the union, and stewards

API: dict = {
    f"GET {U}": (None, SEES),
    f"POST {U}": ({"title": "Strike on Mondays?", "body": "Let us decide.",
                   "chapter": "nairobi"}, row(401, 403, 403, 201, 403, 201, 201)),
    f"GET {U}/{{proposal_id}}": (None, SEES, f"{U}/{{discussion_proposal}}"),
    # Only the author (the member) publishes their draft.
    f"POST {U}/{{proposal_id}}/publish": ({}, row(401, 403, 403, 200, 403, 403, 403),
                                          f"{U}/{{draft_proposal}}/publish"),
    f"POST {U}/{{proposal_id}}/open-vote": ({}, row(401, 403, 403, 403, 403, 200, 200),
                                            f"{U}/{{discussion_proposal}}/open-vote"),
    f"GET {U}/{{proposal_id}}/comments": (None, SEES, f"{U}/{{discussion_proposal}}/comments"),
    f"POST {U}/{{proposal_id}}/comments": ({"body": "Agreed."},
                                           row(401, 403, 403, 201, 403, 201, 201),
                                           f"{U}/{{discussion_proposal}}/comments"),
    # On the roll: members active in the chapter when voting opened.
    f"POST {U}/{{proposal_id}}/ballots": ({"choice": {"ranking": [2, 1, 3]}},
                                          row(401, 403, 403, 201, 403, 201, 403),
                                          f"{U}/{{voting_proposal}}/ballots"),
    f"GET {U}/{{proposal_id}}/turnout": (None, row(401, 403, 403, 403, 403, 200, 200),
                                         f"{U}/{{voting_proposal}}/turnout"),
    f"GET {U}/{{proposal_id}}/result": (None, SEES, f"{U}/{{closed_proposal}}/result"),
    f"GET {U}/{{proposal_id}}/bulletin": (None, SEES, f"{U}/{{closed_proposal}}/bulletin"),
    "GET /unions/{union_slug}/delegation": (None, SEES),
    "PUT /unions/{union_slug}/delegation": ({"delegate": 1},
                                            row(401, 403, 403, 403, 403, 403, 403)),
    "DELETE /unions/{union_slug}/delegation": (None, row(401, 403, 403, 204, 204, 204, 204)),
    "GET /unions/{union_slug}/decision-settings": (None, SEES),
    "PATCH /unions/{union_slug}/decision-settings": ({"quorum_percent": 30},
                                                     row(401, 403, 403, 403, 403, 403, 200)),
}
