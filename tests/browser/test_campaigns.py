"""Campaigns in the browser: an organiser records a demand's outcome on the grievance list and
sees the repertoire dashboard with its charts, on a small phone, accessible.

The test registers a tactic of its own (a stand-in for a petition), so it does not depend on
the petitions or pledges apps; their real uses show the same way."""

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from suma.campaigns import services
from suma.campaigns.repertoire import TACTICS, TacticUse, register_tactic
from tests.browser.conftest import PHONE, Audit, field, log_in
from tests.campaigns.world import campaign


@pytest.fixture
def stand_in_tactic():
    def uses(*, campaign):
        return [TacticUse(
            tactic="browser_petition", title="Stop Beacon: the petition", url="",
            status="Closed", started_at=datetime(2007, 11, 20, tzinfo=UTC), ended_at=None,
            figures={"signatures": 50000, "goal": 50000},
            labels={"signatures": "Signatures", "goal": "Goal"}, succeeded=True,
            series=((date(2007, 11, 20), 2000), (date(2007, 11, 24), 21000),
                    (date(2007, 11, 29), 50000)))]

    register_tactic("browser_petition", "Petition (stand-in)", uses)
    yield
    TACTICS.pop("browser_petition", None)


def test_an_organiser_sees_the_repertoire_dashboard_with_its_charts(new_context, world,
                                                                    stand_in_tactic):
    found = campaign(world, demands=2)
    first = found.sections.get().demands.first()
    services.demand_status_set(demand=first, by=world.organiser, status="adopted",
                               on=date(2025, 1, 10))
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.organiser.email)

    page.goto("/u/users/campaigns/")
    audit.check("the campaign list")
    page.get_by_role("link", name="Transparency for Facebook users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transparency for Facebook users")
    audit.check("the campaign page, as its organiser")

    # The organiser records that the target met demand A2, with evidence.
    page.get_by_text("History of A2").click()
    second = found.sections.get().demands.last()
    page.locator(f"#demand-{second.pk}").get_by_role("link", name="Record a status").click()
    audit.check("the demand status form")
    field(page, "Status").select_option(label="Met")
    field(page, "Date").fill("2025-03-01")
    field(page, "Note").fill("Meta published the list of data it uses for ads.")
    field(page, "Evidence (a link)").fill("https://example.org/meta-announcement")
    page.get_by_role("button", name="Record the status").click()
    expect(page.get_by_role("status")).to_contain_text("The demand's status is recorded.")
    expect(page.locator("#timeline")).to_be_visible()

    page.get_by_role("link", name="Tactics and outcomes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tactics and outcomes")
    expect(page.get_by_role("heading", name="Stop Beacon: the petition")).to_be_visible()
    charts = page.get_by_role("img")
    expect(charts).to_have_count(2)
    expect(page.get_by_role("img", name="Stop Beacon: the petition: cumulative count per day")
           ).to_be_visible()
    expect(page.get_by_role("img", name="The demands' outcomes over time")).to_be_visible()
    assert page.locator("svg path.line").count() >= 3  # the petition, adopted, met (proposed)
    page.get_by_text("The same numbers as a table").first.click()
    expect(page.get_by_role("cell", name="50000")).to_be_visible()
    audit.check("the campaign's repertoire dashboard")

    page.get_by_role("link", name="All the union's campaigns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which tactics work")
    expect(page.get_by_role("rowheader", name="Petition (stand-in)")).to_be_visible()
    expect(page.get_by_role("cell", name="100.0%")).to_be_visible()
    expect(page.get_by_role("img", name="The demands' outcomes over time")).to_be_visible()
    audit.check("the union's repertoire dashboard")
    audit.assert_clean()
