"""Decisions through their services: phases, eligibility, quorum, secrecy, delegation, enactment."""

from datetime import timedelta
from fractions import Fraction

import pytest
from django.db import connection
from django.utils import timezone

from suma.core.errors import NotAllowed, SumaError
from suma.core.models import AuditEntry, Notification
from suma.governance import sealing, selectors, services
from suma.governance.models import (
    AdoptedText,
    Ballot,
    GovernanceSettings,
    Kind,
    Outcome,
    Phase,
    Voter,
)
from suma.members import services as members
from suma.members.models import Membership, UnionRole
from tests.conftest import make_user
from tests.governance.world import vote_now

pytestmark = pytest.mark.django_db


def join_chapter(world, email, name=""):
    user = make_user(email, name)
    place = members.chapter_apply(chapter=world.chapter, user=user)
    members.application_approve(application=place, by=world.steward)
    return user


def draft(world, **kwargs):
    values = {"union": world.union, "chapter": world.chapter, "author": world.organiser,
              "title": "Stop the deactivations", "body": "We *demand* a fair process.",
              "quorum_percent": 0}
    return services.proposal_create(**(values | kwargs))


def test_a_proposal_moves_from_draft_to_discussion_to_voting_with_deadlines(world):
    proposal = draft(world)
    assert proposal.phase == Phase.DRAFT
    services.proposal_publish(proposal=proposal, by=world.organiser)
    assert proposal.phase == Phase.DISCUSSION
    assert proposal.discussion_closes_at > timezone.now() + timedelta(days=6)
    assert proposal.voting_closes_at > proposal.voting_opens_at >= proposal.discussion_closes_at
    services.proposal_open_voting(proposal=proposal, by=world.organiser)
    assert proposal.phase == Phase.VOTING
    assert proposal.voting_closes_at > timezone.now()
    assert AuditEntry.objects.filter(action="proposal.voting_opened").exists()


def test_the_periodic_job_opens_due_votes_and_closes_finished_ones(world):
    proposal = draft(world)
    now = timezone.now()
    services.proposal_publish(proposal=proposal, by=world.organiser,
                              discussion_closes_at=now + timedelta(hours=1),
                              voting_closes_at=now + timedelta(hours=2))
    assert services.proposals_advance(now=now) == {"opened": 0, "closed": 0}
    assert services.proposals_advance(now=now + timedelta(hours=1, minutes=1))["opened"] == 1
    proposal.refresh_from_db()
    assert proposal.phase == Phase.VOTING
    assert services.proposals_advance(now=now + timedelta(hours=3))["closed"] == 1
    proposal.refresh_from_db()
    assert proposal.phase == Phase.CLOSED


def test_eligibility_is_a_snapshot_so_late_joiners_cannot_vote(world):
    proposal = vote_now(draft(world), world.organiser)
    late = join_chapter(world, "late@example.org")
    with pytest.raises(NotAllowed) as refused:
        services.ballot_cast(proposal=proposal, user=late, choice={"vote": "yes"})
    assert refused.value.code == "not_eligible"
    assert proposal.eligible_count == 2  # the chapter's member and organiser


def test_voting_outside_the_window_or_twice_is_refused_clearly(world):
    proposal = draft(world)
    with pytest.raises(SumaError, match="not opened yet"):
        services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    vote_now(proposal, world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    with pytest.raises(SumaError) as twice:
        services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "no"})
    assert twice.value.code == "already_voted"
    later = proposal.voting_closes_at + timedelta(seconds=1)
    with pytest.raises(SumaError, match="closed"):
        services.ballot_cast(proposal=proposal, user=world.organiser, choice={"vote": "no"},
                             now=later)
    assert Ballot.objects.filter(proposal=proposal).count() == 1


@pytest.mark.parametrize(("ranking", "code"), [([4, 1], "unknown_option"),
                                               ([2, 1, 2], "repeated_option"),
                                               ([], "invalid_choice")])
def test_a_ranked_ballot_with_an_unknown_or_repeated_option_is_refused(world, ranking, code):
    proposal = vote_now(draft(world, kind=Kind.IRV, options=["A", "B", "C"]), world.organiser)
    with pytest.raises(SumaError) as refused:
        services.ballot_cast(proposal=proposal, user=world.member, choice={"ranking": ranking})
    assert refused.value.code == code
    assert not Voter.objects.filter(proposal=proposal, voted=True).exists()


def test_a_secret_ballot_keeps_no_link_to_its_voter(world):
    proposal = vote_now(draft(world, kind=Kind.SCHULZE, options=["A", "B", "C"]),
                        world.organiser)
    receipt = services.ballot_cast(proposal=proposal, user=world.member,
                                   choice={"ranking": [3, 1, 2]})
    ballot = Ballot.objects.get(proposal=proposal)
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert not fields & {"created_at", "updated_at", "cast_at"}  # no time to join on
    assert ballot.voter_id is None
    assert ballot.receipt_hash == sealing.ballot_hash(receipt)
    entry = Voter.objects.get(proposal=proposal, user=world.member)
    assert entry.voted and entry.receipt_check != ballot.receipt_hash
    row = [str(v) for v in Voter.objects.filter(pk=entry.pk).values().first().values()]
    assert str(ballot.pk) not in row and ballot.receipt_hash not in row


def test_changing_a_secret_vote_needs_the_receipt_and_only_the_last_counts(world):
    proposal = vote_now(draft(world), world.organiser)
    first = services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "no"})
    with pytest.raises(SumaError) as wrong:
        services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"},
                             receipt="AAAA-BBBB-CCCC-DDDD-EEEE")
    assert wrong.value.code == "bad_receipt"
    second = services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"},
                                  receipt=first)
    assert list(Ballot.objects.filter(proposal=proposal).values_list("choice", "receipt_hash")) \
        == [("yes", sealing.ballot_hash(second))]
    # Someone else's receipt cannot replace their ballot.
    other = services.ballot_cast(proposal=proposal, user=world.organiser, choice={"vote": "no"})
    with pytest.raises(SumaError):
        services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"},
                             receipt=other)
    assert Ballot.objects.filter(proposal=proposal).count() == 2


def test_an_open_ballot_shows_who_voted_what_and_can_be_changed(world):
    proposal = vote_now(draft(world, secret=False), world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "no"})
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    rows = selectors.bulletin_rows(proposal=proposal,
                                   ballots=list(selectors.bulletin(proposal=proposal)))
    assert [(r["voter"], r["choice"]) for r in rows] == [("Achieng Atieno", "yes")]


def test_the_bulletin_lets_a_voter_find_their_ballot_and_anyone_recount(world):
    proposal = vote_now(draft(world, kind=Kind.PLURALITY, options=["A", "B"]), world.organiser)
    mine = services.ballot_cast(proposal=proposal, user=world.member, choice={"option": 2})
    services.ballot_cast(proposal=proposal, user=world.organiser, choice={"option": 2})
    services.proposal_close(proposal=proposal, early=True)
    rows = selectors.bulletin_rows(proposal=proposal,
                                   ballots=list(selectors.bulletin(proposal=proposal)))
    assert sealing.ballot_hash(mine) in {r["receipt_hash"] for r in rows}
    recount = {}
    for r in rows:
        recount[r["choice"]] = recount.get(r["choice"], 0) + 1
    assert recount == {"2": 2}
    assert proposal.result["tally"]["winners"] == ["B"]


def test_a_vote_that_misses_quorum_closes_as_no_quorum(world):
    for i in range(3):
        join_chapter(world, f"m{i}@example.org")
    proposal = vote_now(draft(world, quorum_percent=50), world.organiser)  # 5 eligible: needs 3
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    services.ballot_cast(proposal=proposal, user=world.organiser, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.outcome == Outcome.NO_QUORUM
    assert proposal.result["quorum_needed"] == 3


@pytest.mark.parametrize(("threshold", "yes", "no", "passes"), [
    (Fraction(1, 2), 2, 2, False), (Fraction(1, 2), 3, 2, True),
    (Fraction(2, 3), 2, 1, True), (Fraction(2, 3), 3, 2, False)])
def test_the_pass_threshold_decides(world, threshold, yes, no, passes):
    voters = [join_chapter(world, f"v{i}@example.org") for i in range(yes + no)]
    proposal = vote_now(draft(world, threshold=threshold), world.organiser)
    for i, user in enumerate(voters):
        services.ballot_cast(proposal=proposal, user=user,
                             choice={"vote": "yes" if i < yes else "no"})
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "abstain"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.outcome == (Outcome.PASSED if passes else Outcome.FAILED)


def test_one_block_stops_a_consensus_proposal(world):
    voters = [join_chapter(world, f"c{i}@example.org") for i in range(4)]
    proposal = vote_now(draft(world, kind=Kind.CONSENSUS), world.organiser)
    for user in voters:
        services.ballot_cast(proposal=proposal, user=user, choice={"vote": "agree"})
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "block"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.outcome == Outcome.FAILED
    assert proposal.result["counts"] == {"agree": 4, "block": 1}


def delegation_world(world):
    GovernanceSettings.objects.create(union=world.union, delegation=True, quorum_percent=0)
    a, b, c = (join_chapter(world, f"{n}@example.org", n.title()) for n in ("ana", "bo", "cy"))
    return a, b, c


def test_delegated_votes_follow_the_chain_to_the_first_member_who_voted(world):
    a, b, c = delegation_world(world)
    services.delegation_set(union=world.union, delegator=a, delegate=b)
    services.delegation_set(union=world.union, delegator=b, delegate=c)
    proposal = vote_now(draft(world), world.organiser)
    services.ballot_cast(proposal=proposal, user=c, choice={"vote": "no"})
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.result["counts"] == {"no": 3, "yes": 1}
    assert proposal.result["delegation"] | {"weights": []} == {
        "delegated": 2, "delegates": 1, "largest": 2, "weights": []}
    assert Ballot.objects.filter(proposal=proposal, delegated=True).count() == 2
    assert not Voter.objects.filter(proposal=proposal, sealed_choice__isnull=False).exists()
    proposal.refresh_from_db()
    assert proposal.seal_salt is None  # the key to the seals is gone


def test_voting_directly_overrides_a_delegation(world):
    a, b, c = delegation_world(world)
    services.delegation_set(union=world.union, delegator=a, delegate=b)
    proposal = vote_now(draft(world), world.organiser)
    services.ballot_cast(proposal=proposal, user=b, choice={"vote": "no"})
    services.ballot_cast(proposal=proposal, user=a, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.result["counts"] == {"no": 1, "yes": 1}
    assert proposal.result["delegation"]["delegated"] == 0


def test_votes_in_a_delegation_loop_without_a_voter_are_not_counted(world):
    a, b, c = delegation_world(world)
    services.delegation_set(union=world.union, delegator=a, delegate=b)
    services.delegation_set(union=world.union, delegator=b, delegate=a)
    services.delegation_set(union=world.union, delegator=c, delegate=world.member)
    proposal = vote_now(draft(world), world.organiser)
    services.ballot_cast(proposal=proposal, user=world.organiser, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    # c's delegate did not vote either: nothing carried.
    assert proposal.result["counts"] == {"yes": 1}


def test_an_open_vote_names_each_delegates_weight(world):
    a, b, c = delegation_world(world)
    services.delegation_set(union=world.union, delegator=a, delegate=c)
    services.delegation_set(union=world.union, delegator=b, delegate=c)
    proposal = vote_now(draft(world, secret=False), world.organiser)
    services.ballot_cast(proposal=proposal, user=c, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.result["delegation"]["weights"] == [{"delegate": "Cy", "votes": 2}]


def test_a_chapter_delegation_comes_before_the_union_wide_one(world):
    a, b, c = delegation_world(world)
    services.delegation_set(union=world.union, delegator=a, delegate=b)
    services.delegation_set(union=world.union, delegator=a, delegate=c, chapter=world.chapter)
    proposal = vote_now(draft(world), world.organiser)
    assert Voter.objects.get(proposal=proposal, user=a).delegate == c


def test_delegation_is_ignored_when_the_union_has_not_turned_it_on(world):
    a, b, _c = (join_chapter(world, f"{n}@example.org") for n in ("x", "y", "z"))
    services.delegation_set(union=world.union, delegator=a, delegate=b)
    proposal = vote_now(draft(world), world.organiser)
    assert not Voter.objects.filter(proposal=proposal, delegate__isnull=False).exists()


def test_a_passed_proposal_changes_a_union_setting_and_the_audit_chain_says_so(world):
    proposal = vote_now(draft(world, action_kind="setting_change",
                              action_params={"setting": "delegation", "value": True}),
                        world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.phase == Phase.ENACTED
    assert GovernanceSettings.objects.get(union=world.union).delegation is True
    assert AuditEntry.objects.filter(action="proposal.enacted").exists()
    assert AuditEntry.objects.filter(action="governance.settings_changed").exists()


def test_an_action_that_cannot_be_done_is_refused_when_drafted(world):
    with pytest.raises(SumaError):
        draft(world, action_kind="setting_change",
              action_params={"setting": "quorum_percent", "value": 140})
    with pytest.raises(SumaError):
        draft(world, action_kind="stewards_elect")  # needs an STV ballot with candidates


def test_a_failed_proposal_is_not_enacted(world):
    proposal = vote_now(draft(world, action_kind="text_adopt"), world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "no"})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.phase == Phase.CLOSED and proposal.outcome == Outcome.FAILED
    assert not AdoptedText.objects.exists()


def test_a_passed_text_is_adopted(world):
    proposal = vote_now(draft(world, action_kind="text_adopt"), world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    assert AdoptedText.objects.get().title == "Stop the deactivations"


def test_an_stv_election_makes_its_winners_stewards(world):
    voters = [join_chapter(world, f"e{i}@example.org", f"Voter {i}") for i in range(6)]
    candidates = [Membership.objects.get(union=world.union, user=u) for u in voters[:4]]
    proposal = vote_now(draft(world, chapter=None, kind=Kind.STV, seats=2,
                              candidates=candidates, action_kind="stewards_elect"),
                        world.organiser)
    rankings = [[1, 2], [1, 2], [2, 1], [2, 3], [3, 1], [1, 3]]
    for user, ranking in zip(voters, rankings, strict=True):
        services.ballot_cast(proposal=proposal, user=user, choice={"ranking": ranking})
    services.proposal_close(proposal=proposal, early=True)
    assert proposal.phase == Phase.ENACTED
    stewards = set(Membership.objects.filter(union=world.union, role=UnionRole.STEWARD)
                   .values_list("user__name", flat=True))
    assert {"Voter 0", "Voter 1"} <= stewards
    assert proposal.action_outcome["elected"] == proposal.result["tally"]["winners"]


def test_members_hear_of_the_proposal_the_vote_the_reminder_and_the_result(
        world, run_jobs, django_capture_on_commit_callbacks):
    proposal = draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_publish(proposal=proposal, by=world.organiser)
        services.proposal_open_voting(proposal=proposal, by=world.organiser,
                                      voting_closes_at=timezone.now() + timedelta(hours=12))
        services.ballot_cast(proposal=proposal, user=world.organiser, choice={"vote": "yes"})
        assert services.voting_reminders_send() == 1
        assert services.voting_reminders_send() == 0  # once only
        services.proposal_close(proposal=proposal, early=True)
    run_jobs()
    titles = list(Notification.objects.filter(user=world.member, category="decisions")
                  .order_by("id").values_list("title", flat=True))
    assert [t.split(":")[0] for t in titles] == [
        "New proposal for discussion", "Voting is open",
        "Voting closes within 24 hours and you have not voted", "Result of the vote"]
    organiser_titles = Notification.objects.filter(user=world.organiser, category="decisions")
    assert not organiser_titles.filter(title__startswith="Voting closes").exists()


def test_closing_stores_the_ballots_again_in_random_order(world):
    voters = [join_chapter(world, f"r{i}@example.org") for i in range(30)]
    proposal = vote_now(draft(world, kind=Kind.PLURALITY, options=["A", "B", "C"]),
                        world.organiser)
    for i, user in enumerate(voters):
        services.ballot_cast(proposal=proposal, user=user, choice={"option": i % 3 + 1})
    order_before = _physical_order(proposal)
    services.proposal_close(proposal=proposal, early=True)
    assert sorted(order_before) == sorted(_physical_order(proposal))
    assert order_before != _physical_order(proposal)


def _physical_order(proposal) -> list[str]:
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt_hash FROM governance_ballot WHERE proposal_id = %s "
                       f"ORDER BY {column}", [proposal.pk])
        return [row[0] for row in cursor.fetchall()]


def test_a_ballot_cast_after_the_close_began_is_refused_not_lost(world):
    proposal = vote_now(draft(world), world.organiser)
    stale = type(proposal).objects.get(pk=proposal.pk)  # what a request read before the close
    services.ballot_cast(proposal=proposal, user=world.organiser, choice={"vote": "yes"})
    services.proposal_close(proposal=proposal, early=True)
    with pytest.raises(SumaError) as refused:
        services.ballot_cast(proposal=stale, user=world.member, choice={"vote": "yes"})
    assert refused.value.code == "closed"
    assert Ballot.objects.filter(proposal=proposal).count() == 1


def test_a_chapter_delegate_must_be_in_that_chapter(world):
    with pytest.raises(SumaError, match="member of that chapter"):
        services.delegation_set(union=world.union, delegator=world.member,
                                delegate=world.other_organiser, chapter=world.chapter)
