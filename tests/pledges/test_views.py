"""The pledge pages as people use them: pledge in one click, see the count and the state,
check in, answer the follow-up, draft and launch, and guidance on the target size."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from suma.governance import services as governance
from suma.tactics.pledges import services
from suma.tactics.pledges.models import Pledge, PledgeKind, PledgeStatus
from tests.pledges.test_services import join
from tests.pledges.world import activated_in_window, finished, make_campaign, make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return make_campaign(world)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_pledges_with_one_click_and_sees_the_count_move(world, campaign):
    pledge = make_pledge(world, campaign, threshold=3)
    member = client_of(world.member)
    page = member.get(pledge.get_absolute_url()).content.decode()
    assert "but only if 2 other members of Click workers pledge too by" in page
    assert "It activates the moment 3 members have pledged, every pledger counted." in page
    assert "I pledge" in page
    answer = member.post(f"{pledge.get_absolute_url()}pledge/", follow=True)
    page = answer.content.decode()
    assert "You pledged. Nobody is bound until enough have." in page
    assert "1 of 3 pledged" in page and "Withdraw my pledge" in page
    assert '<progress id="pledge-progress" max="3" value="1">' in page


def test_the_last_pledge_the_page_says_it_is_on(world, campaign):
    pledge = make_pledge(world, campaign, threshold=1)
    answer = client_of(world.member).post(f"{pledge.get_absolute_url()}pledge/", follow=True)
    page = answer.content.decode()
    assert "with you the pledge has activated" in page
    assert 'id="pledge-status">Activated<' in page


def test_pledging_after_the_deadline_says_so(world, campaign):
    pledge = make_pledge(world, campaign)
    Pledge.objects.filter(pk=pledge.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    page = client_of(world.member).post(f"{pledge.get_absolute_url()}pledge/",
                                        follow=True).content.decode()
    assert "The deadline for this pledge has passed." in page


def test_a_confidential_pledge_page_shows_the_count_and_no_name(world, campaign):
    (ana,) = join(world, "Ana Quispe")
    pledge = make_pledge(world, campaign, threshold=3, confidential=True)
    services.pledge_sign(pledge=pledge, user=ana)
    for who in (world.organiser, world.steward, ana):
        page = client_of(who).get(pledge.get_absolute_url()).content.decode()
        assert "1 of 3 pledged" in page and "Ana Quispe" not in page
        assert "only the count is shown until it activates" in page


def test_during_the_window_a_pledger_checks_in_and_the_chart_shows_it(world, campaign):
    pledge = activated_in_window(world, campaign, pledgers=[world.member])
    services.pledges_advance()
    member = client_of(world.member)
    page = member.get(pledge.get_absolute_url()).content.decode()
    assert "I did it today" in page
    page = member.post(f"{pledge.get_absolute_url()}check-in/", follow=True).content.decode()
    assert "Checked in for today." in page and "You checked in today." in page
    assert '<svg class="chart"' in page and 'role="img"' in page


def test_a_strike_asks_are_you_on_strike_today(world, campaign):
    past = timezone.now() - timedelta(days=3)
    strike = make_pledge(world, campaign, kind=PledgeKind.STRIKE, threshold=1, now=past,
                         deadline_in=timedelta(days=1))
    services.pledge_sign(pledge=strike, user=world.member, now=past)
    page = client_of(world.member).get(strike.get_absolute_url()).content.decode()
    assert "I&#x27;m on strike today" in page or "I'm on strike today" in page
    assert "Strike against TaskPlatform: Stop taking tasks." in page


def test_after_the_window_the_follow_up_is_answered_and_published(world, campaign):
    pledge = finished(world, campaign, pledgers=[world.member])
    member = client_of(world.member)
    page = member.post(f"{pledge.get_absolute_url()}follow-up/", {"answer": "yes"},
                       follow=True).content.decode()
    assert "your answer is counted" in page
    assert "1 of 1 pledgers answered: 1 yes, 0 partly, 0 no." in page
    anonymous = Client().get(pledge.get_absolute_url()).content.decode()
    assert "1 of 1 pledgers answered: 1 yes, 0 partly, 0 no." in anonymous


def test_an_organiser_drafts_a_pledge_with_guidance_then_launches_it(world, campaign):
    finished(world, campaign, pledgers=[world.member])
    organiser = client_of(world.organiser)
    page = organiser.get("/u/users/pledges/new/").content.decode()
    assert "Pledges of 1–9 in your union succeeded 1 times out of 1." in page
    answer = organiser.post("/u/users/pledges/new/", {
        "campaign": str(campaign.pk), "scope": str(world.chapter.pk), "kind": "pledge",
        "title": "Friday stop", "action": "stop taking tasks", "threshold": "25",
        "deadline": "2999-01-01T12:00", "starts_at": "2999-01-01T12:00",
        "ends_at": "2999-01-03T12:00"}, follow=True)
    assert "The draft is saved." in answer.content.decode()
    pledge = Pledge.objects.get(title="Friday stop")
    assert pledge.status == PledgeStatus.DRAFT and pledge.created_by == world.organiser
    page = organiser.post(f"{pledge.get_absolute_url()}launch/", follow=True).content.decode()
    assert "Launched: members can pledge now." in page
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.COLLECTING


def test_the_form_puts_a_refusal_on_the_field_at_fault(world, campaign):
    page = client_of(world.organiser).post("/u/users/pledges/new/", {
        "campaign": str(campaign.pk), "scope": str(world.chapter.pk), "kind": "strike",
        "title": "Strike", "action": "log out", "threshold": "25",
        "deadline": "2999-01-01T12:00", "starts_at": "2999-01-01T12:00",
        "ends_at": "2999-01-03T12:00"}).content.decode()
    assert "A strike needs its action" in page
    assert not Pledge.objects.exists()


def test_a_strike_that_needs_a_proposal_has_no_launch_button(world, campaign):
    governance.settings_update(union=world.union, by=world.steward,
                               values={"strikes_need_proposal": True})
    strike = make_pledge(world, campaign, kind=PledgeKind.STRIKE, launch=False)
    page = client_of(world.organiser).get(strike.get_absolute_url()).content.decode()
    assert "a strike is launched only by a passed proposal" in page
    assert ">Launch</button>" not in page
    answer = client_of(world.organiser).post(f"{strike.get_absolute_url()}launch/", follow=True)
    assert "a strike is launched only by a passed proposal" in answer.content.decode()


def test_the_list_groups_pledges_by_state(world, campaign):
    make_pledge(world, campaign)
    finished(world, campaign, pledgers=[world.member])
    page = Client().get("/u/users/pledges/").content.decode()
    assert "Collecting pledges" in page and "Ended" in page
    assert "New pledge" not in page
    assert "New pledge" in client_of(world.organiser).get("/u/users/pledges/").content.decode()


def test_the_decision_rules_form_offers_the_strike_rule():
    from suma.governance.forms import SettingsForm

    assert "strikes_need_proposal" in SettingsForm().fields


def test_a_strike_proposal_drafted_on_the_form_names_the_drafted_strike(world, campaign):
    from suma.governance.models import Proposal

    strike = make_pledge(world, campaign, kind=PledgeKind.STRIKE, launch=False)
    organiser = client_of(world.organiser)
    form = organiser.get("/u/users/decisions/new/").content.decode()
    assert "Strike to launch" in form and strike.title in form
    answer = organiser.post("/u/users/decisions/new/", {
        "scope": str(world.chapter.pk), "title": "Launch the strike", "body": "Now.",
        "kind": "yes_no", "secret": "secret", "threshold": "half", "quorum_percent": "20",
        "seats": "1", "max_score": "5", "action_kind": "strike_launch",
        "strike_launch__pledge": str(strike.pk)})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    proposal = Proposal.objects.get(title="Launch the strike")
    assert proposal.action_kind == "strike_launch"
    assert proposal.action_params == {"pledge": strike.pk}
