"""The petitions API as a program uses it; every answer checked against the OpenAPI schema."""

import pytest
from django.test import Client

from suma.tactics.petitions import services
from tests.governance.test_api import Api, conforms
from tests.petitions.world import make_petition

pytestmark = pytest.mark.django_db
V1 = "/api/v1/unions/users/petitions"


def test_anyone_reads_petitions_their_counts_and_countries(world):
    petition = make_petition(world)
    services.petition_sign(petition=petition, user=world.member, country="KE")
    client = Client()
    listed = conforms(client.get(V1)).json()
    assert listed["items"][0]["signatures"] == 1
    detail = conforms(client.get(f"{V1}/{petition.slug}")).json()
    assert detail["milestones"][0]["count"] == 3 and detail["countries"][0]["country"] == "KE"
    assert conforms(client.get(f"{V1}/{petition.slug}/countries")).json()[0]["count"] == 1
    draft = make_petition(world, slug="draft", open_it=False)
    assert conforms(client.get(f"{V1}/{draft.slug}")).status_code == 404


def test_a_member_signs_and_withdraws_through_the_api(world, django_assert_max_num_queries):
    petition = make_petition(world)
    api = Api(world.member)
    # The token check (and its first use of the minute), the petition, the signature, the
    # counter; the savepoint pair stands for BEGIN/COMMIT inside the test's transaction.
    with django_assert_max_num_queries(7):
        signed = api.post(f"{V1}/{petition.slug}/signatures", {"country": "KE"})
    assert signed.status_code == 201 and signed.json()["status"] == "confirmed"
    again = api.post(f"{V1}/{petition.slug}/signatures", {"country": "KE"})
    assert again.status_code == 400 and again.json()["code"] == "already_signed"
    gone = api.send("delete", f"{V1}/{petition.slug}/signatures/mine")
    assert gone.status_code == 204
    assert services.signature_total(petition=petition) == 0


def test_a_visitor_signs_confirms_and_withdraws_through_the_api(world):
    petition = make_petition(world)
    client = Client()
    body = {"name": "Jane Roe", "email": "jane@example.org", "country": "IE"}
    answer = conforms(client.post(f"{V1}/{petition.slug}/visitor-signatures", body,
                                  content_type="application/json"))
    assert answer.status_code == 202
    bad = conforms(client.post(f"{V1}/{petition.slug}/visitor-signatures",
                               {**body, "email": "nope"}, content_type="application/json"))
    assert bad.status_code == 400 and bad.json()["field"] == "email"
    signature = petition.signatures.get()
    token = services.signature_token_issue(signature=signature)
    ok = conforms(client.post(f"{V1}/{petition.slug}/confirmations", {"token": token},
                              content_type="application/json"))
    assert ok.status_code == 200
    replay = conforms(client.post(f"{V1}/{petition.slug}/confirmations", {"token": token},
                                  content_type="application/json"))
    assert replay.status_code == 400 and replay.json()["code"] == "already_confirmed"
    assert services.signature_total(petition=petition) == 1
    out = conforms(client.post(f"{V1}/{petition.slug}/withdrawals",
                               {"token": services.withdraw_token(signature)},
                               content_type="application/json"))
    assert out.status_code == 200 and services.signature_total(petition=petition) == 0


def test_organisers_review_and_deliver_through_the_api(world):
    petition = make_petition(world)
    held = services.petition_sign_visitor(petition=petition, name="Bob", country="KE",
                                          email="bob@mailinator.com", send_email=False)
    services.signature_confirm(petition=petition,
                               token=services.signature_token_issue(signature=held))
    api = Api(world.organiser)
    queue = api.get(f"{V1}/{petition.slug}/review-queue").json()
    assert queue["items"][0]["suspicion"] == "email_disposable"
    assert api.post(f"{V1}/{petition.slug}/review-queue/{held.pk}",
                    {"decision": "approve"}).json()["status"] == "confirmed"
    assert api.get(f"{V1}/{petition.slug}/letter.pdf").content.startswith(b"%PDF")
    assert "Bob" in api.get(f"{V1}/{petition.slug}/signatures.csv").content.decode()
    assert api.post(f"{V1}/{petition.slug}/delivery").json()["status"] == "delivered"
    assert Api(world.member).get(f"{V1}/{petition.slug}/review-queue").status_code == 403
