"""The dashboard panel "Votes waiting for you": open votes the member has not voted in."""

from django.http import HttpRequest

from suma.core.dashboard import register_panel
from suma.governance import selectors


def votes_waiting(request: HttpRequest) -> dict | None:
    if not request.user.is_authenticated:
        return None
    proposals = list(selectors.proposals_needing_vote(user=request.user)[:20])
    return {"proposals": proposals} if proposals else None


register_panel("governance/panel_votes.html", votes_waiting)
