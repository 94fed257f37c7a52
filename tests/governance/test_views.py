"""The decision pages as members use them: proposing, voting with the ranking form, receipts,
the bulletin and its downloads, results, delegation and the union's rules."""

import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suma.governance import selectors, services
from suma.governance.models import Ballot, Kind, Option, Phase, Proposal
from suma.governance.sealing import ballot_hash
from suma.governance.tally import read_ballots
from suma.members import services as members
from suma.members.models import Membership, UnionRole
from tests.conftest import make_user
from tests.governance.world import vote_now

pytestmark = pytest.mark.django_db

D = "/u/users/decisions"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _join(world, *names):
    """New active members of the chapter, named as given."""
    people = []
    for name in names:
        user = make_user(f"{name.split()[0].lower()}@example.org", name)
        place = members.chapter_apply(chapter=world.chapter, user=user)
        members.application_approve(application=place, by=world.steward)
        people.append(user)
    return people


def _ranked(world, kind=Kind.SCHULZE, **extra):
    proposal = services.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser,
        title="Our first demand", body="Rank the demands.", kind=kind,
        options=["Fair pay", "Transparency", "Data access"], **extra)
    return vote_now(proposal, world.organiser)


def _close(proposal):
    """What the worker's periodic job does once the voting window has passed."""
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        voting_opens_at=now - timedelta(minutes=5), voting_closes_at=now - timedelta(seconds=1))
    assert services.proposals_advance()["closed"] == 1
    proposal.refresh_from_db()
    return proposal


# Proposing -----------------------------------------------------------------------------------

def test_a_member_drafts_a_ranked_proposal_edits_it_and_publishes_it_with_default_dates(
        world, client):
    client.force_login(world.member)
    page = client.get(f"{D}/new/").content.decode()
    assert "Click workers" in page  # the chapter the member may propose in
    response = client.post(f"{D}/new/", {
        "scope": str(world.chapter.pk), "title": "Which demand first?", "body": "**Rank**",
        "kind": "schulze", "options": "Fair pay\nTransparency\n\nData access\n",
        "secret": "secret", "threshold": "half", "quorum_percent": "10", "seats": "1",
        "max_score": "5"})
    proposal = Proposal.objects.get(title="Which demand first?")
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.phase == Phase.DRAFT and proposal.chapter == world.chapter
    assert [o.label for o in proposal.options.all()] == ["Fair pay", "Transparency",
                                                         "Data access"]
    assert proposal.quorum_percent == 10

    client.post(f"{D}/{proposal.pk}/edit/", {"title": "Which demand comes first?",
                                            "body": "Rank them."})
    before = timezone.now()
    response = client.post(f"{D}/{proposal.pk}/publish/", {})
    proposal.refresh_from_db()
    assert _messages(response)[-1] == "The proposal is published: its discussion is open."
    assert proposal.title == "Which demand comes first?"
    assert proposal.phase == Phase.DISCUSSION
    rules = services.settings_get(union=world.union)
    assert proposal.discussion_closes_at >= before + timedelta(days=rules.discussion_days)


def test_a_two_thirds_threshold_and_a_custom_share_are_stored_as_fractions(world, client):
    client.force_login(world.member)
    base = {"scope": "union", "body": "x", "kind": "yes_no", "secret": "open",
            "quorum_percent": "0", "seats": "1", "max_score": "5"}
    client.post(f"{D}/new/", {**base, "title": "Two thirds", "threshold": "two_thirds"})
    client.post(f"{D}/new/", {**base, "title": "Sixty", "threshold": "custom",
                              "threshold_percent": "60"})
    two_thirds = Proposal.objects.get(title="Two thirds")
    sixty = Proposal.objects.get(title="Sixty")
    assert (two_thirds.threshold_num, two_thirds.threshold_den) == (2, 3)
    assert (sixty.threshold_num, sixty.threshold_den) == (3, 5)
    assert not sixty.secret


def test_a_ballot_with_one_option_is_refused_on_the_options_field(world, client):
    client.force_login(world.member)
    response = client.post(f"{D}/new/", {
        "scope": "union", "title": "Lonely", "body": "x", "kind": "plurality",
        "options": "Only one", "secret": "secret", "threshold": "half",
        "quorum_percent": "20", "seats": "1", "max_score": "5"})
    assert response.status_code == 200
    assert response.context["form"].errors["options"] == [
        "A ballot with options needs at least two."]
    assert not Proposal.objects.filter(title="Lonely").exists()


def test_a_scope_the_member_may_not_propose_in_is_not_offered(world, client):
    client.force_login(world.member)
    response = client.post(f"{D}/new/", {
        "scope": str(world.other_chapter.pk), "title": "Elsewhere", "body": "x",
        "kind": "yes_no", "secret": "secret", "threshold": "half", "quorum_percent": "20",
        "seats": "1", "max_score": "5"})
    assert "scope" in response.context["form"].errors
    assert not Proposal.objects.filter(title="Elsewhere").exists()


def test_candidates_named_by_pseudonym_become_the_options_of_a_steward_election(
        world, client):
    ana, bo, chen = _join(world, "Ana Quispe", "Bo Lin", "Chen Wei")
    members.membership_set_pseudonym(membership=Membership.objects.get(user=bo),
                                     pseudonym="Night Owl")
    client.force_login(world.organiser)
    response = client.post(f"{D}/new/", {
        "scope": "union", "title": "Elect two stewards", "body": "Vote.", "kind": "stv",
        "candidates": "Ana Quispe\nnight owl\nChen Wei", "secret": "secret",
        "threshold": "half", "quorum_percent": "0", "seats": "2", "max_score": "5",
        "action_kind": "stewards_elect"})
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get(title="Elect two stewards")
    assert [(o.label, o.candidate.user) for o in proposal.options.select_related(
        "candidate__user")] == [("Ana Quispe", ana), ("Night Owl", bo), ("Chen Wei", chen)]


def test_an_unknown_candidate_is_named_in_the_error(world, client):
    _join(world, "Ana Quispe")
    client.force_login(world.organiser)
    response = client.post(f"{D}/new/", {
        "scope": "union", "title": "Elect", "body": "Vote.", "kind": "stv",
        "candidates": "Ana Quispe\nNobody Here", "secret": "secret", "threshold": "half",
        "quorum_percent": "0", "seats": "1", "max_score": "5",
        "action_kind": "stewards_elect"})
    assert response.context["form"].errors["candidates"] == [
        "No single member of the union is called: Nobody Here."]


# Voting ----------------------------------------------------------------------------------------

def test_the_ranking_form_turns_ranks_into_the_ordered_ballot_and_sets_a_receipt_cookie(
        world, client):
    proposal = _ranked(world)
    client.force_login(world.member)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'name="rank_1"' in page and "Not ranked" in page
    response = client.post(f"{D}/{proposal.pk}/vote/",
                           {"rank_1": "3", "rank_2": "1", "rank_3": ""})
    assert response["Location"] == f"{D}/{proposal.pk}/receipt/"
    (ballot,) = Ballot.objects.filter(proposal=proposal)
    assert ballot.choice == "2>1"  # Transparency first, Fair pay next, Data access unranked
    cookie = response.cookies[f"suma_receipt_{proposal.pk}"]
    assert cookie["httponly"] and cookie["path"] == proposal.get_absolute_url()
    assert cookie.value != ""  # signed: the code, then its signature
    receipt_page = client.get(response["Location"])
    shown = receipt_page.context["receipt"]
    assert cookie.value.startswith(shown + ":")
    assert ballot.receipt_hash == ballot_hash(shown)
    html = receipt_page.content.decode()
    assert f'<code id="receipt-code">{shown}</code>' in html
    assert "Keep it: with it you can find your ballot on the bulletin" in html


def test_two_options_with_the_same_rank_are_a_clear_error_and_nothing_is_counted(
        world, client):
    proposal = _ranked(world)
    client.force_login(world.member)
    response = client.post(f"{D}/{proposal.pk}/vote/",
                           {"rank_1": "1", "rank_2": "1", "rank_3": "2"})
    assert response.status_code == 400
    assert ("Fair pay and Transparency both have rank 1: give each option its own rank."
            in response.content.decode())
    assert not Ballot.objects.filter(proposal=proposal).exists()
    response = client.post(f"{D}/{proposal.pk}/vote/", {"rank_1": "", "rank_2": "",
                                                       "rank_3": ""})
    assert "Rank at least one option." in response.content.decode()


def test_a_voter_changes_a_secret_vote_with_the_receipt_the_page_prefills(world, client):
    proposal = _ranked(world)
    client.force_login(world.member)
    first = client.post(f"{D}/{proposal.pk}/vote/", {"rank_1": "1", "rank_2": "2"})
    old = client.get(first["Location"]).context["receipt"]
    page = client.get(proposal.get_absolute_url())
    assert page.context["voted"]
    assert f'value="{old}"' in page.content.decode()  # the receipt field, filled in
    assert "You voted." in page.content.decode()
    client.post(f"{D}/{proposal.pk}/vote/", {"rank_3": "1", "receipt": old})
    (ballot,) = Ballot.objects.filter(proposal=proposal)
    assert ballot.choice == "3"
    # Without the receipt, a second ballot is refused with the service's reason.
    response = client.post(f"{D}/{proposal.pk}/vote/", {"rank_1": "1", "receipt": ""})
    assert response.status_code == 400
    assert "You have already voted." in response.content.decode()
    assert Ballot.objects.filter(proposal=proposal).count() == 1


def test_yes_no_consensus_approval_and_score_forms_cast_what_was_chosen(world, client):
    client.force_login(world.member)
    cases = [(Kind.YES_NO, {"vote": "no"}, "no"),
             (Kind.CONSENSUS, {"vote": "block"}, "block"),
             (Kind.PLURALITY, {"option": "2"}, "2"),
             (Kind.APPROVAL, {"options": ["1", "3"]}, "1,3"),
             (Kind.SCORE, {"score_1": "5", "score_2": "0", "score_3": "2"}, "5,0,2")]
    for kind, data, canonical in cases:
        proposal = services.proposal_create(
            union=world.union, chapter=world.chapter, author=world.organiser,
            title=f"A {kind} vote", body="x", kind=kind,
            options=["A", "B", "C"] if kind not in (Kind.YES_NO, Kind.CONSENSUS) else None)
        vote_now(proposal, world.organiser)
        page = client.get(proposal.get_absolute_url()).content.decode()
        if kind == Kind.CONSENSUS:
            assert "a single block stops the proposal" in page
        client.post(f"{D}/{proposal.pk}/vote/", data)
        assert Ballot.objects.get(proposal=proposal).choice == canonical, kind


def test_someone_not_on_the_roll_is_told_so_and_sees_no_ballot(world, client):
    proposal = _ranked(world)
    (late,) = _join(world, "Late Comer")
    client.force_login(late)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "You are not on the voter roll of this vote" in page
    assert 'name="rank_1"' not in page


def test_organisers_see_live_turnout_as_numbers_only(world, client):
    proposal = _ranked(world)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"ranking": [2, 1]})
    client.force_login(world.organiser)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Turnout so far: 1 of 2 on the roll have voted (50.0%)." in page
    client.force_login(world.member)
    assert "Turnout so far" not in client.get(proposal.get_absolute_url()).content.decode()


def test_comments_and_replies_appear_in_the_thread(world, client):
    proposal = services.proposal_create(union=world.union, chapter=world.chapter,
                                        author=world.organiser, title="Talk", body="x")
    services.proposal_publish(proposal=proposal, by=world.organiser)
    client.force_login(world.member)
    client.post(f"{D}/{proposal.pk}/comment/", {"body": "Fridays suit me."})
    top = proposal.comments.get()
    client.force_login(world.organiser)
    response = client.post(f"{D}/{proposal.pk}/comment/", {"body": "Me too.",
                                                          "parent": str(top.pk)})
    assert _messages(response)[-1] == "Your comment is posted."
    (thread,) = selectors.comment_thread(proposal=proposal)
    assert [r.body for r in thread.thread_replies] == ["Me too."]
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Fridays suit me." in page and "Me too." in page and "Achieng Atieno" in page
    assert f'id="reply-{top.pk}"' in page


def test_the_organiser_opens_the_vote_from_the_page(world, client):
    proposal = services.proposal_create(union=world.union, chapter=world.chapter,
                                        author=world.organiser, title="Open me", body="x")
    services.proposal_publish(proposal=proposal, by=world.organiser)
    client.force_login(world.organiser)
    assert "Open the vote now" in client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(f"{D}/{proposal.pk}/open/")
    assert _messages(response) == ["Voting is open."]
    proposal.refresh_from_db()
    assert proposal.phase == Phase.VOTING


# Results and the bulletin ----------------------------------------------------------------------

@pytest.fixture
def schulze_closed(world, client):
    """A closed Schulze vote: Transparency wins; returns (proposal, member's receipt)."""
    voters = _join(world, "Ana Quispe", "Bo Lin")
    proposal = _ranked(world, quorum_percent=0)
    client.force_login(world.member)
    response = client.post(f"{D}/{proposal.pk}/vote/", {"rank_1": "2", "rank_2": "1"})
    receipt = client.get(response["Location"]).context["receipt"]
    services.ballot_cast(proposal=proposal, user=voters[0], choice={"ranking": [2, 3, 1]})
    services.ballot_cast(proposal=proposal, user=voters[1], choice={"ranking": [1, 2, 3]})
    return _close(proposal), receipt


def test_the_results_page_shows_the_winner_the_chart_and_the_pairwise_tables(
        schulze_closed, client):
    proposal, _receipt = schulze_closed
    page = client.get(f"{D}/{proposal.pk}/results/")
    html = page.content.decode()
    assert page.context["tally"]["winners"] == ["Transparency"]
    assert 'role="img"' in html and "<title>First choices</title>" in html
    assert "Head to head" in html and "Strongest paths" in html
    pairwise = page.context["pairwise"]
    transparency = pairwise[1]
    assert transparency["name"] == "Transparency"
    assert [c["value"] for c in transparency["cells"]] == [2, 0, 3]
    assert [c["win"] for c in transparency["cells"]] == [True, False, True]
    assert "3 ballots needed" not in html and "0 ballots needed" in html
    assert "No tie had to be broken" in html


def test_the_results_page_shows_stv_rounds_and_the_elected_become_stewards(world, client):
    people = _join(world, "Ana Quispe", "Bo Lin", "Chen Wei", "Dara Diaz")
    candidates = [Membership.objects.get(user=u) for u in people]
    proposal = services.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser, title="Stewards",
        body="x", kind=Kind.STV, candidates=candidates, seats=2, quorum_percent=0,
        action_kind="stewards_elect")
    vote_now(proposal, world.organiser)
    ballots = {world.member: [1, 2], world.organiser: [1, 3], people[0]: [1, 2, 3],
               people[1]: [2, 1], people[2]: [3, 2], people[3]: [4, 3]}
    for user, ranking in ballots.items():
        services.ballot_cast(proposal=proposal, user=user, choice={"ranking": ranking})
    proposal = _close(proposal)
    client.force_login(world.member)
    page = client.get(f"{D}/{proposal.pk}/results/")
    html = page.content.decode()
    winners = page.context["tally"]["winners"]
    assert len(winners) == 2 and "Ana Quispe" in winners
    assert "Round by round" in html and "Votes per round" in html
    assert "Quota: 3 votes elect a candidate." in html
    assert "✓ elected" in html and "✗ eliminated" in html
    assert "New stewards:" in html
    assert {m.public_name for m in Membership.objects.filter(
        union=world.union, role=UnionRole.STEWARD)} >= set(winners)


def test_a_voter_finds_their_ballot_on_the_bulletin_with_their_receipt(schulze_closed, client):
    proposal, receipt = schulze_closed
    page = client.get(f"{D}/{proposal.pk}/bulletin/")
    html = page.content.decode()
    assert "3 ballots" in html
    assert "Transparency &gt; Fair pay" in html
    assert f'value="{receipt}"' in html  # prefilled from this browser's receipt cookie
    found = client.post(f"{D}/{proposal.pk}/bulletin/", {"receipt": receipt.lower()})
    assert ("Your ballot is on the bulletin, counted as: Transparency &gt; Fair pay"
            in found.content.decode())
    assert found.context["found"]["receipt_hash"] == ballot_hash(receipt)
    missing = client.post(f"{D}/{proposal.pk}/bulletin/", {"receipt": "0000-0000-0000"})
    assert "No ballot on the bulletin has that receipt." in missing.content.decode()


def test_the_bulletin_and_ballot_files_download_and_parse_back(schulze_closed, client):
    proposal, _receipt = schulze_closed
    bulletin_json = json.loads(client.get(f"{D}/{proposal.pk}/bulletin.json").content)
    assert len(bulletin_json["ballots"]) == 3
    assert {b["choice"] for b in bulletin_json["ballots"]} == {"2>1", "2>3>1", "1>2>3"}
    assert "voter" not in bulletin_json["ballots"][0]  # a secret ballot names nobody
    bulletin_csv = client.get(f"{D}/{proposal.pk}/bulletin.csv")
    assert bulletin_csv["Content-Type"].startswith("text/csv")
    assert bulletin_csv.content.decode().splitlines()[0] == (
        "receipt_hash,choice,choice_text,delegated")
    for fmt in ("csv", "soi", "toi"):
        response = client.get(f"{D}/{proposal.pk}/ballots.{fmt}")
        assert response.status_code == 200, fmt
        profile = read_ballots(response.content.decode(), fmt=fmt)
        assert profile.alternatives == ("Fair pay", "Transparency", "Data access")
        assert profile.total == 3
    # One ballot leaves an option unranked: complete orders (soc, toc) cannot hold it.
    for fmt in ("soc", "toc"):
        refused = client.get(f"{D}/{proposal.pk}/ballots.{fmt}")
        assert refused.status_code == 400
        assert f"do not fit the {fmt} format" in refused.content.decode()


def test_an_open_ballot_bulletin_names_each_voter(world, client):
    proposal = _ranked(world, secret=False, quorum_percent=0)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"ranking": [3]})
    proposal = _close(proposal)
    client.force_login(world.organiser)
    html = client.get(f"{D}/{proposal.pk}/bulletin/").content.decode()
    assert "Achieng Atieno" in html and "Data access" in html
    rows = json.loads(client.get(f"{D}/{proposal.pk}/bulletin.json").content)["ballots"]
    assert rows[0]["voter"] == "Achieng Atieno"


def test_a_yes_no_result_shows_counts_and_the_adopted_text(world, client):
    proposal = services.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser, title="Charter",
        body="We, the click workers…", quorum_percent=0, action_kind="text_adopt")
    vote_now(proposal, world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"vote": "yes"})
    proposal = _close(proposal)
    client.force_login(world.member)
    page = client.get(f"{D}/{proposal.pk}/results/")
    assert page.context["bars"] == [("Yes", 1, False), ("No", 0, False),
                                    ("Abstain", 0, False)]
    assert "The adopted text" in page.content.decode()
    adopted = client.get(f"{D}/adopted/").content.decode()
    assert "Charter" in adopted and "We, the click workers…" in adopted


def test_results_and_bulletin_wait_for_the_close(world, client):
    proposal = _ranked(world)
    client.force_login(world.member)
    for url in (f"{D}/{proposal.pk}/results/", f"{D}/{proposal.pk}/bulletin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == (
            proposal.get_absolute_url())
    assert client.get(f"{D}/{proposal.pk}/bulletin.csv").status_code == 404


# Delegation and rules --------------------------------------------------------------------------

def test_a_member_delegates_by_pseudonym_and_removes_the_delegation(world, client):
    services.settings_update(union=world.union, by=world.steward, values={"delegation": True})
    members.membership_set_pseudonym(membership=Membership.objects.get(user=world.organiser),
                                     pseudonym="Night Owl")
    client.force_login(world.member)
    page = client.get(f"{D}/delegation/").content.decode()
    assert "Voting yourself always overrides your delegation." in page
    response = client.post(f"{D}/delegation/", {"scope": str(world.chapter.pk),
                                                "delegate": "Night Owl"})
    assert _messages(response) == ["Your delegation is saved."]
    assert selectors.delegation_of(union=world.union, user=world.member,
                                   chapter=world.chapter).delegate == world.organiser
    assert "Night Owl" in client.get(f"{D}/delegation/").content.decode()
    client.force_login(world.organiser)
    assert ("1 member delegates their vote to you."
            in client.get(f"{D}/delegation/").content.decode())
    client.force_login(world.member)
    client.post(f"{D}/delegation/", {"remove": str(world.chapter.pk)})
    assert selectors.delegation_of(union=world.union, user=world.member,
                                   chapter=world.chapter) is None


def test_delegating_to_oneself_or_to_nobody_known_is_refused_on_the_field(world, client):
    services.settings_update(union=world.union, by=world.steward, values={"delegation": True})
    client.force_login(world.member)
    response = client.post(f"{D}/delegation/", {"scope": "union", "delegate": "Achieng Atieno"})
    assert response.context["form"].errors["delegate"] == [
        "You cannot delegate your vote to yourself."]
    response = client.post(f"{D}/delegation/", {"scope": "union", "delegate": "Nobody"})
    assert response.context["form"].errors["delegate"] == [
        "No single member of the union has that name."]


def test_a_steward_changes_the_unions_decision_rules(world, client):
    client.force_login(world.steward)
    response = client.post(f"{D}/settings/", {
        "who_may_propose": "organisers", "who_may_open_vote": "author", "delegation": "on",
        "quorum_percent": "30", "discussion_days": "3", "voting_days": "5"})
    assert _messages(response) == ["The union's decision rules are saved."]
    rules = services.settings_get(union=world.union)
    assert (rules.who_may_propose, rules.delegation, rules.quorum_percent) == (
        "organisers", True, 30)
    response = client.post(f"{D}/settings/", {
        "who_may_propose": "organisers", "who_may_open_vote": "author",
        "quorum_percent": "300", "discussion_days": "3", "voting_days": "5"})
    assert "quorum_percent" in response.context["form"].errors


# Around the pages ------------------------------------------------------------------------------

def test_the_dashboard_lists_votes_waiting_and_the_union_page_links_to_decisions(
        world, client):
    proposal = _ranked(world)
    client.force_login(world.member)
    dashboard = client.get("/dashboard/").content.decode()
    assert "Votes waiting for you" in dashboard and proposal.get_absolute_url() in dashboard
    services.ballot_cast(proposal=proposal, user=world.member, choice={"ranking": [1]})
    assert "Votes waiting for you" not in client.get("/dashboard/").content.decode()
    assert f'href="{D}/"' in client.get("/u/users/").content.decode()


def test_the_list_shows_each_phase_with_its_deadline(world, client):
    proposal = _ranked(world)
    services.proposal_create(union=world.union, chapter=None, author=world.member,
                             title="My own draft", body="x")
    services.proposal_create(union=world.union, chapter=None, author=world.organiser,
                             title="Someone else's draft", body="x")
    client.force_login(world.member)
    html = client.get(f"{D}/").content.decode()
    assert "Voting now" in html and proposal.title in html and "Voting closes" in html
    assert "My own draft" in html and "Someone else&#x27;s draft" not in html
    assert "New proposal" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_on_the_list_and_proposal_pages_do_not_grow_with_proposals_or_comments(
        world, client):
    proposal = _ranked(world)
    client.force_login(world.member)
    services.comment_add(proposal=proposal, author=world.organiser, body="First")
    list_before = _queries(client, f"{D}/")
    detail_before = _queries(client, proposal.get_absolute_url())
    for i in range(10):
        extra = services.proposal_create(union=world.union, chapter=world.chapter,
                                         author=world.organiser, title=f"More {i}", body="x")
        services.proposal_publish(proposal=extra, by=world.organiser)
        top = services.comment_add(proposal=proposal, author=world.member, body=f"c{i}")
        services.comment_add(proposal=proposal, author=world.organiser, body=f"r{i}",
                             parent=top)
    assert _queries(client, f"{D}/") == list_before
    assert _queries(client, proposal.get_absolute_url()) == detail_before


def test_an_option_label_is_escaped_in_the_chart_and_tables(world, client):
    proposal = services.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser, title="XSS",
        body="x", kind=Kind.PLURALITY, options=["<script>x</script>", "B"], quorum_percent=0)
    vote_now(proposal, world.organiser)
    services.ballot_cast(proposal=proposal, user=world.member, choice={"option": 1})
    proposal = _close(proposal)
    client.force_login(world.member)
    html = client.get(f"{D}/{proposal.pk}/results/").content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert Option.objects.filter(proposal=proposal).count() == 2


def test_a_member_who_left_after_voting_opened_still_votes_from_the_roll(world, client):
    from suma.governance import services as gov
    from suma.governance.models import Ballot
    from suma.members import services as members
    from tests.governance.world import vote_now

    proposal = vote_now(gov.proposal_create(
        union=world.union, chapter=world.chapter, author=world.organiser, title="Stay or go",
        body="…", quorum_percent=0), world.organiser)
    members.chapter_leave(chapter=world.chapter, user=world.member)
    client.force_login(world.member)
    response = client.post(f"/u/{world.union.slug}/decisions/{proposal.pk}/vote/",
                           {"vote": "yes"})
    assert response.status_code == 302
    assert Ballot.objects.filter(proposal=proposal).count() == 1
