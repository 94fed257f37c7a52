"""Campaigns through their services: targets, statuses and the timeline, grievance lists,
demands adopted by a vote, muting, digests and the repertoire figures."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from suma.campaigns import selectors, services
from suma.campaigns.models import (
    Campaign,
    CampaignMute,
    CampaignStatus,
    DemandEvent,
    DemandStatus,
    EventKind,
)
from suma.campaigns.repertoire import TACTICS, TacticUse, register_tactic
from suma.core.audit import audit_verify
from suma.core.errors import SumaError
from suma.core.mail import notification_digests_deliver
from suma.core.models import AuditEntry, Notification
from suma.core.notifications import notify, preference_set
from suma.governance import services as governance
from suma.governance.models import Phase
from tests.campaigns.world import campaign, target
from tests.conftest import outbox_messages
from tests.governance.world import vote_now

pytestmark = pytest.mark.django_db


# -- The directory -----------------------------------------------------------------------------

def test_the_directory_refuses_a_second_entry_of_the_same_name_in_the_same_country(world):
    target(world, name="Uber B.V.", country="NL")
    with pytest.raises(SumaError) as error:
        target(world, name="Uber B.V.", country="nl")
    assert error.value.field == "name"
    assert target(world, name="Uber B.V.", country="US").country == "US"


@pytest.mark.parametrize(("field", "value"), [("country", "Ireland"), ("website", "ftp://x"),
                                              ("email", "not an email"), ("name", " "),
                                              ("kind", "bank")])
def test_a_directory_entry_with_a_bad_field_is_refused_on_that_field(world, field, value):
    values = {"name": "Data Protection Commission", "kind": "regulator", "country": "IE"}
    with pytest.raises(SumaError) as error:
        services.organisation_create(by=world.steward, **(values | {field: value}))
    assert error.value.field == field


def test_the_directory_is_searched_by_text_kind_and_country(world):
    target(world, name="Meta Platforms Ireland", country="IE")
    services.organisation_create(by=world.steward, name="Data Protection Commission",
                                 kind="regulator", country="IE")
    services.organisation_create(by=world.steward, name="Federal Trade Commission",
                                 kind="regulator", country="US")
    names = lambda **kw: [o.name for o in selectors.organisation_list(**kw)]  # noqa: E731
    assert names(q="commission") == ["Data Protection Commission", "Federal Trade Commission"]
    assert names(kind="regulator", country="ie") == ["Data Protection Commission"]
    assert names(kind="platform") == ["Meta Platforms Ireland"]


# -- Campaigns and the timeline ----------------------------------------------------------------

def test_a_campaign_starts_as_a_draft_and_its_launch_is_a_system_event(world):
    found = campaign(world, launch=False)
    assert found.status == CampaignStatus.DRAFT and not found.events.exists()
    assert found not in selectors.campaign_list(union=world.union)
    services.campaign_status_set(campaign=found, by=world.organiser, status="active")
    launch = found.events.get()
    assert launch.kind == EventKind.LAUNCH and launch.by is None
    assert found.launched_at is not None
    assert found in selectors.campaign_list(union=world.union)
    assert AuditEntry.objects.filter(action="campaign.status_changed").exists()
    assert audit_verify() is None


def test_a_campaign_cannot_launch_without_a_target(world):
    found = services.campaign_create(union=world.union, by=world.organiser, title="No target")
    with pytest.raises(SumaError) as error:
        services.campaign_status_set(campaign=found, by=world.organiser, status="active")
    assert error.value.field == "targets"
    found.refresh_from_db()
    assert found.status == CampaignStatus.DRAFT


@pytest.mark.parametrize(("path", "refused"), [
    (["active", "won", "active", "paused", "lost"], None),
    (["active", "draft"], "draft"),
    (["won"], "won"),
    (["active", "won", "lost"], "lost"),
])
def test_statuses_move_only_along_the_allowed_paths(world, path, refused):
    found = campaign(world, launch=False)
    for status in path:
        if status == refused:
            with pytest.raises(SumaError):
                services.campaign_status_set(campaign=found, by=world.organiser,
                                             status=status)
            return
        services.campaign_status_set(campaign=found, by=world.organiser, status=status)
        assert found.status == status
        assert (found.ended_at is not None) == (status in ("won", "lost"))
    assert found.events.count() == len(path)


def test_slugs_are_made_from_titles_unique_and_never_a_page_name(world):
    a = services.campaign_create(union=world.union, by=world.organiser, title="Targets")
    b = services.campaign_create(union=world.union, by=world.organiser, title="Targets")
    assert a.slug == "targets-campaign" and b.slug == "targets-campaign-2"
    for bad in ("new", "Not A Slug", "repertoire"):
        with pytest.raises(SumaError):
            services.campaign_create(union=world.union, by=world.organiser, title="x",
                                     slug=bad)


def test_organisers_events_and_suma_events_are_told_apart_on_the_timeline(world):
    found = campaign(world)
    services.timeline_event_add(campaign=found, kind="response", title="Meta answers",
                                link="https://example.org/answer", by=world.organiser,
                                happened_at=timezone.now() - timedelta(days=1))
    kinds = [(e.kind, e.by_id) for e in selectors.timeline(campaign=found)]
    assert kinds == [("launch", None), ("response", world.organiser.pk)]
    with pytest.raises(SumaError):
        services.timeline_event_add(campaign=found, kind="rumour", title="?")
    with pytest.raises(SumaError):
        services.timeline_event_add(campaign=found, kind="note", title="x", link="javascript:1")


# -- Grievance lists ---------------------------------------------------------------------------

def test_demands_are_numbered_in_their_section_and_start_proposed_with_a_history(world):
    found = campaign(world, demands=3)
    sections = selectors.grievance_list(campaign=found)
    demands = list(sections[0].demands.all())
    assert [d.code for d in demands] == ["A1", "A2", "A3"]
    assert all(d.status == "proposed" and len(d.history.all()) == 1 for d in demands)
    with pytest.raises(SumaError) as error:
        services.demand_create(section=sections[0], text="Again", number=2, by=None)
    assert error.value.field == "number"
    with pytest.raises(SumaError):
        services.section_create(campaign=found, code="a", title="Duplicate code")


def test_a_demand_status_is_dated_with_evidence_and_its_latest_date_wins(world):
    found = campaign(world)
    demand = selectors.grievance_list(campaign=found)[0].demands.first()
    services.demand_status_set(demand=demand, by=world.organiser, status="met",
                               on=date(2024, 5, 1), evidence_url="https://example.org/met")
    # Recorded afterwards, but dated before: the history reorders, the status stays met.
    services.demand_status_set(demand=demand, by=world.organiser, status="acknowledged",
                               on=date(2024, 3, 1), note="They wrote back.")
    demand.refresh_from_db()
    history = list(demand.history.order_by("on", "pk").values_list("status", flat=True))
    assert demand.status == "met"
    assert history[-2:] == ["acknowledged", "met"]
    assert found.events.filter(kind=EventKind.DEMAND).count() == 2
    with pytest.raises(SumaError) as error:
        services.demand_status_set(demand=demand, by=None, status="met",
                                   on=timezone.localdate() + timedelta(days=2))
    assert error.value.field == "on"


# -- Enactment: a passed proposal adopts demands -----------------------------------------------

def _adoption(world, found, demand_ids, *, pass_it=True):
    proposal = governance.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser,
        title="Adopt our first demands", body="A1 and A2.", quorum_percent=0,
        action_kind="demands_adopt",
        action_params={"campaign": found.pk, "demands": demand_ids})
    vote_now(proposal, world.organiser)
    governance.ballot_cast(proposal=proposal, user=world.member,
                           choice={"vote": "yes" if pass_it else "no"})
    return governance.proposal_close(proposal=proposal, early=True)


def test_a_passed_proposal_adopts_the_chosen_demands_with_a_link_to_it(world):
    found = campaign(world, demands=3)
    a1, a2, a3 = selectors.grievance_list(campaign=found)[0].demands.all()
    proposal = _adoption(world, found, [a1.pk, a2.pk])
    assert proposal.phase == Phase.ENACTED, proposal.action_outcome
    assert proposal.action_outcome["adopted"] == ["A1", "A2"]
    statuses = dict(found.sections.get().demands.values_list("number", "status"))
    assert statuses == {1: "adopted", 2: "adopted", 3: "proposed"}
    event = DemandEvent.objects.get(demand=a1, status="adopted")
    assert event.proposal_id == proposal.pk
    assert found.events.filter(kind=EventKind.MILESTONE).exists()


def test_a_failed_proposal_adopts_nothing(world):
    found = campaign(world)
    demand = found.sections.get().demands.first()
    _adoption(world, found, [demand.pk], pass_it=False)
    demand.refresh_from_db()
    assert demand.status == "proposed"


def test_adoption_is_checked_when_the_proposal_is_drafted(world):
    found = campaign(world)
    other = campaign(world, slug="other")
    foreign = other.sections.get().demands.first()
    cases = [({"campaign": found.pk, "demands": [foreign.pk]}, "demands"),
             ({"campaign": found.pk, "demands": []}, "demands"),
             ({"campaign": 999999, "demands": [foreign.pk]}, "campaign"),
             ({"demands": [foreign.pk]}, "campaign")]
    for params, field in cases:
        with pytest.raises(SumaError) as error:
            governance.proposal_create(union=world.union, chapter=None, author=world.steward,
                                       title="Adopt", body="x", action_kind="demands_adopt",
                                       action_params=params)
        assert error.value.field == field
    with pytest.raises(SumaError):  # a ranked ballot cannot adopt demands
        governance.proposal_create(union=world.union, chapter=None, author=world.steward,
                                   title="Adopt", body="x", kind="irv", options=["a", "b"],
                                   action_kind="demands_adopt",
                                   action_params={"campaign": found.pk,
                                                  "demands": [foreign.pk]})


# -- Campaign news: muting and digests ---------------------------------------------------------

def test_campaign_news_shows_at_once_and_leaves_by_email_in_one_digest(world, settings):
    found = campaign(world)
    other = campaign(world, slug="uber")
    for title in ("10,000 signatures", "Meta responds"):
        assert services.campaign_notify(campaign=found, user=world.member, title=title)
    services.campaign_notify(campaign=other, user=world.member, title="Strike is on")
    assert Notification.objects.filter(user=world.member, category="campaigns").count() == 3
    assert outbox_messages(settings) == []  # nothing left at once
    assert notification_digests_deliver() == 1
    [mail] = outbox_messages(settings)
    text = mail.get_content()
    assert mail["To"] == world.member.email
    assert "10,000 signatures" in text and "Strike is on" in text
    assert text.index("Transparency for Facebook users") < text.index("Meta responds")
    assert text.count("/unsubscribe/") >= 2  # one per campaign, one for the category
    assert notification_digests_deliver() == 0  # each notification is mailed once


def test_other_categories_still_leave_at_once(world, settings, run_jobs,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.member, category="union", title="Welcome")
    run_jobs()
    assert [m["Subject"] for m in outbox_messages(settings)][-1].endswith("Welcome")
    assert not Notification.objects.filter(digest=True).exists()


def test_a_muted_campaign_sends_nothing_and_drops_what_was_pending(world, settings):
    found = campaign(world)
    services.campaign_notify(campaign=found, user=world.member, title="Pending news")
    services.campaign_mute(campaign=found, user=world.member)
    assert not services.campaign_notify(campaign=found, user=world.member, title="Muted")
    assert notification_digests_deliver() == 0
    assert outbox_messages(settings) == []
    services.campaign_unmute(campaign=found, user=world.member)
    assert services.campaign_notify(campaign=found, user=world.member, title="Back")
    assert notification_digests_deliver() == 1


def test_no_digest_for_members_who_turned_campaign_emails_off(world, settings):
    found = campaign(world)
    preference_set(user=world.member, category="campaigns", in_app=True, email=False)
    services.campaign_notify(campaign=found, user=world.member, title="On the site only")
    assert notification_digests_deliver() == 0
    assert Notification.objects.filter(user=world.member, read_at__isnull=True).exists()


def test_the_unsubscribe_link_of_a_digest_mutes_that_campaign_only(world, client):
    from suma.campaigns.notifications import campaign_unsubscribe_url

    found = campaign(world)
    other = campaign(world, slug="uber")
    url = campaign_unsubscribe_url(user_id=world.member.pk, campaign=found)
    path = url.split("://", 1)[-1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert not CampaignMute.objects.exists()
    assert client.post("/" + path).status_code == 200
    assert CampaignMute.objects.filter(campaign=found, user=world.member).exists()
    assert not CampaignMute.objects.filter(campaign=other).exists()
    # The link of one campaign does not work on another's address.
    assert client.post("/" + path.replace("/facebook/", "/uber/")).status_code == 400


# -- The repertoire ----------------------------------------------------------------------------

@pytest.fixture
def petition_like():
    """A tactic registered for the test, as the petitions app would register its own."""
    def uses(*, campaign):
        start = datetime(2024, 1, 1, tzinfo=UTC)
        return [TacticUse(tactic="test_petition", title=f"Petition of {campaign.slug}",
                          url="/", status="closed", started_at=start, ended_at=None,
                          figures={"signatures": 120, "goal": 100},
                          labels={"signatures": "Signatures", "goal": "Goal"},
                          succeeded=campaign.slug == "facebook",
                          series=((date(2024, 1, 1), 20), (date(2024, 1, 3), 120)))]

    register_tactic("test_petition", "Test petition", uses)
    yield
    TACTICS.pop("test_petition")


def test_the_union_repertoire_counts_uses_successes_and_demands_met(world, petition_like):
    won = campaign(world)
    lost = campaign(world, slug="uber")
    demand = won.sections.get().demands.first()
    services.demand_status_set(demand=demand, by=None, status="met", on=date(2024, 2, 1))
    refused = lost.sections.get().demands.first()
    services.demand_status_set(demand=refused, by=None, status="refused", on=date(2024, 2, 2))
    found = selectors.union_repertoire(union=world.union)
    [tactic] = [t for t in found["tactics"] if t["key"] == "test_petition"]
    assert (tactic["uses"], tactic["succeeded"], tactic["failed"]) == (2, 1, 1)
    assert tactic["success_rate"] == 50.0
    assert (tactic["demands_met"], tactic["demands_refused"], tactic["demands"]) == (1, 1, 4)
    outcomes = found["outcomes"]
    assert outcomes["now"]["met"] == 1 and outcomes["now"]["refused"] == 1
    assert outcomes["total"] == 4


def test_the_outcomes_over_time_follow_the_dated_history(world):
    found = campaign(world, demands=2)
    first, second = found.sections.get().demands.all()
    DemandEvent.objects.filter(demand__in=[first, second]).update(on=date(2024, 1, 1))
    services.demand_status_set(demand=first, by=None, status="adopted", on=date(2024, 1, 5))
    services.demand_status_set(demand=first, by=None, status="met", on=date(2024, 3, 1))
    rows = dict(selectors.demand_outcomes(campaigns=[found])["rows"])
    assert rows[date(2024, 1, 1)]["proposed"] == 2
    assert (rows[date(2024, 1, 5)]["proposed"], rows[date(2024, 1, 5)]["adopted"]) == (1, 1)
    assert (rows[date(2024, 3, 1)]["adopted"], rows[date(2024, 3, 1)]["met"]) == (0, 1)


def test_the_demo_builds_the_seed_campaign_once(world):
    from suma.campaigns.demo import campaigns_demo_load

    campaigns_demo_load(union=world.union)
    campaigns_demo_load(union=world.union)
    facebook = Campaign.objects.get(union=world.union, slug="facebook-transparency")
    assert facebook.status == CampaignStatus.ACTIVE
    codes = [(s.code, s.demands.count()) for s in facebook.sections.all()]
    assert codes == [("A", 9), ("B", 6), ("C", 2)]
    assert facebook.sections.get(code="C").demands.get(number=2).text == \
        "Facebook shuts down the Messenger Kids product."
    assert facebook.sections.get(code="B").demands.filter(status="adopted").exists()
    kinds = set(facebook.events.values_list("kind", flat=True))
    assert {"launch", "press", "response"} <= kinds
    beacon = Campaign.objects.get(union=world.union, slug="end-beacon")
    assert beacon.status == CampaignStatus.WON
    assert beacon.sections.get().demands.filter(status=DemandStatus.MET).exists()
    assert Campaign.objects.filter(union=world.union).count() == 2


def test_the_hourly_job_sends_the_digests(world, settings, run_jobs):
    from suma.core.periodic import PERIODIC

    assert PERIODIC["suma.core.tasks.notification_digests_send"].every == timedelta(hours=1)
    services.campaign_notify(campaign=campaign(world), user=world.member, title="Milestone")
    run_jobs()
    assert [m["To"] for m in outbox_messages(settings)] == [world.member.email]
