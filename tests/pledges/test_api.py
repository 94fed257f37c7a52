"""The pledges API as a program uses it; every answer is checked against the OpenAPI schema."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from suma.tactics.pledges import services
from suma.tactics.pledges.models import Pledge, PledgeKind, PledgeStatus
from tests.governance.test_api import Api, conforms
from tests.pledges.test_services import join
from tests.pledges.world import activated_in_window, finished, make_campaign, make_pledge, platform

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
P = f"{V1}/unions/users/pledges"


@pytest.fixture
def campaign(world):
    return make_campaign(world)


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    return body


def _terms(**extra) -> dict:
    deadline = timezone.now() + timedelta(days=7)
    return {"campaign": "pledges-campaign", "chapter": "nairobi", "title": "Friday stop",
            "action": "stop taking tasks", "threshold": 2,
            "deadline": deadline.isoformat(), "starts_at": deadline.isoformat(),
            "ends_at": (deadline + timedelta(days=2)).isoformat(), **extra}


def test_an_organiser_drafts_and_launches_a_pledge_and_members_pledge_until_it_activates(
        world, campaign):
    organiser = Api(world.organiser)
    created = organiser.post(P, _terms())
    assert created.status_code == 201, created.content
    pledge = created.json()
    assert pledge["status"] == "draft" and pledge["count"] == 0
    url = f"{P}/{pledge['id']}"
    error(Api(world.member).get(url), 404, "not_found")  # a draft is not shown to members
    assert organiser.post(f"{url}/launch").json()["status"] == "collecting"
    member = Api(world.member)
    first = member.post(f"{url}/signups")
    assert first.status_code == 201
    assert first.json()["count"] == 1 and first.json()["you"]["pledged"]
    error(member.post(f"{url}/signups"), 400, "already_pledged")
    assert member.post(f"{url}/withdraw").json()["count"] == 0
    member.post(f"{url}/signups")
    activated = organiser.post(f"{url}/signups").json()
    assert activated["status"] == "activated" and activated["activated_at"]
    error(member.post(f"{url}/withdraw"), 400, "activated")
    # Public: anyone reads it, without a token.
    public = conforms(Client().get(url))
    assert public.json()["count"] == 2 and public.json()["you"]["pledged"] is False
    assert public.json()["pledgers"] is None
    assert sorted(member.get(url).json()["pledgers"]) == ["Achieng Atieno", "Wanjiru Kamau"]


def test_pledging_outside_the_scope_or_after_the_deadline_is_refused_with_its_reason(world,
                                                                                   campaign):
    pledge = make_pledge(world, campaign, threshold=5)
    url = f"{P}/{pledge.pk}"
    body = error(Api(world.steward).post(f"{url}/signups"), 403, "not_eligible")
    assert body["detail"] == "Only active members of Click workers may make this pledge."
    Pledge.objects.filter(pk=pledge.pk).update(
        deadline=timezone.now() - timedelta(seconds=1))
    error(Api(world.member).post(f"{url}/signups"), 400, "deadline_passed")
    assert Pledge.objects.get(pk=pledge.pk).pledge_count == 0


def test_bad_terms_answer_with_the_field_at_fault(world, campaign):
    organiser = Api(world.organiser)
    body = error(organiser.post(P, _terms(kind="strike")), 400, "invalid")
    assert body["field"] == "strike_action"
    assert organiser.post(P, _terms(threshold=0)).status_code == 422
    error(organiser.post(P, _terms(campaign="nowhere")), 400, "invalid")
    error(Api(world.member).post(P, _terms()), 403, "forbidden")


def test_a_strike_through_the_api_is_listed_in_effect_during_its_window(world, campaign):
    past = timezone.now() - timedelta(days=3)
    strike = make_pledge(world, campaign, kind=PledgeKind.STRIKE, threshold=1, now=past,
                         deadline_in=timedelta(days=1), window=timedelta(days=5))
    services.pledge_sign(pledge=strike, user=world.member, now=past)
    answer = conforms(Client().get(f"{V1}/strikes/in-effect?organisation={platform().pk}"))
    (item,) = answer.json()["items"]
    assert item["id"] == strike.pk and item["strike_action"] == "stop_tasks"
    assert item["target"] == platform().pk and item["count"] == 1
    error(conforms(Client().get(f"{V1}/strikes/in-effect?organisation=999999")), 404,
          "not_found")


def test_pledgers_check_in_during_the_window_and_answer_the_follow_up_after(world, campaign):
    pledge = activated_in_window(world, campaign, pledgers=[world.member])
    member = Api(world.member)
    url = f"{P}/{pledge.pk}"
    assert member.post(f"{url}/check-ins").status_code == 201
    error(member.post(f"{url}/check-ins"), 400, "already_checked_in")
    days = member.get(url).json()["participation"]
    assert days[-1]["checked_in"] == 1 and days[-1]["pledgers"] == 1
    error(member.send("put", f"{url}/follow-up", {"answer": "yes"}), 400, "not_finished")
    done = finished(world, campaign, pledgers=[world.member])
    answered = member.send("put", f"{P}/{done.pk}/follow-up", {"answer": "yes"})
    assert answered.json()["followup"] == {"yes": 1, "partly": 0, "no": 0, "answered": 1,
                                           "pledgers": 1}
    assert member.send("put", f"{P}/{done.pk}/follow-up", {"answer": "maybe"}).status_code \
        == 422


def test_the_list_is_public_and_filters_by_kind_and_status(world, campaign):
    make_pledge(world, campaign)
    make_pledge(world, campaign, kind=PledgeKind.STRIKE)
    make_pledge(world, campaign, launch=False)
    listed = conforms(Client().get(P)).json()
    assert listed["count"] == 2
    strikes = conforms(Client().get(f"{P}?kind=strike")).json()["items"]
    assert [s["kind"] for s in strikes] == ["strike"]
    assert Api(world.organiser).get(f"{P}?status=draft").json()["count"] == 1
    assert conforms(Client().get(f"{P}?status={PledgeStatus.DRAFT}")).json()["count"] == 0


def test_the_decision_settings_carry_the_strike_rule(world):
    url = f"{V1}/unions/users/decision-settings"
    assert Api(world.member).get(url).json()["strikes_need_proposal"] is False
    changed = Api(world.steward).send("patch", url, {"strikes_need_proposal": True})
    assert changed.json()["strikes_need_proposal"] is True


def test_a_confidential_pledge_shows_only_its_count_through_the_api(world, campaign):
    (ana,) = join(world, "Ana Quispe")
    pledge = make_pledge(world, campaign, threshold=2, confidential=True)
    services.pledge_sign(pledge=pledge, user=ana)
    url = f"{P}/{pledge.pk}"
    for who in (world.organiser, world.steward, ana):
        answer = Api(who).get(url).json()
        assert answer["pledgers"] is None and answer["count"] == 1
    services.pledge_sign(pledge=pledge, user=world.member)
    assert sorted(Api(ana).get(url).json()["pledgers"]) == ["Achieng Atieno", "Ana Quispe"]
    assert Api(world.organiser).get(url).json()["pledgers"] is None
