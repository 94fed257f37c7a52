"""Deciding together in the browser: a ranked vote cast with the keyboard only, an election of
stewards by STV, and the ranking form with JavaScript off."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from suma.governance import services
from suma.governance.models import Ballot, Phase, Proposal
from suma.members import services as members
from suma.members.models import Membership, UnionRole
from tests.browser.conftest import PHONE, Audit, field, log_in
from tests.conftest import make_user
from tests.governance.world import vote_now


def _join(world, *names):
    people = []
    for name in names:
        user = make_user(f"{name.split()[0].lower()}@example.org", name)
        place = members.chapter_apply(chapter=world.chapter, user=user)
        members.application_approve(application=place, by=world.steward)
        people.append(user)
    return people


def _close_now(proposal: Proposal) -> None:
    """Move the voting window into the past and run what the worker's periodic job runs."""
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        voting_opens_at=now - timedelta(minutes=5), voting_closes_at=now - timedelta(seconds=1))
    assert services.proposals_advance()["closed"] == 1


def _draft_and_open(page, audit, *, title: str, kind: str, fill) -> Proposal:
    """The organiser, already logged in, drafts a proposal in the chapter, publishes it with
    the union's default dates and opens the vote at once."""
    page.goto("/u/users/")
    page.get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions")
    audit.check("decisions list")
    page.get_by_role("link", name="New proposal").click()
    audit.check("new proposal form")
    field(page, "Who decides").select_option(label="Click workers")
    field(page, "Title").fill(title)
    field(page, "Text").fill("Let us **decide** together.")
    field(page, "Ballot").select_option(label=kind)
    field(page, "Quorum (% of eligible members)").fill("0")
    fill(page)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status")).to_contain_text("Your draft is saved.")
    audit.check("a draft")
    page.get_by_role("link", name="Publish").click()
    audit.check("publish form")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The proposal is published")
    audit.check("a proposal under discussion")
    page.get_by_role("button", name="Open the vote now").click()
    expect(page.get_by_role("status")).to_contain_text("Voting is open.")
    proposal = Proposal.objects.get(title=title)
    assert proposal.phase == Phase.VOTING
    return proposal


def test_members_rank_options_with_the_keyboard_and_find_their_ballot_after_the_close(
        new_context, world):
    ana, bo = _join(world, "Ana Quispe", "Bo Lin")
    organiser = new_context(**PHONE).new_page()
    audit = Audit(organiser)
    log_in(organiser, world.organiser.email)

    def options(page):
        field(page, "Options, one per line").fill("Fair pay\nTransparency\nData access")

    proposal = _draft_and_open(organiser, audit, title="Which demand first?",
                               kind="Ranked, Condorcet (Schulze)", fill=options)
    audit.check("a running vote, as its organiser")

    # Three members rank with the keyboard only: focus a select, type a rank, Tab onwards.
    rankings = {world.member: "213", ana: "123", bo: "31"}  # ranks of Fair pay, Transparency, …
    receipts = {}
    for voter, ranks in rankings.items():
        page = new_context(**PHONE).new_page()
        log_in(page, voter.email, next_url=proposal.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text("Which demand first?")
        page.get_by_label("Fair pay", exact=True).focus()
        for i, rank in enumerate(ranks):
            if i:
                page.keyboard.press("Tab")
            page.keyboard.type(rank)
        if len(ranks) < 3:
            page.keyboard.press("Tab")  # leave Data access not ranked
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Cast my vote")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your receipt")
        receipts[voter] = page.locator("#receipt-code").inner_text()
        if voter == world.member:
            Audit(page).check("the receipt page")
            member_page = page
    assert sorted(Ballot.objects.filter(proposal=proposal).values_list("choice", flat=True)) \
        == ["1>2>3", "2>1", "2>1>3"]

    _close_now(proposal)

    # The result: Transparency beats both others head to head.
    organiser.goto(proposal.get_absolute_url())
    organiser.get_by_role("link", name="The full result").click()
    winners = organiser.get_by_role("list").filter(has=organiser.locator("strong"))
    expect(organiser.get_by_role("heading", name="Winner", exact=True)).to_be_visible()
    expect(winners.first).to_contain_text("Transparency")
    matrix = organiser.get_by_role("table").filter(
        has=organiser.get_by_text("Pairwise preferences"))
    row = matrix.get_by_role("row").filter(has=organiser.get_by_role("rowheader",
                                                                        name="Transparency"))
    expect(row.get_by_role("cell")).to_have_text(["2 (wins)", "–", "3 (wins)"])
    expect(organiser.get_by_role("img", name="First choices")).to_be_visible()
    audit.check("the results of a Schulze vote")

    # A voter types their receipt on the bulletin and finds their ballot.
    member_page.goto(f"{proposal.get_absolute_url()}bulletin/")
    field(member_page, "Your receipt code").fill(receipts[world.member].lower())
    member_page.get_by_role("button", name="Find my ballot").click()
    expect(member_page.get_by_role("status")).to_contain_text(
        "Your ballot is on the bulletin, counted as: Transparency > Fair pay > Data access")
    Audit(member_page).check("the bulletin with a ballot found")
    audit.assert_clean()


def test_an_election_of_three_stewards_by_stv_makes_the_winners_stewards(new_context, world):
    candidates = _join(world, "Ana Quispe", "Bo Lin", "Chen Wei", "Dara Diaz", "Eli Mora")
    ana, bo, chen, dara, _eli = candidates
    organiser = new_context(**PHONE).new_page()
    audit = Audit(organiser)
    log_in(organiser, world.organiser.email)

    def election(page):
        field(page, "Candidates, one per line").fill("\n".join(u.name for u in candidates))
        field(page, "Seats").fill("3")
        field(page, "When it passes").select_option(
            label="Elect stewards (the winners become stewards)")

    proposal = _draft_and_open(organiser, audit, title="Three stewards for 2026",
                               kind="Multi-seat election (STV)", fill=election)
    assert proposal.seats == 3 and proposal.options.count() == 5

    # Quota with 6 ballots and 3 seats: 2. Ana, Bo and Chen each have two first preferences.
    in_browser = {world.organiser: ["Ana Quispe", "Bo Lin"], world.member: ["Ana Quispe",
                                                                            "Chen Wei"],
                  ana: ["Bo Lin", "Ana Quispe"]}
    for voter, order in in_browser.items():
        page = organiser if voter == world.organiser else new_context(**PHONE).new_page()
        if voter != world.organiser:
            log_in(page, voter.email)
        page.goto(proposal.get_absolute_url())
        for rank, name in enumerate(order, start=1):
            page.get_by_label(name, exact=True).select_option(str(rank))
        page.get_by_role("button", name="Cast my vote").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your receipt")
    for voter, ranking in {bo: [2, 3], chen: [3, 4], dara: [3, 1]}.items():
        services.ballot_cast(proposal=proposal, user=voter, choice={"ranking": ranking})

    _close_now(proposal)
    proposal.refresh_from_db()
    assert proposal.phase == Phase.ENACTED
    stewards = set(Membership.objects.filter(union=world.union, role=UnionRole.STEWARD)
                   .values_list("user__name", flat=True))
    assert stewards == {world.steward.name, "Ana Quispe", "Bo Lin", "Chen Wei"}

    organiser.goto(f"{proposal.get_absolute_url()}results/")
    expect(organiser.get_by_role("heading", name="Winners")).to_be_visible()
    expect(organiser.get_by_text(re.compile("New stewards: Ana Quispe, Bo Lin, Chen Wei."))
           ).to_be_visible()
    expect(organiser.get_by_role("img", name="Votes per round")).to_be_visible()
    expect(organiser.get_by_text("Quota: 2 votes elect a candidate.")).to_be_visible()
    audit.check("the results of an STV election")
    audit.assert_clean()


def test_the_ranking_form_works_without_javascript(new_context, world):
    proposal = services.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser, title="Rank us",
        body="x", kind="irv", options=["Fair pay", "Transparency", "Data access"])
    vote_now(proposal, world.organiser)
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    log_in(page, world.member.email, next_url=proposal.get_absolute_url())
    page.get_by_label("Fair pay", exact=True).select_option("1")
    page.get_by_label("Transparency", exact=True).select_option("1")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Fair pay and Transparency both have rank 1: give each option its own rank.")
    assert not Ballot.objects.filter(proposal=proposal).exists()
    page.get_by_label("Transparency", exact=True).select_option("2")
    page.get_by_label("Data access", exact=True).select_option("3")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your receipt")
    assert Ballot.objects.get(proposal=proposal).choice == "1>2>3"
