"""Pledges and strikes through their services: the states, the exact count, activation once,
withdrawal, confidentiality, check-ins, the follow-up, the jobs and their notifications."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from suma.campaigns.models import EventKind, TimelineEvent
from suma.campaigns.repertoire import TACTICS, tactic_uses
from suma.core.errors import NotAllowed, SumaError
from suma.core.models import AuditEntry, Notification
from suma.governance import services as governance
from suma.governance.models import Outcome
from suma.members import services as members
from suma.tactics.pledges import selectors, services
from suma.tactics.pledges.models import (
    CheckIn,
    Pledge,
    PledgeKind,
    PledgeSignup,
    PledgeStatus,
)
from suma.tactics.pledges.tasks import pledges_advance, pledges_remind
from tests.conftest import build_world, make_user, outbox_messages
from tests.governance.world import vote_now
from tests.pledges.world import activated_in_window, finished, make_campaign, make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return make_campaign(world)


def _text(message) -> str:
    return message["Subject"] + message.get_body(preferencelist=("plain",)).get_content()


def run_jobs(capture) -> None:
    """Run the background jobs as the worker would, and the jobs those jobs enqueue."""
    from suma.core.worker import run_worker

    for _round in range(3):
        with capture(execute=True):
            run_worker(batch=True, interval=0)


def join(world, *names, chapter=None):
    people = []
    for name in names:
        user = make_user(f"{name.lower().replace(' ', '.')}@example.org", name)
        place = members.chapter_apply(chapter=chapter or world.chapter, user=user)
        members.application_approve(application=place, by=world.steward)
        people.append(user)
    return people


def test_a_pledge_is_a_draft_until_an_organiser_launches_it(world, campaign):
    pledge = make_pledge(world, campaign, launch=False)
    assert pledge.status == PledgeStatus.DRAFT
    with pytest.raises(SumaError, match="not open yet"):
        services.pledge_sign(pledge=pledge, user=world.member)
    services.pledge_launch(pledge=pledge, by=world.organiser)
    assert pledge.status == PledgeStatus.COLLECTING
    event = TimelineEvent.objects.get(campaign=campaign)
    assert event.kind == EventKind.LAUNCH and pledge.title in event.title
    with pytest.raises(SumaError, match="already launched"):
        services.pledge_launch(pledge=pledge, by=world.organiser)


def test_bad_terms_are_refused_with_the_field_at_fault(world, campaign):
    now = timezone.now()
    base = {"union": world.union, "campaign": campaign, "chapter": world.chapter,
            "by": world.organiser, "title": "T", "action": "A", "threshold": 5,
            "deadline": now + timedelta(days=1), "starts_at": now + timedelta(days=1),
            "ends_at": now + timedelta(days=2)}
    cases = [({"threshold": 0}, "threshold"), ({"deadline": now - timedelta(hours=1)}, "deadline"),
             ({"starts_at": now + timedelta(hours=1)}, "starts_at"),
             ({"ends_at": now + timedelta(days=1)}, "ends_at"), ({"action": " "}, "action"),
             ({"kind": PledgeKind.STRIKE}, "strike_action"),
             ({"kind": PledgeKind.STRIKE, "strike_action": "log_out"}, "target")]
    for change, field in cases:
        with pytest.raises(SumaError) as refused:
            services.pledge_create(**{**base, **change})
        assert refused.value.field == field, change
    assert not Pledge.objects.exists()


def test_the_pledge_that_reaches_the_threshold_activates_it_then_and_there(world, campaign):
    ana, bo = join(world, "Ana Quispe", "Bo Lin")
    pledge = make_pledge(world, campaign, threshold=3)
    services.pledge_sign(pledge=pledge, user=ana)
    services.pledge_sign(pledge=pledge, user=bo)
    assert pledge.status == PledgeStatus.COLLECTING and pledge.pledge_count == 2
    with transaction.atomic():
        services.pledge_sign(pledge=pledge, user=world.member)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ACTIVATED and pledge.activated_at is not None
    assert pledge.pledge_count == 3
    assert TimelineEvent.objects.filter(campaign=campaign, kind=EventKind.ACTIVATION).count() == 1
    assert AuditEntry.objects.filter(action="pledge.activated").count() == 1
    with pytest.raises(SumaError, match="already activated"):
        services.pledge_sign(pledge=pledge, user=world.organiser)


def test_pledging_twice_after_the_deadline_or_outside_the_scope_is_refused_clearly(world,
                                                                                 campaign):
    pledge = make_pledge(world, campaign, threshold=10)
    services.pledge_sign(pledge=pledge, user=world.member)
    with pytest.raises(SumaError, match="already pledged") as twice:
        services.pledge_sign(pledge=pledge, user=world.member)
    assert twice.value.code == "already_pledged"
    for outsider in (world.outsider, world.applicant, world.other_organiser, world.steward):
        with pytest.raises(NotAllowed, match="Only active members of Click workers"):
            services.pledge_sign(pledge=pledge, user=outsider)
    with pytest.raises(SumaError, match="deadline for this pledge has passed") as late:
        services.pledge_sign(pledge=pledge, user=world.organiser,
                             now=pledge.deadline + timedelta(seconds=1))
    assert late.value.code == "deadline_passed"
    pledge.refresh_from_db()
    assert pledge.pledge_count == 1


def test_the_database_holds_one_active_signup_per_pledger(world, campaign):
    pledge = make_pledge(world, campaign)
    PledgeSignup.objects.create(pledge=pledge, user=world.member, created_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeSignup.objects.create(pledge=pledge, user=world.member, created_at=timezone.now())


def test_withdrawing_before_activation_takes_the_pledge_off_the_count(world, campaign):
    (ana,) = join(world, "Ana Quispe")
    pledge = make_pledge(world, campaign, threshold=2)
    services.pledge_sign(pledge=pledge, user=world.member)
    services.pledge_withdraw(pledge=pledge, user=world.member)
    assert pledge.pledge_count == 0
    with pytest.raises(SumaError, match="have not pledged"):
        services.pledge_withdraw(pledge=pledge, user=world.member)
    # Pledging again is allowed, and activation follows the true count.
    services.pledge_sign(pledge=pledge, user=world.member)
    assert pledge.status == PledgeStatus.COLLECTING and pledge.pledge_count == 1
    services.pledge_sign(pledge=pledge, user=ana)
    assert pledge.status == PledgeStatus.ACTIVATED
    with pytest.raises(SumaError, match="already activated"):
        services.pledge_withdraw(pledge=pledge, user=ana)
    assert PledgeSignup.objects.filter(pledge=pledge).count() == 3  # the withdrawn one stays


def test_a_pledge_short_at_its_deadline_fails_and_its_pledgers_hear_it(world, campaign,
                                                                       django_capture_on_commit_callbacks):
    past = timezone.now() - timedelta(days=2)
    pledge = make_pledge(world, campaign, threshold=5, now=past, deadline_in=timedelta(days=1))
    services.pledge_sign(pledge=pledge, user=world.member, now=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pledges_advance() == {"failed": 1, "in_effect": 0, "finished": 0}
    run_jobs(django_capture_on_commit_callbacks)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FAILED and pledge.activated_at is None
    assert TimelineEvent.objects.filter(campaign=campaign, kind=EventKind.OUTCOME).exists()
    assert Notification.objects.filter(user=world.member, title__startswith="Not enough").exists()
    assert services.pledges_advance()["failed"] == 0


def test_an_activated_pledge_goes_in_effect_then_finishes_and_asks_did_you_do_it(
        world, campaign, django_capture_on_commit_callbacks):
    past = timezone.now() - timedelta(days=3)
    pledge = make_pledge(world, campaign, threshold=1, now=past, deadline_in=timedelta(days=1),
                         window=timedelta(days=5))
    services.pledge_sign(pledge=pledge, user=world.member, now=past)
    assert services.pledges_advance()["in_effect"] == 1
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.IN_EFFECT
    services.check_in(pledge=pledge, user=world.member)
    with pytest.raises(SumaError, match="already checked in today"):
        services.check_in(pledge=pledge, user=world.member)
    with pytest.raises(NotAllowed):
        services.check_in(pledge=pledge, user=world.organiser)
    with pytest.raises(SumaError, match="when the window is over"):
        services.followup_answer(pledge=pledge, user=world.member, answer="yes")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pledges_advance(now=pledge.ends_at)["finished"] == 1
    run_jobs(django_capture_on_commit_callbacks)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FINISHED
    assert Notification.objects.filter(user=world.member, title__startswith="Did you do it?")
    services.followup_answer(pledge=pledge, user=world.member, answer="partly",
                             now=pledge.ends_at)
    assert selectors.followup_summary(pledge=pledge) == {
        "yes": 0, "partly": 1, "no": 0, "answered": 1, "pledgers": 1}
    with pytest.raises(NotAllowed):
        services.followup_answer(pledge=pledge, user=world.organiser, answer="yes",
                                 now=pledge.ends_at)


def test_one_check_in_per_member_per_day_is_a_database_rule(world, campaign):
    pledge = activated_in_window(world, campaign, pledgers=[world.member])
    CheckIn.objects.create(pledge=pledge, user=world.member, day=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(pledge=pledge, user=world.member, day=timezone.localdate())


def test_participation_counts_check_ins_per_day_against_the_pledgers(world, campaign):
    (ana,) = join(world, "Ana Quispe")
    pledge = activated_in_window(world, campaign, pledgers=[world.member, ana])
    services.check_in(pledge=pledge, user=ana)
    days = selectors.participation(pledge=pledge)
    assert days[-1] == (timezone.localdate(), 1, 2)
    assert all(pledgers == 2 for _d, _c, pledgers in days)
    assert sum(c for _d, c, _p in days) == 1


def test_everyone_hears_its_on_once_and_the_email_reaches_the_outbox(world, campaign,
                                                                     settings,
                                                                     django_capture_on_commit_callbacks):
    people = join(world, "Ana Quispe", "Bo Lin")
    pledge = make_pledge(world, campaign, threshold=3)
    for user in people:
        services.pledge_sign(pledge=pledge, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_sign(pledge=pledge, user=world.member)
    run_jobs(django_capture_on_commit_callbacks)
    for user in [*people, world.member]:
        told = Notification.objects.filter(user=user, url=pledge.get_absolute_url())
        assert [n.title for n in told] == [f"It's on: {pledge.title}"]
    assert PledgeSignup.objects.filter(pledge=pledge, told_activated=True).count() == 3
    # A job run again tells nobody twice.
    assert services.pledge_announce_send(pledge=pledge, event="activated") == 0
    # Campaign news leaves as digests: the message names the campaign, and holds the news.
    mails = [m for m in outbox_messages(settings) if f"It's on: {pledge.title}" in _text(m)]
    assert sorted(m["To"] for m in mails) == sorted(u.email for u in [*people, world.member])


def test_organisers_get_a_nudge_when_the_projection_falls_short_at_most_once_a_day(
        world, campaign, django_capture_on_commit_callbacks):
    launched = timezone.now() - timedelta(days=5)
    pledge = make_pledge(world, campaign, threshold=100, now=launched,
                         deadline_in=timedelta(days=10))
    services.pledge_sign(pledge=pledge, user=world.member, now=launched + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pledges_remind()["nudge"] == 1
    run_jobs(django_capture_on_commit_callbacks)
    assert Notification.objects.filter(user=world.organiser,
                                       title__contains="falls short").count() == 1
    assert not Notification.objects.filter(user=world.member, title__contains="falls short")
    assert "nudge" not in services.pledges_remind()
    assert services.pledges_remind(now=timezone.now() + timedelta(days=1, minutes=1)).get(
        "nudge") == 1


def test_a_pledge_on_course_gets_no_nudge(world, campaign):
    launched = timezone.now() - timedelta(days=1)
    pledge = make_pledge(world, campaign, threshold=2, now=launched,
                         deadline_in=timedelta(days=10))
    services.pledge_sign(pledge=pledge, user=world.member, now=launched + timedelta(hours=1))
    assert "nudge" not in services.pledges_remind()


def test_pledgers_are_reminded_of_the_deadline_once_and_prompted_to_check_in_daily(
        world, campaign):
    pledge = make_pledge(world, campaign, threshold=5, deadline_in=timedelta(hours=30))
    services.pledge_sign(pledge=pledge, user=world.member)
    assert services.pledges_remind()["deadline"] == 1
    assert "deadline" not in services.pledges_remind()
    window = activated_in_window(world, campaign, pledgers=[world.organiser])
    assert services.pledges_remind()["check_in"] == 1
    assert "check_in" not in services.pledges_remind()
    tomorrow = timezone.now() + timedelta(days=1)
    assert tomorrow < window.ends_at
    assert services.pledges_remind(now=tomorrow)["check_in"] == 1


def test_the_periodic_jobs_are_registered():
    from suma.core.periodic import PERIODIC

    assert pledges_advance.module_path in PERIODIC and pledges_remind.module_path in PERIODIC


def test_confidential_pledges_show_no_names_until_activation_then_to_pledgers_only(world,
                                                                                   campaign):
    (ana,) = join(world, "Ana Quispe")
    pledge = make_pledge(world, campaign, threshold=2, confidential=True)
    services.pledge_sign(pledge=pledge, user=world.member)
    for who in world.roles().values():
        if who is not None:
            assert not who.has_perm("pledges.view_pledgers", pledge)
    services.pledge_sign(pledge=pledge, user=ana)
    pledge.refresh_from_db()
    assert world.member.has_perm("pledges.view_pledgers", pledge)
    assert ana.has_perm("pledges.view_pledgers", pledge)
    for who in (world.organiser, world.steward, world.outsider):
        assert not who.has_perm("pledges.view_pledgers", pledge)
    assert sorted(selectors.pledger_names(pledge=pledge)) == ["Achieng Atieno", "Ana Quispe"]


def test_an_open_pledge_shows_its_pledgers_to_union_members(world, campaign):
    pledge = make_pledge(world, campaign, threshold=5)
    services.pledge_sign(pledge=pledge, user=world.member)
    assert world.other_organiser.has_perm("pledges.view_pledgers", pledge)
    assert not world.outsider.has_perm("pledges.view_pledgers", pledge)


def test_strikes_in_effect_name_their_target_action_and_window(world, campaign):
    past = timezone.now() - timedelta(days=3)
    strike = make_pledge(world, campaign, kind=PledgeKind.STRIKE, threshold=1, now=past,
                         deadline_in=timedelta(days=1), window=timedelta(days=5))
    assert not selectors.strikes_in_effect().exists()
    services.pledge_sign(pledge=strike, user=world.member, now=past)
    assert list(selectors.strikes_in_effect()) == [strike]
    assert list(selectors.strikes_in_effect(organisation=strike.target)) == [strike]
    assert not selectors.strikes_in_effect(at=strike.ends_at).exists()
    assert not selectors.strikes_in_effect(at=strike.starts_at - timedelta(seconds=1)).exists()
    make_pledge(world, campaign, threshold=1)  # a plain pledge is never a strike
    assert selectors.strikes_in_effect().count() == 1


def test_a_union_may_require_a_passed_proposal_to_launch_a_strike(world, campaign):
    governance.settings_update(union=world.union, by=world.steward,
                               values={"strikes_need_proposal": True})
    strike = make_pledge(world, campaign, kind=PledgeKind.STRIKE, launch=False)
    with pytest.raises(NotAllowed, match="passed proposal") as refused:
        services.pledge_launch(pledge=strike, by=world.organiser)
    assert refused.value.code == "proposal_needed"
    plain = make_pledge(world, campaign, launch=False)
    services.pledge_launch(pledge=plain, by=world.organiser)  # only strikes need one
    proposal = governance.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser, title="Strike!",
        body="Stop tasks on Friday.", quorum_percent=0, action_kind="strike_launch",
        action_params={"pledge": strike.pk})
    vote_now(proposal, world.organiser)
    governance.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    governance.proposal_close(proposal=proposal, early=True)
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.PASSED and proposal.action_outcome["ok"], \
        proposal.action_outcome
    strike.refresh_from_db()
    assert strike.status == PledgeStatus.COLLECTING


def test_the_strike_launch_action_is_checked_when_the_proposal_is_drafted(world, campaign):
    plain = make_pledge(world, campaign, launch=False)
    for params in ({}, {"pledge": "x"}, {"pledge": plain.pk}, {"pledge": 999999}):
        with pytest.raises(SumaError):
            governance.proposal_create(union=world.union, chapter=None, author=world.steward,
                                       title="Strike", body="b", action_kind="strike_launch",
                                       action_params=params)


def test_the_strike_setting_is_one_a_vote_can_change(world):
    assert "strikes_need_proposal" in governance.SETTINGS
    assert governance.setting_value(name="strikes_need_proposal", value=True) is True


def test_pledges_and_strikes_are_on_the_repertoire_with_their_figures(world, campaign):
    assert {"pledge", "strike"} <= set(TACTICS)
    (ana,) = join(world, "Ana Quispe")
    done = finished(world, campaign, pledgers=[world.member, ana])
    make_pledge(world, campaign, launch=False)  # drafts are not uses
    uses = [u for u in tactic_uses(campaign=campaign) if u.tactic == "pledge"]
    assert len(uses) == 1
    use = uses[0]
    assert use.figures["pledges"] == 2 and use.figures["threshold"] == 2
    assert use.figures["activated"] == 1 and use.succeeded is True
    assert use.series[0][1] == 2 and use.url == done.get_absolute_url()


def test_past_success_rates_are_grouped_by_threshold_size(world, campaign):
    finished(world, campaign, pledgers=[world.member])
    past = timezone.now() - timedelta(days=3)
    short = make_pledge(world, campaign, threshold=5, now=past, deadline_in=timedelta(days=1))
    services.pledges_advance()
    short.refresh_from_db()
    assert short.status == PledgeStatus.FAILED
    (band,) = selectors.success_rates(union=world.union)
    assert (band.low, band.high, band.succeeded, band.ended) == (1, 9, 1, 2)


def test_the_daily_series_counts_pledges_and_withdrawals_on_their_days(world, campaign):
    (ana,) = join(world, "Ana Quispe")
    launched = timezone.now() - timedelta(days=3)
    pledge = make_pledge(world, campaign, threshold=5, now=launched)
    services.pledge_sign(pledge=pledge, user=world.member, now=launched)
    services.pledge_sign(pledge=pledge, user=ana, now=launched + timedelta(days=1))
    services.pledge_withdraw(pledge=pledge, user=world.member, now=launched + timedelta(days=2))
    counts = [n for _day, n in selectors.daily_pledges(pledge=pledge)]
    assert counts[:3] == [1, 2, 1]


def test_the_demo_adds_a_collecting_strike_to_the_facebook_campaign(world):
    from suma.tactics.pledges.demo import pledges_demo_load

    pledges_demo_load(union=world.union)  # no such campaign: nothing happens
    assert not Pledge.objects.exists()


# Concurrency -----------------------------------------------------------------------------

def _in_threads(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    results: list = []

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.mark.django_db(transaction=True)
def test_the_pledge_activates_exactly_once_when_the_threshold_is_crossed_concurrently():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads on an in-memory SQLite database fail with 'table is locked' "
                    "instead of waiting; run with SUMA_TEST_DATABASE_NAME=<file>")
    from suma.core.worker import run_worker

    world = build_world()
    campaign = make_campaign(world)
    people = join(world, *[f"Pledger {i}" for i in range(24)])
    pledge = make_pledge(world, campaign, threshold=20)
    # Half of those who pledge withdraw at once, so the count moves both ways in the race.
    early = people[:4]
    for user in early:
        services.pledge_sign(pledge=pledge, user=user)
    jobs = [lambda u=u: services.pledge_sign(pledge=Pledge.objects.get(pk=pledge.pk), user=u)
            for u in people[4:]]
    jobs += [lambda u=u: services.pledge_withdraw(pledge=Pledge.objects.get(pk=pledge.pk),
                                                   user=u) for u in early[:2]]
    results = _in_threads(jobs)
    errors = [r for r in results if isinstance(r, BaseException)]
    # Withdrawals that came after activation are refused; nothing else fails.
    assert all(isinstance(e, SumaError) and e.code == "activated" for e in errors), errors
    pledge.refresh_from_db()
    active = PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True).count()
    assert pledge.pledge_count == active
    assert pledge.status == PledgeStatus.ACTIVATED
    assert TimelineEvent.objects.filter(campaign=campaign, kind=EventKind.ACTIVATION).count() == 1
    assert AuditEntry.objects.filter(action="pledge.activated").count() == 1
    first = pledge.activated_at
    run_worker(batch=True, interval=0)
    pledge.refresh_from_db()
    assert pledge.activated_at == first
    for signup in PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True):
        assert Notification.objects.filter(user=signup.user,
                                           url=pledge.get_absolute_url()).count() == 1
    # Activation happened at the 20th valid pledge, never earlier.
    assert active >= 20


def test_the_demo_union_has_a_confidential_strike_still_collecting():
    from suma.members.demo import demo_load

    union = demo_load()
    (strike,) = Pledge.objects.filter(union=union, campaign__slug="facebook-transparency")
    assert strike.kind == PledgeKind.STRIKE and strike.status == PledgeStatus.COLLECTING
    assert 0 < strike.pledge_count < strike.threshold and strike.confidential
    demo_load()  # again: nothing added
    assert Pledge.objects.filter(union=union).count() == 1
