"""Every read of decisions that a page or the API needs."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from suma.core.errors import NotFound
from suma.governance.ballots import choice_decode
from suma.governance.models import (
    AdoptedText,
    Ballot,
    Comment,
    Delegation,
    Phase,
    Proposal,
    Voter,
)
from suma.members.models import Membership, Union


def proposal_list(*, union: Union, viewer, phase: str | None = None) -> QuerySet[Proposal]:
    """The union's published proposals, and the viewer's own drafts."""
    shown = ~Q(phase=Phase.DRAFT)
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(author=viewer)
    qs = (Proposal.objects.filter(union=union).filter(shown)
          .select_related("chapter", "union").order_by("-created_at", "-id"))
    return qs.filter(phase=phase) if phase else qs


def proposal_get(*, union: Union, pk: int) -> Proposal:
    try:
        return Proposal.objects.select_related("union", "chapter", "author").get(
            union=union, pk=pk)
    except Proposal.DoesNotExist:
        raise NotFound(_("No such proposal.")) from None


def comment_thread(*, proposal: Proposal) -> list[Comment]:
    """Top-level comments in order, each with `.thread_replies` (all replies, in order)."""
    comments = list(proposal.comments.select_related("author"))
    by_parent: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_parent.setdefault(comment.parent_id, []).append(comment)

    def replies_of(comment: Comment) -> list[Comment]:
        out = []
        for reply in by_parent.get(comment.pk, []):
            out.append(reply)
            out.extend(replies_of(reply))
        return out

    top = by_parent.get(None, [])
    for comment in top:
        comment.thread_replies = replies_of(comment)
    return top


def author_names(*, union: Union, user_ids) -> dict[int, str]:
    """What members see as each author's name: their pseudonym, or their name."""
    return {m.user_id: m.public_name for m in Membership.objects.filter(
        union=union, user_id__in=set(user_ids)).select_related("user")}


def turnout(*, proposal: Proposal) -> dict:
    """How many on the roll have voted: what organisers watch while the vote runs."""
    counts = Voter.objects.filter(proposal=proposal).aggregate(
        voted=Count("id", filter=Q(voted=True)), eligible=Count("id"))
    eligible = counts["eligible"] or 0
    return {"voted": counts["voted"] or 0, "eligible": eligible,
            "percent": round(100 * (counts["voted"] or 0) / eligible, 1) if eligible else 0.0}


def roll_entry(*, proposal: Proposal, user) -> Voter | None:
    if user is None or not user.is_authenticated:
        return None
    return Voter.objects.filter(proposal=proposal, user=user).first()


def bulletin(*, proposal: Proposal) -> QuerySet[Ballot]:
    """Every counted ballot, by receipt hash: published once the vote has closed."""
    return Ballot.objects.filter(proposal=proposal).order_by("receipt_hash").select_related(
        "voter")


def bulletin_rows(*, proposal: Proposal, ballots) -> list[dict]:
    """Bulletin rows as shown and exported: the hash, the choice, and for open ballots the
    voter's public name."""
    names = {}
    if not proposal.secret:
        names = author_names(union=proposal.union,
                             user_ids=[b.voter_id for b in ballots if b.voter_id])
    return [{"receipt_hash": b.receipt_hash, "choice": b.choice,
             "decoded": choice_decode(kind=proposal.kind, choice=b.choice),
             "delegated": b.delegated,
             "voter": names.get(b.voter_id, "") if b.voter_id else ""} for b in ballots]


def delegation_of(*, union: Union, user, chapter=None) -> Delegation | None:
    if user is None or not user.is_authenticated:
        return None
    return Delegation.objects.filter(union=union, chapter=chapter, delegator=user) \
        .select_related("delegate").first()


def delegations_received(*, union: Union, user) -> int:
    return Delegation.objects.filter(union=union, delegate=user).count()


def adopted_text_list(*, union: Union) -> QuerySet[AdoptedText]:
    return AdoptedText.objects.filter(union=union)


def proposals_needing_vote(*, user) -> QuerySet[Proposal]:
    """Votes open now in which the user is on the roll and has not voted: for the dashboard."""
    return (Proposal.objects.filter(phase=Phase.VOTING, voters__user=user,
                                    voters__voted=False)
            .select_related("union", "chapter").order_by("voting_closes_at"))
