"""The requests-and-drives API as a program uses it; every answer checked against the
OpenAPI schema."""

from datetime import timedelta

import pytest

from suma.rights import services
from tests.conftest import outbox_messages
from tests.governance.test_api import Api
from tests.rights.world import controller, drive, sent

pytestmark = pytest.mark.django_db

V1 = "/api/v1/unions/users/rights"


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    return body


def test_a_member_creates_sends_and_follows_a_request_to_its_answer(world, settings):
    controller("email")
    member = Api(world.member)
    created = member.post(f"{V1}/requests", {
        "controller": "mailco", "kinds": ["access", "objection"],
        "identification": [{"label": "Worker ID", "value": "W-42"}],
        "details": {"objection": "the automated rejection of my tasks"}})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["channel"] == "email"
    assert "the automated rejection of my tasks" in body["body"]
    url = f"{V1}/requests/{body['reference']}"
    sent_ = member.post(f"{url}/send").json()
    assert sent_["status"] == "sent" and sent_["deadline"] and sent_["deadline_explanation"]
    error(member.post(f"{url}/send"), 409, "already_sent")
    assert len(outbox_messages(settings)) == 1
    today = services.current_date().isoformat()
    assert member.post(f"{url}/acknowledge", {"on": today}).json()["status"] == "acknowledged"
    keys = [item["key"] for item in sent_["checklist"]]
    answered = member.post(f"{url}/answer", {"on": today, "contained": keys[:2]}).json()
    assert answered["status"] == "incomplete"
    assert [i["ticked"] for i in answered["checklist"]][:3] == [True, True, False]
    listed = member.get(f"{V1}/requests").json()
    assert [r["reference"] for r in listed["items"]] == [body["reference"]]


def test_bad_input_is_refused_with_the_field_and_the_reason(world):
    controller("email")
    controller("none")
    member = Api(world.member)
    missing = error(member.post(f"{V1}/requests", {"controller": "mailco", "kinds": ["access"]}),
                    400, "identification_missing")
    assert missing["field"] == "identification" and "Worker ID" in missing["detail"]
    none = error(member.post(f"{V1}/requests", {"controller": "silent", "kinds": ["access"]}),
                 400, "no_channel")
    assert "privacy policy" in none["detail"]
    error(member.post(f"{V1}/requests", {"controller": "nowhere", "kinds": ["access"]}), 400,
          "invalid")
    assert member.post(f"{V1}/requests", {"controller": "mailco",
                                          "kinds": ["telepathy"]}).status_code == 422
    controller("letter")
    letter = member.post(f"{V1}/requests", {"controller": "uber", "kinds": ["access"]}).json()
    tomorrow = (services.current_date() + timedelta(days=1)).isoformat()
    future = error(member.post(f"{V1}/requests/{letter['reference']}/mark-sent",
                               {"sent_on": tomorrow}), 400, "date_in_future")
    assert future["field"] == "sent_on"


def test_an_extension_out_of_time_is_refused_and_one_in_time_moves_the_deadline(world):
    request = sent(world)
    member = Api(world.member)
    url = f"{V1}/requests/{request.reference}"
    today = services.current_date().isoformat()
    error(member.post(f"{url}/extend", {"on": today, "reasons": "   "}), 422, "invalid")
    extended = member.post(f"{url}/extend", {"on": today, "reasons": "Volume"}).json()
    assert extended["status"] == "extended" and extended["deadline"] > str(request.deadline)


def test_another_members_request_is_not_found(world):
    request = sent(world)
    error(Api(world.outsider).get(f"{V1}/requests/{request.reference}"), 404, "not_found")
    assert Api(world.organiser).get(f"{V1}/requests/{request.reference}").status_code == 200


def test_a_member_joins_a_drive_and_its_organiser_sees_the_dashboard(world, settings):
    made = drive(world)
    anyone = Api(world.outsider)
    listed = anyone.get(f"{V1}/drives").json()["items"]
    assert [d["slug"] for d in listed] == [made.slug]
    shown = Api(world.member).get(f"{V1}/drives/{made.slug}").json()
    assert shown["you"] == {"joined": False, "reference": None, "eligible": True}
    assert shown["channel"] == "email"
    joined = Api(world.member).post(f"{V1}/drives/{made.slug}/join", {
        "identification": [{"label": "Worker ID", "value": "W-7"}]})
    assert joined.status_code == 201 and joined.json()["status"] == "sent"
    error(Api(world.member).post(f"{V1}/drives/{made.slug}/join", {
        "identification": [{"label": "Worker ID", "value": "W-7"}]}), 409, "already_joined")
    error(anyone.post(f"{V1}/drives/{made.slug}/join", {}), 403, "not_eligible")
    board = Api(world.organiser).get(f"{V1}/drives/{made.slug}/dashboard").json()
    assert board["sent"] == 1 and board["awaiting"] == 1
    error(Api(world.member).get(f"{V1}/drives/{made.slug}/dashboard"), 403, "forbidden")
    rows = Api(world.organiser).get(f"{V1}/dashboard").json()
    assert rows[0]["controller"]["name"] == "MailCo Ltd" and rows[0]["sent"] == 1
    league = Api(world.member).get(f"{V1}/league").json()
    assert league[0]["rank"] == 1 and league[0]["sent"] == 1 and league[0]["answered"] == 0
