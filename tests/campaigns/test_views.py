"""The campaign pages as people use them: the public page and timeline, running a campaign,
the grievance list, the repertoire dashboards, the directory, and a proposal that adopts
demands drafted from the decisions form."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suma.campaigns import services
from suma.campaigns.models import Campaign, CampaignMute, Organisation
from suma.campaigns.repertoire import TACTICS, TacticUse, register_tactic
from suma.governance.models import Proposal
from tests.campaigns.world import campaign, target

pytestmark = pytest.mark.django_db

P = "/u/users/campaigns"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_visitor_reads_the_public_page_with_demands_and_a_distinct_timeline(world, client):
    found = campaign(world)
    found.description = "We *demand* [transparency](https://example.org).<script>x</script>"
    found.save()
    services.timeline_event_add(campaign=found, kind="press", title="In the Irish Times",
                                by=world.organiser)
    page = client.get(f"{P}/facebook/").content.decode()
    assert "<em>demand</em>" in page and "<script>x" not in page
    assert "A1." in page and "Demand number 1." in page
    assert "recorded by Suma" in page and "added by the organisers" in page
    assert "Run the campaign" not in page
    listing = client.get(f"{P}/").content.decode()
    assert "Transparency for Facebook users" in listing


def test_a_draft_is_hidden_from_the_list_except_for_those_who_run_it(world, client):
    campaign(world, launch=False)
    assert "Transparency for Facebook" not in client.get(f"{P}/").content.decode()
    client.force_login(world.organiser)
    assert "Transparency for Facebook" in client.get(f"{P}/").content.decode()
    client.force_login(world.other_organiser)
    assert "Transparency for Facebook" not in client.get(f"{P}/").content.decode()


def test_an_organiser_creates_launches_and_runs_a_campaign_without_javascript(world, client):
    meta = target(world)
    client.force_login(world.organiser)
    response = client.post(f"{P}/new/", {"title": "Fair pay per task", "targets": [meta.pk],
                                         "chapters": [world.chapter.pk]})
    found = Campaign.objects.get(title="Fair pay per task")
    assert response["Location"] == found.get_absolute_url()
    client.post(f"{P}/{found.slug}/sections/new/", {"code": "a", "title": "Pay"})
    section = found.sections.get()
    assert section.code == "A"
    client.post(f"{P}/{found.slug}/sections/{section.pk}/demands/new/",
                {"text": "A minimum of 10 cents a task."})
    demand = section.demands.get()
    client.post(f"{P}/{found.slug}/status/", {"status": "active", "note": "Here we go"})
    found.refresh_from_db()
    assert found.status == "active"
    response = client.post(f"{P}/{found.slug}/demands/{demand.pk}/status/",
                           {"status": "refused", "on": "2025-01-10", "note": "They said no",
                            "evidence_url": "https://example.org/no"})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.status == "refused"
    page = client.get(found.get_absolute_url()).content.decode()
    assert "They said no" in page and "https://example.org/no" in page
    assert "Run the campaign" in page


def test_an_organiser_of_another_chapter_cannot_claim_a_chapter_they_do_not_run(world, client):
    client.force_login(world.other_organiser)
    response = client.post(f"{P}/new/", {"title": "Sneaky", "chapters": [world.chapter.pk]})
    assert response.status_code == 200 and not Campaign.objects.filter(title="Sneaky").exists()


def test_a_bad_status_change_says_why(world, client):
    campaign(world)
    client.force_login(world.organiser)
    response = client.post(f"{P}/facebook/status/", {"status": "draft"})
    assert any("cannot become" in m for m in _messages(response))


def test_a_member_stops_and_resumes_a_campaigns_news(world, client):
    found = campaign(world)
    client.force_login(world.member)
    client.post(f"{P}/facebook/follow/", {"follow": "off"})
    assert CampaignMute.objects.filter(campaign=found, user=world.member).exists()
    assert "Follow this campaign again" in client.get(f"{P}/facebook/").content.decode()
    client.post(f"{P}/facebook/follow/", {"follow": "on"})
    assert not CampaignMute.objects.exists()


def test_the_directory_is_searched_and_organisers_add_entries(world, client):
    target(world, name="Meta Platforms Ireland")
    services.organisation_create(by=None, name="Federal Trade Commission", kind="regulator",
                                 country="US")
    page = client.get(f"{P}/targets/?q=trade&kind=regulator").content.decode()
    assert "Federal Trade Commission" in page and "Meta Platforms" not in page
    client.force_login(world.organiser)
    response = client.post(f"{P}/targets/new/", {"name": "European Parliament",
                                                 "kind": "legislature", "country": ""})
    found = Organisation.objects.get(name="European Parliament")
    assert response["Location"].endswith(f"/targets/{found.pk}/")
    again = client.post(f"{P}/targets/new/", {"name": "European Parliament",
                                              "kind": "legislature", "country": ""})
    assert "already exists" in again.content.decode()
    assert Organisation.objects.filter(name="European Parliament").count() == 1


@pytest.fixture
def tactic():
    def uses(*, campaign):
        return [TacticUse(tactic="view_test", title="Stop Beacon petition", url="/",
                          status="closed", started_at=datetime(2007, 11, 20, tzinfo=UTC),
                          ended_at=None, figures={"signatures": 50000, "goal": 50000},
                          labels={"signatures": "Signatures", "goal": "Goal"},
                          succeeded=True,
                          series=((date(2007, 11, 20), 1000), (date(2007, 11, 29), 50000)))]

    register_tactic("view_test", "Petition (test)", uses)
    yield
    TACTICS.pop("view_test")


def test_the_repertoire_dashboards_draw_svg_charts_with_tables(world, client, tactic):
    found = campaign(world)
    demand = found.sections.get().demands.first()
    services.demand_status_set(demand=demand, by=None, status="met", on=date(2024, 2, 1))
    page = client.get(f"{P}/facebook/repertoire/").content.decode()
    assert page.count("<svg") == 2 and 'role="img"' in page and "<desc>" in page
    assert "Stop Beacon petition" in page and "50000" in page
    assert "The same numbers as a table" in page
    union_page = client.get(f"{P}/repertoire/").content.decode()
    assert "Petition (test)" in union_page and "100.0%" in union_page
    assert "<svg" in union_page


def test_the_campaign_page_reads_a_constant_number_of_queries(world, client):
    found = campaign(world, demands=2)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{P}/facebook/").status_code == 200
        return len(queries)

    before = count()
    section = services.section_create(campaign=found, code="B", title="More")
    for n in range(5):
        demand = services.demand_create(section=section, text=f"More {n}", by=None)
        services.demand_status_set(demand=demand, by=None, status="adopted")
    assert count() == before


def test_a_proposal_drafted_on_the_form_adopts_demands_of_a_campaign(world, client):
    found = campaign(world)
    a1, a2 = found.sections.get().demands.all()
    client.force_login(world.organiser)
    form = client.get("/u/users/decisions/new/").content.decode()
    assert "Demands to adopt" in form and "A1. Demand number 1." in form
    response = client.post("/u/users/decisions/new/", {
        "scope": str(world.chapter.pk), "title": "Adopt A1 and A2", "body": "Both.",
        "kind": "yes_no", "secret": "secret", "threshold": "half", "quorum_percent": "20",
        "seats": "1", "max_score": "5", "action_kind": "demands_adopt",
        "demands_adopt__demands": [str(a1.pk), str(a2.pk)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get(title="Adopt A1 and A2")
    assert proposal.action_params == {"campaign": found.pk, "demands": [a1.pk, a2.pk]}
