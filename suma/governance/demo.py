"""The demo union's decisions: a closed ranked vote, an enacted rule change, an election,
a vote still open and a proposal under discussion."""

import random
from datetime import timedelta
from fractions import Fraction

from django.utils import timezone

from suma.governance import services
from suma.governance.models import Kind, Proposal
from suma.members.models import ChapterMembership, ChapterStatus, Membership, Union


def _people(chapter) -> list:
    return [p.membership.user for p in ChapterMembership.objects.filter(
        chapter=chapter, status=ChapterStatus.ACTIVE).select_related("membership__user")
        .order_by("pk")]


def _open_now(proposal, by, days: float = 1):
    now = timezone.now()
    services.proposal_publish(proposal=proposal, by=by, now=now - timedelta(days=3),
                              discussion_closes_at=now - timedelta(minutes=1))
    return services.proposal_open_voting(proposal=proposal, by=by,
                                         voting_closes_at=now + timedelta(days=days))


def decisions_demo_load(*, union: Union) -> None:
    """Add the demo decisions once (kept as they are when run again)."""
    if Proposal.objects.filter(union=union).exists():
        return
    rng = random.Random(2018)
    chapters = {c.slug: c for c in union.chapters.all()}
    nairobi, paris = chapters["nairobi-click-workers"], chapters["paris-drivers"]
    europe = chapters["facebook-europe"]
    steward = Membership.objects.get(union=union, role="steward").user

    # A ranked vote, closed: which demand the click workers press first.
    workers = _people(nairobi)
    first = services.proposal_create(
        union=union, chapter=nairobi, author=workers[0], kind=Kind.SCHULZE,
        title="Which demand do we press first?",
        body="Rank our four demands. The winner opens our campaign with the requesters; "
             "the others follow in the order we choose.",
        options=["Fair pay per task", "Transparent rejections",
                 "Paid time searching for work", "Access to our own task history"],
        quorum_percent=30)
    _open_now(first, workers[0])
    for user in workers[2:]:
        order = [1, 3, 2, 4] if rng.random() < 0.55 else [3, 1, 4, 2]
        if rng.random() < 0.3:
            order = [2, 1, 3, 4]
        services.ballot_cast(proposal=first, user=user, choice={"ranking": order})
    services.proposal_close(proposal=first, early=True)

    # A rule change, passed and enacted: members may delegate their vote.
    europeans = _people(europe)
    rule = services.proposal_create(
        union=union, chapter=None, author=europeans[0],
        title="Let members delegate their vote",
        body="Many of us work double shifts. Let a member hand their vote to someone they "
             "trust, who can pass it on; voting yourself always takes it back.",
        action_kind="setting_change", action_params={"setting": "delegation", "value": True},
        quorum_percent=20)
    _open_now(rule, europeans[0])
    everyone = [m.user for m in Membership.objects.filter(union=union, is_member=True)
                .select_related("user").order_by("pk")]
    for user in everyone[:40]:
        services.ballot_cast(proposal=rule, user=user,
                             choice={"vote": rng.choice(["yes", "yes", "yes", "no", "abstain"])})
    services.proposal_close(proposal=rule, early=True)

    # An election of three stewards by STV, enacted.
    candidates = [Membership.objects.get(union=union, user=u)
                  for u in (workers[1], europeans[1], _people(paris)[0], _people(paris)[3],
                            europeans[5])]
    election = services.proposal_create(
        union=union, chapter=None, author=steward, kind=Kind.STV, seats=3,
        title="Elect three stewards for 2027",
        body="Stewards hold the union's keys and publish its results. Rank the candidates "
             "you want; rank as many as you like.",
        candidates=candidates, action_kind="stewards_elect", quorum_percent=20)
    _open_now(election, steward)
    for user in everyone[5:50]:
        ranking = rng.sample(range(1, 6), k=rng.randint(2, 5))
        services.ballot_cast(proposal=election, user=user, choice={"ranking": ranking})
    services.proposal_close(proposal=election, early=True)

    # A vote still open, union-wide: adopt the three pillars as our charter.
    charter = services.proposal_create(
        union=union, chapter=None, author=steward, threshold=Fraction(2, 3),
        title="Adopt the three pillars as our charter",
        body="Community, organisation, and the selection of effective tools are the three "
             "pillars of collective action. We adopt them as our charter: every campaign "
             "starts from an existing community, is run by the union, and chooses its "
             "tactics from what has worked: petitions, lobbying, litigation, and strikes "
             "only when enough of us have pledged.",
        action_kind="text_adopt", quorum_percent=25)
    _open_now(charter, steward, days=5)
    for user in everyone[20:35]:
        services.ballot_cast(proposal=charter, user=user,
                             choice={"vote": rng.choice(["yes", "yes", "no"])})

    # Under discussion: the Paris drivers plan a data-rights drive.
    drivers = _people(paris)
    drive = services.proposal_create(
        union=union, chapter=paris, author=drivers[0],
        title="Ask Uber for our data together in January",
        body="Every driver of the chapter sends an access request (Art. 15, 20 and 22) on the "
             "same day, so that we can compare what comes back.")
    services.proposal_publish(proposal=drive, by=drivers[0],
                              discussion_closes_at=timezone.now() + timedelta(days=6))
    first_comment = services.comment_add(
        proposal=drive, author=drivers[2],
        body="Yes, and ask for the logic behind deactivations: that is what we need most.")
    services.comment_add(proposal=drive, author=drivers[0], parent=first_comment,
                         body="Agreed: Art. 15(1)(h) and 22 are in the template.")
