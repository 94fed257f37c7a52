"""The decisions API as a program uses it: proposals, discussion, ballots, results, delegation.

Every answer is checked against the OpenAPI schema (schemathesis' response checks), as the
schemathesis run in tests/api/test_schema.py does for generated requests.
"""

import re
import threading
from datetime import timedelta

import pytest
import requests
import schemathesis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suma.api.api import api
from suma.core.tokens import api_token_create
from suma.governance import sealing, services
from suma.governance.models import Ballot, Kind, Phase, Proposal, Voter
from suma.members import services as member_services
from suma.members.models import Membership
from tests.conftest import build_world, make_user
from tests.governance.world import governance_values, vote_now

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
P = f"{V1}/unions/users/proposals"
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=V1))
_TEMPLATES = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
              for path in SCHEMA.raw_schema["paths"]]


def conforms(response):
    """Assert that an answer is what the OpenAPI schema says this operation answers."""
    request = response.wsgi_request
    path = next(template for pattern, template in _TEMPLATES if pattern.match(request.path))
    prepared = requests.Request(request.method, "http://testserver" + request.get_full_path(),
                                headers={"Content-Type": "application/json"}).prepare()
    SCHEMA[path][request.method].validate_response(schemathesis.Response(
        status_code=response.status_code, content=response.content, request=prepared,
        headers={k: [v] for k, v in response.headers.items()}, elapsed=0.0, verify=False))
    return response


class Api:
    """A member's program: a personal token, JSON in, JSON out, every answer checked."""

    def __init__(self, user, client=None):
        self.client = client or Client()
        _token, key = api_token_create(user=user, name="test")
        self.headers = {"Authorization": f"Bearer {key}"}

    def get(self, path):
        return conforms(self.client.get(path, headers=self.headers))

    def send(self, method, path, body=None):
        return conforms(getattr(self.client, method)(
            path, body if body is not None else {}, content_type="application/json",
            headers=self.headers))

    def post(self, path, body=None):
        return self.send("post", path, body)


@pytest.fixture
def gov(world):
    """The world with a draft, a discussion, a running Schulze vote and a closed yes/no vote."""
    world.ids = governance_values(world)
    return world


def yes_no_vote(world, *, secret=True, author=None):
    proposal = services.proposal_create(union=world.union, chapter=world.chapter,
                                        author=author or world.organiser, title="Strike?",
                                        body="Yes or no.", secret=secret)
    return vote_now(proposal, world.organiser)


def error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["code"] == code, response.json()
    return response.json()


# Proposals -------------------------------------------------------------------------------

def test_members_list_published_proposals_and_their_own_drafts_filtered_by_phase(gov):
    member = Api(gov.member)
    listed = member.get(P).json()
    assert listed["count"] == 4  # the member's draft, a discussion, a vote, a closed vote
    assert {item["phase"] for item in listed["items"]} == {"draft", "discussion", "voting",
                                                           "closed"}
    voting = member.get(f"{P}?phase=voting").json()
    assert [item["id"] for item in voting["items"]] == [gov.ids["voting_proposal"]]
    assert voting["items"][0]["scope"] == "nairobi"
    # Someone else's draft stays hidden, from the list and from its own address.
    organiser = Api(gov.organiser)
    assert organiser.get(f"{P}?phase=draft").json()["count"] == 0
    error(organiser.get(f"{P}/{gov.ids['draft_proposal']}"), 403, "forbidden")
    error(member.get(f"{P}?phase=nonsense"), 422, "invalid")


def test_a_member_drafts_a_ranked_proposal_publishes_it_and_the_organiser_opens_the_vote(world):
    member = Api(world.member)
    created = member.post(P, {"title": "Our first demand", "body": "Rank them.",
                              "chapter": "nairobi", "kind": "schulze",
                              "options": ["Fair pay", "Transparency", "Data access"]})
    assert created.status_code == 201
    draft = created.json()
    assert draft["phase"] == "draft"
    assert draft["scope"] == "nairobi"
    assert draft["author"] == "Achieng Atieno"
    assert [o["label"] for o in draft["options"]] == ["Fair pay", "Transparency", "Data access"]

    closes = timezone.now() + timedelta(days=3)
    published = member.post(f"{P}/{draft['id']}/publish",
                            {"discussion_closes_at": closes.isoformat()})
    assert published.status_code == 200
    assert published.json()["phase"] == "discussion"
    assert published.json()["discussion_closes_at"].startswith(closes.date().isoformat())
    error(member.post(f"{P}/{draft['id']}/open-vote"), 403, "forbidden")

    organiser = Api(world.organiser)
    opened = organiser.post(f"{P}/{draft['id']}/open-vote",
                            {"voting_closes_at": (timezone.now() + timedelta(days=2)).isoformat()})
    assert opened.status_code == 200
    assert opened.json()["phase"] == "voting"
    assert opened.json()["eligible_count"] == 2  # the chapter's organiser and member
    seen = member.get(f"{P}/{draft['id']}").json()
    assert seen["your_vote"] == {"on_roll": True, "voted": False}


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"title": "x", "chapter": "nowhere"}, 400, "chapter"),
    ({"title": "   "}, 400, "title"),
    ({"title": "x", "threshold": "3/2"}, 400, "threshold"),
    ({"title": "x", "kind": "approval", "options": ["Only one"]}, 400, "options"),
    ({"title": "x", "action_kind": "launch_rockets"}, 400, "action_kind"),
    ({"title": "x", "threshold": "1/0"}, 422, "threshold"),
    ({"title": "x", "kind": "lottery"}, 422, "kind"),
    ({"title": "x", "quorum_percent": 101}, 422, "quorum_percent"),
])
def test_a_draft_that_cannot_be_made_is_refused_naming_the_field(world, body, status, field):
    response = Api(world.member).post(P, body)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert not Proposal.objects.exists()


def test_a_deadline_in_the_past_or_past_the_year_3000_is_refused(gov):
    member = Api(gov.member)
    draft = gov.ids["draft_proposal"]
    past = member.post(f"{P}/{draft}/publish", {"discussion_closes_at": "2001-01-01T00:00:00Z"})
    assert error(past, 400, "invalid")["field"] == "discussion_closes_at"
    far = member.post(f"{P}/{draft}/publish", {"voting_closes_at": "9999-12-31T23:59:00-14:00"})
    assert error(far, 400, "invalid")["field"] == "voting_closes_at"
    naive = member.post(f"{P}/{draft}/publish", {"discussion_closes_at": "2030-01-01T00:00:00"})
    assert error(naive, 422, "invalid")["field"] == "discussion_closes_at"
    assert Proposal.objects.get(pk=draft).phase == Phase.DRAFT


# Discussion ------------------------------------------------------------------------------

def test_comments_and_replies_come_back_in_order_with_their_parents(gov):
    url = f"{P}/{gov.ids['discussion_proposal']}/comments"
    first = Api(gov.member).post(url, {"body": "Fridays suit me."})
    assert first.status_code == 201
    reply = Api(gov.organiser).post(url, {"body": "Noted.", "parent": first.json()["id"]})
    assert reply.status_code == 201
    listed = Api(gov.steward).get(url).json()
    assert [(c["author"], c["body"], c["parent"]) for c in listed["items"]] == [
        ("Achieng Atieno", "Fridays suit me.", None),
        ("Wanjiru Kamau", "Noted.", first.json()["id"])]


def test_a_reply_to_a_comment_on_another_proposal_or_an_empty_comment_is_refused(gov):
    member = Api(gov.member)
    elsewhere = member.post(f"{P}/{gov.ids['voting_proposal']}/comments", {"body": "Hi"})
    url = f"{P}/{gov.ids['discussion_proposal']}/comments"
    wrong = member.post(url, {"body": "Me too", "parent": elsewhere.json()["id"]})
    assert error(wrong, 400, "invalid")["field"] == "parent"
    assert error(member.post(url, {"body": "  "}), 400, "invalid")["field"] == "body"
    error(Api(gov.other_organiser).post(url, {"body": "Not my chapter"}), 403, "forbidden")


# Ballots ---------------------------------------------------------------------------------

def test_a_ballot_answers_its_receipt_and_the_roll_shows_the_voter_voted(world):
    proposal = yes_no_vote(world)
    member = Api(world.member)
    cast = member.post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "yes"}, "receipt": ""})
    assert cast.status_code == 201
    receipt = cast.json()["receipt"]
    assert cast.json()["receipt_hash"] == sealing.ballot_hash(receipt)
    ballot = Ballot.objects.get(proposal=proposal)
    assert (ballot.choice, ballot.receipt_hash, ballot.voter) == (
        "yes", sealing.ballot_hash(receipt), None)
    assert member.get(f"{P}/{proposal.pk}").json()["your_vote"] == {"on_roll": True,
                                                                     "voted": True}
    turnout = Api(world.organiser).get(f"{P}/{proposal.pk}/turnout")
    assert turnout.json() == {"voted": 1, "eligible": 2, "percent": 50.0}
    error(member.get(f"{P}/{proposal.pk}/turnout"), 403, "forbidden")


@pytest.mark.parametrize(("choice", "code", "message"), [
    ({"ranking": [2, 9]}, "unknown_option", "Option 9 is not on this ballot."),
    ({"ranking": [1, 3, 1]}, "repeated_option", "Option 1 is ranked twice."),
    ({"ranking": []}, "invalid_choice", "Rank at least one option."),
    ({"vote": "yes"}, "invalid_choice", "Rank at least one option."),
])
def test_a_ranking_that_does_not_fit_the_ballot_is_refused_saying_why(gov, choice, code,
                                                                        message):
    url = f"{P}/{gov.ids['voting_proposal']}/ballots"
    body = error(Api(gov.member).post(url, {"choice": choice}), 400, code)
    assert body["detail"] == message
    assert not Ballot.objects.filter(proposal_id=gov.ids["voting_proposal"]).exists()
    assert not Voter.objects.get(proposal_id=gov.ids["voting_proposal"], user=gov.member).voted


def test_a_secret_ballot_is_changed_only_with_its_receipt_and_the_old_one_is_gone(world):
    proposal = yes_no_vote(world)
    member = Api(world.member)
    url = f"{P}/{proposal.pk}/ballots"
    first = member.post(url, {"choice": {"vote": "yes"}}).json()["receipt"]
    again = error(member.post(url, {"choice": {"vote": "no"}}), 400, "already_voted")
    assert again["field"] == "receipt"
    wrong = error(member.post(url, {"choice": {"vote": "no"}, "receipt": "0000-0000-0000-0000"}),
                  400, "bad_receipt")
    assert wrong["field"] == "receipt"
    changed = member.post(url, {"choice": {"vote": "no"}, "receipt": first.lower()})
    assert changed.status_code == 201
    assert list(Ballot.objects.filter(proposal=proposal).values_list("choice", "receipt_hash")) \
        == [("no", changed.json()["receipt_hash"])]
    # The old receipt no longer changes anything.
    error(member.post(url, {"choice": {"vote": "yes"}, "receipt": first}), 400, "bad_receipt")


def test_an_open_ballot_is_replaced_by_casting_again(world):
    proposal = yes_no_vote(world, secret=False)
    member = Api(world.member)
    assert member.post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "yes"}}).status_code \
        == 201
    assert member.post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "no"}}).status_code \
        == 201
    assert list(Ballot.objects.filter(proposal=proposal).values_list("choice", "voter")) == [
        ("no", world.member.pk)]


def test_no_ballot_before_the_vote_opens_or_after_it_closes(gov):
    member = Api(gov.member)
    body = {"choice": {"vote": "yes"}}
    early = member.post(f"{P}/{gov.ids['discussion_proposal']}/ballots", body)
    assert error(early, 400, "not_open")["detail"] == "Voting has not opened yet."
    error(member.post(f"{P}/{gov.ids['closed_proposal']}/ballots", body), 400, "closed")
    # Past the deadline but not yet closed by the periodic job: closed all the same.
    now = timezone.now()
    Proposal.objects.filter(pk=gov.ids["voting_proposal"]).update(
        voting_opens_at=now - timedelta(hours=1), voting_closes_at=now - timedelta(seconds=1))
    late = member.post(f"{P}/{gov.ids['voting_proposal']}/ballots", {"choice": {"ranking": [1]}})
    error(late, 400, "closed")


def test_a_member_who_joined_after_voting_opened_may_not_vote(world):
    proposal = yes_no_vote(world)
    newcomer = make_user("late@example.org", "Late Comer")
    member_services.application_approve(
        application=member_services.chapter_apply(chapter=world.chapter, user=newcomer),
        by=world.steward)
    refused = Api(newcomer).post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "yes"}})
    assert error(refused, 403, "not_eligible")["detail"].startswith(
        "You are not on the voter roll")
    other = Api(world.other_organiser).post(f"{P}/{proposal.pk}/ballots",
                                            {"choice": {"vote": "yes"}})
    error(other, 403, "not_eligible")
    error(Api(world.outsider).post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "yes"}}),
          403, "forbidden")
    assert not Ballot.objects.filter(proposal=proposal).exists()


def test_casting_a_ballot_takes_few_queries(world):
    proposal = yes_no_vote(world)
    member = Api(world.member)
    member.get(f"{V1}/me/")  # the token's last use is recorded at most once a minute
    with CaptureQueriesContext(connection) as queries:
        response = member.client.post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "yes"}},
                                      content_type="application/json", headers=member.headers)
    assert response.status_code == 201
    statements = [q["sql"] for q in queries.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN"))]
    print(f"\nqueries per cast: {len(statements)}")
    for sql in statements:
        print("  ", sql[:110])
    # the token, the proposal (with its union and chapter), the member's standing (for the
    # rules), the ballot box still open (a shared lock), the roll entry (update), the ballot
    # (insert)
    assert len(statements) <= 6


# Results and the bulletin ----------------------------------------------------------------

def test_the_result_and_the_bulletin_wait_for_the_close(gov):
    member = Api(gov.member)
    voting = gov.ids["voting_proposal"]
    assert error(member.get(f"{P}/{voting}/result"), 409, "not_closed")
    error(member.get(f"{P}/{voting}/bulletin"), 409, "not_closed")


def test_after_the_close_everyone_in_the_union_reads_the_result_and_finds_their_receipt(world):
    proposal = yes_no_vote(world, secret=True)
    receipt = Api(world.member).post(f"{P}/{proposal.pk}/ballots",
                                     {"choice": {"vote": "yes"}}).json()["receipt"]
    Api(world.organiser).post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "no"}})
    services.proposal_close(proposal=proposal, early=True)
    reader = Api(world.other_organiser)
    result = reader.get(f"{P}/{proposal.pk}/result").json()
    assert result["counts"] == {"yes": 1, "no": 1}
    assert (result["ballots"], result["eligible"], result["outcome"]) == (2, 2, "failed")
    rows = reader.get(f"{P}/{proposal.pk}/bulletin").json()
    assert rows["count"] == 2
    mine = [row for row in rows["items"] if row["receipt_hash"] == sealing.ballot_hash(receipt)]
    assert mine == [{"receipt_hash": sealing.ballot_hash(receipt), "choice": "yes",
                     "decoded": {"vote": "yes", "option": None, "options": None,
                                 "scores": None, "ranking": None},
                     "delegated": False, "voter": ""}]


def test_an_open_ballots_bulletin_names_each_voter(world):
    proposal = yes_no_vote(world, secret=False)
    Api(world.member).post(f"{P}/{proposal.pk}/ballots", {"choice": {"vote": "abstain"}})
    services.proposal_close(proposal=proposal, early=True)
    rows = Api(world.steward).get(f"{P}/{proposal.pk}/bulletin").json()["items"]
    assert [(r["voter"], r["choice"]) for r in rows] == [("Achieng Atieno", "abstain")]


# Delegation and decision settings --------------------------------------------------------

def test_a_member_delegates_their_vote_once_the_union_allows_it_and_takes_it_back(world):
    member = Api(world.member)
    organiser_membership = Membership.objects.get(user=world.organiser, union=world.union)
    body = {"delegate": organiser_membership.pk}
    error(member.send("put", f"{V1}/unions/users/delegation", body), 403, "forbidden")

    steward = Api(world.steward)
    assert steward.send("patch", f"{V1}/unions/users/decision-settings",
                        {"delegation": True}).json()["delegation"] is True
    given = member.send("put", f"{V1}/unions/users/delegation", body)
    assert given.status_code == 200
    assert given.json() == {"chapter": None, "enabled": True,
                            "delegate": {"id": organiser_membership.pk,
                                         "name": "Wanjiru Kamau"}}
    in_chapter = member.send("put", f"{V1}/unions/users/delegation",
                             {**body, "chapter": "nairobi"})
    assert in_chapter.json()["chapter"] == "nairobi"
    assert member.get(f"{V1}/unions/users/delegation").json()["delegate"]["name"] == \
        "Wanjiru Kamau"
    removed = member.send("delete", f"{V1}/unions/users/delegation")
    assert removed.status_code == 204
    assert member.get(f"{V1}/unions/users/delegation").json()["delegate"] is None
    assert member.get(f"{V1}/unions/users/delegation?chapter=nairobi").json()["delegate"]


def test_delegating_to_oneself_or_to_nobody_known_is_refused(world):
    services.settings_update(union=world.union, by=world.steward, values={"delegation": True})
    member = Api(world.member)
    own = Membership.objects.get(user=world.member, union=world.union).pk
    refused = member.send("put", f"{V1}/unions/users/delegation", {"delegate": own})
    assert error(refused, 400, "invalid")["field"] == "delegate"
    unknown = member.send("put", f"{V1}/unions/users/delegation", {"delegate": 999999})
    assert error(unknown, 400, "invalid")["field"] == "delegate"
    elsewhere = member.send("put", f"{V1}/unions/users/delegation",
                            {"delegate": own + 1, "chapter": "nowhere"})
    assert error(elsewhere, 400, "not_found")["field"] == "chapter"


def test_members_read_the_decision_rules_and_only_stewards_with_two_factor_change_them(world):
    url = f"{V1}/unions/users/decision-settings"
    assert Api(world.member).get(url).json() == {
        "who_may_propose": "members", "who_may_open_vote": "organisers", "delegation": False,
        "quorum_percent": 20, "discussion_days": 7, "voting_days": 7,
        "strikes_need_proposal": False}
    error(Api(world.organiser).send("patch", url, {"quorum_percent": 50}), 403, "forbidden")
    changed = Api(world.steward).send("patch", url, {"quorum_percent": 50,
                                                     "who_may_propose": "stewards"})
    assert changed.json()["quorum_percent"] == 50
    assert changed.json()["who_may_propose"] == "stewards"
    assert Api(world.steward).send("patch", url, {"quorum_percent": 101}).status_code == 422
    # Now members may no longer propose.
    error(Api(world.member).post(P, {"title": "Anything"}), 403, "forbidden")


# Concurrency -----------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_parallel_ballots_for_one_voter_never_count_twice():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads on an in-memory SQLite database (shared cache) fail with 'table "
                    "is locked' instead of waiting; run with SUMA_TEST_DATABASE_NAME=<file>")
    world = build_world()
    proposal = yes_no_vote(world)
    _token, key = api_token_create(user=world.member, name="race")
    headers = {"Authorization": f"Bearer {key}"}
    url = f"{P}/{proposal.pk}/ballots"
    barrier = threading.Barrier(8)
    answers: list = []

    def cast(vote: str) -> None:
        try:
            barrier.wait()
            response = Client().post(url, {"choice": {"vote": vote}},
                                     content_type="application/json", headers=headers)
            answers.append((response.status_code, response.json().get("code")))
        except BaseException as exc:  # noqa: BLE001 - reported below
            answers.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(["yes", "no"][i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answers, key=str) == [(201, None)] + [(400, "already_voted")] * 7
    assert Ballot.objects.filter(proposal=proposal).count() == 1
    assert Voter.objects.filter(proposal=proposal, voted=True).count() == 1
    assert Voter.objects.get(proposal=proposal, user=world.member).voted


def test_kinds_of_ballot_take_their_own_key(world):
    approval = services.proposal_create(union=world.union, chapter=world.chapter,
                                        author=world.organiser, title="Which?", body="",
                                        kind=Kind.APPROVAL, options=["A", "B", "C"])
    vote_now(approval, world.organiser)
    member = Api(world.member)
    url = f"{P}/{approval.pk}/ballots"
    twice = member.post(url, {"choice": {"options": [1, 1]}})
    assert error(twice, 400, "repeated_option")["detail"] == "Option 1 is approved twice."
    assert member.post(url, {"choice": {"options": [3, 1]}}).status_code == 201
    assert Ballot.objects.get(proposal=approval).choice == "1,3"
    error(member.post(url, {"choice": "1,3"}), 422, "invalid")
