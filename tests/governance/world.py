"""Proposals in every phase, built on the shared fixture world with the real services."""

from datetime import timedelta
from fractions import Fraction

from django.utils import timezone

from suma.governance import services
from suma.governance.models import Kind


def vote_now(proposal, by):
    """Publish a draft and open its vote at once (the discussion deadline moved to now)."""
    now = timezone.now()
    services.proposal_publish(proposal=proposal, by=by, now=now - timedelta(minutes=2),
                              discussion_closes_at=now - timedelta(minutes=1))
    return services.proposal_open_voting(proposal=proposal, by=by,
                                         voting_closes_at=now + timedelta(days=1))


def governance_values(world) -> dict:
    """Ids for the permission matrix: a draft, a discussion, a running vote, a closed vote."""
    w = world
    draft = services.proposal_create(union=w.union, chapter=None, author=w.member,
                                     title="Draft: a union-wide survey", body="To be written.")
    discussion = services.proposal_create(
        union=w.union, chapter=w.chapter, author=w.organiser, title="Strike on Fridays?",
        body="Let us **talk** about it.")
    services.proposal_publish(proposal=discussion, by=w.organiser)
    voting = services.proposal_create(
        union=w.union, chapter=w.chapter, author=w.organiser, title="Our first demand",
        body="Rank the demands.", kind=Kind.SCHULZE,
        options=["Fair pay", "Transparency", "Data access"])
    vote_now(voting, w.organiser)
    closed = services.proposal_create(
        union=w.union, chapter=w.chapter, author=w.organiser, title="Adopt the charter",
        body="The charter text.", threshold=Fraction(1, 2), quorum_percent=0)
    vote_now(closed, w.organiser)
    services.ballot_cast(proposal=closed, user=w.member, choice={"vote": "yes"})
    services.proposal_close(proposal=closed, early=True)
    return {"draft_proposal": draft.pk, "discussion_proposal": discussion.pk,
            "voting_proposal": voting.pk, "closed_proposal": closed.pk}
