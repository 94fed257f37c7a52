"""The letters API as a phone app would use it: a member says where they live, finds their
representatives, gets the template merged for them, is refused a copy, sends once, records
the reply and answers "did they reply?"; organisers draft with checked merge fields."""

import pytest
from django.test import Client

from suma.core.tokens import api_token_create
from tests.letters.world import PERSONAL, TEMPLATE, make_letter_campaign, representatives
from tests.petitions.world import campaign_for

pytestmark = pytest.mark.django_db
A = "/api/v1/unions/users/letter-campaigns"


class Api:
    def __init__(self, user=None) -> None:
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, key = api_token_create(user=user, name="phone")
            self.headers = {"Authorization": f"Bearer {key}"}

    def __call__(self, method: str, path: str, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs |= {"data": body, "content_type": "application/json"}
        return getattr(self.client, method)(path if path.startswith("/api") else
                                            f"/api/v1{path}", **kwargs)


@pytest.fixture
def reps(db):
    return representatives()


@pytest.fixture
def letters(world, reps):
    return make_letter_campaign(world)


def test_a_member_writes_and_sends_through_the_api(world, letters, reps):
    api = Api(world.member)
    c = f"{A}/{letters.pk}"
    answer = api("get", f"{c}/representatives")
    assert answer.status_code == 200 and answer.json()["representatives"] == []
    assert "where you live" in answer.json()["reason"]
    assert api("put", "/me/constituency", {"country": "DE", "region": "Berlin-Mitte",
                                           "postcode": "10119"}).json()["country"] == "DE"
    found = api("get", f"{c}/representatives").json()["representatives"]
    assert [(r["name"], r["by_email"], r["letter"]) for r in found] == [
        ("Erika Example", True, "none"), ("Max Example", True, "none")]
    erika = f"{c}/representatives/{reps['Erika Example'].pk}/letter"
    draft = api("get", erika).json()
    assert draft["status"] == "new" and draft["template_similarity"] == 100
    assert draft["body"].startswith("Dear Erika Example,") and draft["limit"] == 75
    refused = api("post", f"{erika}/send", {"method": "email"})
    assert refused.status_code == 400 and refused.json()["code"] == "no_letter"
    refused = api("post", f"{erika}/send", {"method": "email", "subject": draft["subject"],
                                            "body": draft["body"]})
    assert refused.status_code == 400 and refused.json()["code"] == "identikit"
    assert "100% the same as the campaign's template" in refused.json()["detail"]
    saved = api("put", erika, {"subject": "Rejections", "body": PERSONAL}).json()
    assert saved["status"] == "draft" and saved["template_similarity"] < 75
    sent = api("post", f"{erika}/send", {"method": "email"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    again = api("post", f"{erika}/send", {"method": "post"})
    assert again.status_code == 409 and again.json()["code"] == "already_sent"
    letter_id = sent.json()["id"]
    reply = api("post", f"{c}/letters/{letter_id}/replies",
                {"received_on": sent.json()["sent_at"][:10], "summary": "She will ask."})
    assert reply.status_code == 201
    answer = api("put", f"{c}/letters/{letter_id}/questionnaire", {"answer": "yes"})
    assert answer.json()["answer"] == "yes" and len(answer.json()["replies"]) == 1
    detail = Api()("get", c).json()
    assert detail["counts"]["sent"] == 1 and detail["counts"]["replied"] == 1
    assert detail["per_representative"] == [
        {"representative_id": reps["Erika Example"].pk, "name": "Erika Example",
         "office": "Member of the Bundestag", "body": "Deutscher Bundestag", "sent": 1,
         "replied": 1}]
    assert detail["template"] is None  # visitors do not see the words members start from
    [mine] = api("get", f"{c}/letters").json()
    assert mine["id"] == letter_id
    pdf = api("get", f"{c}/letters/{letter_id}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_organisers_create_open_and_close_with_merge_fields_checked(world, reps):
    campaign = campaign_for(world)
    api = Api(world.organiser)
    body = {"campaign": campaign.slug, "title": "Write to the Bundestag", "subject": "Hello",
            "template": "Dear {representative_nam},", "talking_points": ["One"],
            "country": "DE", "body": "Deutscher Bundestag"}
    refused = api("post", A, body)
    assert refused.status_code == 400 and refused.json()["field"] == "template"
    assert "{representative_nam}" in refused.json()["detail"]
    created = api("post", A, {**body, "template": TEMPLATE})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    assert Api()("get", f"{A}/{pk}").status_code == 404  # a draft is the organisers' alone
    assert [c["id"] for c in api("get", A).json()["items"]] == [pk]
    assert Api()("get", A).json()["items"] == []
    assert api("post", f"{A}/{pk}/open").json()["status"] == "open"
    assert Api()("get", f"{A}/{pk}").json()["talking_points"] == ["One"]
    assert api("post", f"{A}/{pk}/close").json()["status"] == "closed"
    refused = Api(world.member)("post", f"{A}/{pk}/close")
    assert refused.status_code == 403
