"""The campaigns API as a program uses it; every answer is checked against the OpenAPI schema."""

from datetime import date

import pytest
from django.test import Client

from suma.campaigns import services
from suma.campaigns.models import Campaign, CampaignMute
from tests.campaigns.world import campaign, target
from tests.governance.test_api import Api, conforms

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
C = f"{V1}/unions/users/campaigns"


def test_anyone_reads_targets_with_search_and_filters(world):
    target(world, name="Meta Platforms Ireland")
    services.organisation_create(by=None, name="Data Protection Commission",
                                 kind="regulator", country="IE")
    client = Client()
    found = conforms(client.get(f"{V1}/organisations?kind=regulator&country=ie"))
    assert [o["name"] for o in found.json()["items"]] == ["Data Protection Commission"]
    found = conforms(client.get(f"{V1}/organisations?q=meta"))
    assert found.json()["count"] == 1
    assert conforms(client.get(f"{V1}/organisations?country=Ireland")).status_code == 422


def test_an_organiser_adds_and_edits_a_target_and_duplicates_are_refused(world):
    api = Api(world.organiser)
    created = api.post(f"{V1}/organisations", {"name": "Uber B.V.", "kind": "platform",
                                               "country": "nl"})
    assert created.status_code == 201 and created.json()["country"] == "NL"
    again = api.post(f"{V1}/organisations", {"name": "Uber B.V.", "kind": "platform",
                                             "country": "NL"})
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    changed = api.send("patch", f"{V1}/organisations/{created.json()['id']}",
                       {"contacts": "Privacy team"})
    assert changed.json()["contacts"] == "Privacy team"


def test_a_campaign_is_created_launched_and_read_through_the_api(world):
    meta = target(world)
    api = Api(world.organiser)
    created = api.post(C, {"title": "Fair pay per task", "targets": [meta.pk],
                           "chapters": ["nairobi"]})
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft"
    assert conforms(Client().get(f"{C}/{slug}")).status_code == 404  # a draft is unknown
    assert conforms(Client().get(C)).json()["count"] == 0
    assert api.get(C).json()["count"] == 1  # but its organisers see it
    section = api.post(f"{C}/{slug}/sections", {"code": "A", "title": "Pay"}).json()
    demand = api.post(f"{C}/{slug}/sections/{section['id']}/demands",
                      {"text": "Ten cents a task at least."}).json()
    assert demand["code"] == "A1" and demand["history"][0]["status"] == "proposed"
    launched = api.post(f"{C}/{slug}/status", {"status": "active"})
    assert launched.json()["status"] == "active"
    met = api.post(f"{C}/{slug}/demands/{demand['id']}/status",
                   {"status": "met", "on": "2025-02-01", "evidence_url": "https://example.org"})
    assert met.json()["status"] == "met" and len(met.json()["history"]) == 2
    public = Client()
    assert conforms(public.get(f"{C}/{slug}")).json()["targets"][0]["id"] == meta.pk
    sections = conforms(public.get(f"{C}/{slug}/sections")).json()
    assert sections[0]["demands"][0]["status"] == "met"
    timeline = conforms(public.get(f"{C}/{slug}/timeline")).json()["items"]
    assert {e["kind"] for e in timeline} == {"launch", "demand"}
    assert all(e["system"] for e in timeline)


def test_the_api_says_why_a_change_is_refused(world):
    campaign(world)
    api = Api(world.organiser)
    wrong = api.post(f"{C}/facebook/status", {"status": "draft"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "status"
    future = api.post(f"{C}/facebook/timeline", {"kind": "press", "title": "Later",
                                                 "happened_at": "2999-01-01T00:00:00Z"})
    assert future.status_code == 400 and future.json()["field"] == "happened_at"
    system = api.post(f"{C}/facebook/timeline", {"kind": "launch", "title": "Fake launch"})
    assert system.status_code == 422
    claim = Api(world.other_organiser).post(C, {"title": "Mine", "chapters": ["nairobi"]})
    assert claim.status_code == 400 and claim.json()["field"] == "chapters"
    event = api.post(f"{C}/facebook/timeline", {"kind": "response", "title": "Meta answers",
                                                "link": "https://example.org/a"})
    assert event.status_code == 201 and event.json()["system"] is False


def test_the_repertoire_figures_and_muting_through_the_api(world):
    found = campaign(world)
    demand = found.sections.get().demands.first()
    services.demand_status_set(demand=demand, by=None, status="refused", on=date(2025, 1, 1))
    client = Client()
    figures = conforms(client.get(f"{C}/facebook/repertoire")).json()
    assert figures["outcomes"]["now"]["refused"] == 1 and figures["outcomes"]["total"] == 2
    union = conforms(client.get(f"{V1}/unions/users/repertoire")).json()
    assert union["campaigns"][0]["refused"] == 1
    api = Api(world.member)
    assert api.send("put", f"{C}/facebook/mute").json() == {"muted": True}
    assert CampaignMute.objects.filter(campaign=found, user=world.member).exists()
    assert api.get(f"{C}/facebook").json()["muted"] is True
    assert api.send("delete", f"{C}/facebook/mute").json() == {"muted": False}
    assert not CampaignMute.objects.exists()


def test_a_proposal_sent_through_the_api_adopts_demands(world):
    found = campaign(world)
    ids = list(found.sections.get().demands.values_list("pk", flat=True))
    api = Api(world.organiser)
    created = api.post(f"{V1}/unions/users/proposals", {
        "title": "Adopt our demands", "body": "All of them.", "chapter": "nairobi",
        "action_kind": "demands_adopt",
        "action_params": {"campaign": found.pk, "demands": ids}})
    assert created.status_code == 201, created.json()
    assert created.json()["action_kind"] == "demands_adopt"
    refused = api.post(f"{V1}/unions/users/proposals", {
        "title": "Adopt nothing", "body": "x", "action_kind": "demands_adopt",
        "action_params": {"campaign": found.pk, "demands": [999999]}})
    assert refused.status_code == 400 and refused.json()["field"] == "demands"
    assert Campaign.objects.count() == 1
