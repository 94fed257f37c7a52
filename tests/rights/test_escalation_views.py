"""The escalation pages and API as a member, an organiser and a steward use them: a follow-up
sent from its page, a complaint drafted in one click and lodged, the mandate given and revoked,
a new mandate text, a dossier built and downloaded. Who may do what is in the matrix
(tests/rights/matrix_escalation.py)."""

import pytest
from django.utils import timezone

from suma.core.tokens import api_token_create
from suma.rights.escalation_selectors import item_label
from suma.rights.models import Complaint, ComplaintStatus, Mandate, RequestEvent, RequestStatus
from tests.conftest import outbox_messages
from tests.rights.escalation_world import authorities, controller, make_request, mandate, publish


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def uber(db):
    authorities()
    return controller()


def _text(response) -> str:
    return response.content.decode()


def _pdf(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    return content


def _api(client, user, method, path, body=None):
    _token, key = api_token_create(user=user, name="test")
    kwargs = {"headers": {"Authorization": f"Bearer {key}"}}
    if body is not None:
        kwargs |= {"data": body, "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1/unions/users/rights{path}", **kwargs)


# -- Pages ---------------------------------------------------------------------------------

def test_the_member_follows_up_an_incomplete_answer_from_its_page(
        client, world, uber, settings, django_capture_on_commit_callbacks, run_jobs):
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    client.force_login(world.member)
    url = f"/u/users/rights/requests/{request.reference}/follow-up/"
    page = client.get(url)
    assert page.status_code == 200
    assert item_label("ratings", "en") in _text(page)
    assert item_label("purposes", "en") not in _text(page)  # the answer had it
    assert "privacy@uber.example" in _text(page)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, follow=True)
    assert "Follow-up sent to privacy@uber.example, with a copy to you." in _text(sent)
    assert "A follow-up went today" in _text(sent)
    run_jobs()
    assert any("privacy@uber.example" in m["To"] for m in outbox_messages(settings))
    event = RequestEvent.objects.get(request=request, kind="follow_up")
    _pdf(client.get(f"{url}{event.pk}/letter.pdf"))
    again = client.post(url, follow=True)
    assert "already sent today" in _text(again)


def test_one_click_from_an_overdue_request_gives_the_complaint_draft_and_its_pdf(
        client, world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    client.force_login(world.member)
    url = f"/u/users/rights/requests/{request.reference}/complaint/"
    page = client.get(url)
    text = _text(page)
    assert page.status_code == 200 and "Autoriteit Persoonsgegevens" in text
    assert "Download the complaint (PDF)" in text and request.reference in text
    assert not Complaint.objects.exists()  # looking writes nothing
    _pdf(client.get(f"{url}complaint.pdf?authority=nlap"))
    # Another authority, from the list.
    chosen = client.get(f"{url}?authority=iedpc")
    assert "Irish Data Protection Commission" in _text(chosen)
    # Lodged: the date recorded, the request moves to "complaint", the PDF kept.
    today = timezone.localdate().isoformat()
    lodged = client.post(url, {"authority": "iedpc", "on": today}, follow=True)
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.LODGED and complaint.authority.slug == "iedpc"
    assert "you lodged the complaint on" in _text(lodged)
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLAINT
    kept = _pdf(client.get(f"/u/users/rights/complaints/{complaint.pk}/complaint.pdf"))
    with complaint.file.open("rb") as stored:
        assert stored.read() == kept
    # A date in the future is refused, with the reason.
    other = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    refused = client.post(f"/u/users/rights/requests/{other.reference}/complaint/",
                          {"on": "2999-01-01"}, follow=True)
    assert "day still to come" in _text(refused)


def test_a_member_gives_and_revokes_the_mandate_and_sees_its_history(client, world):
    publish(world.union, world.steward, "I mandate the union.\n\nVersion one.")
    client.force_login(world.member)
    page = client.get("/u/users/rights/mandate/")
    assert "Version one." in _text(page) and "Give my mandate" in _text(page)
    unticked = client.post("/u/users/rights/mandate/", {"text_version": "1"})
    assert unticked.status_code == 400 and "Tick the box" in _text(unticked)
    given = client.post("/u/users/rights/mandate/", {"text_version": "1", "consent": "on"},
                        follow=True)
    assert "may now lodge complaints for you" in _text(given)
    assert "Your mandate is in force" in _text(given)
    revoked = client.post("/u/users/rights/mandate/revoke/", follow=True)
    assert "Your mandate is revoked" in _text(revoked)
    assert "in force" not in _text(revoked).split("Your mandates")[1].split("</table>")[0]
    assert Mandate.objects.get().revoked_at is not None


def test_a_steward_publishes_a_new_version_and_members_are_asked_to_consent_again(
        client, world):
    publish(world.union, world.steward, "Version one.")
    mandate(world.union, world.member)
    client.force_login(world.steward)
    page = client.get("/u/users/rights/mandate/texts/")
    assert "Version one." in _text(page)
    published = client.post("/u/users/rights/mandate/texts/", {"text": "Version two."},
                            follow=True)
    assert "Version 2 of the mandate is published." in _text(published)
    same = client.post("/u/users/rights/mandate/texts/", {"text": "Version two."})
    assert same.status_code == 400 and "version 2 already" in _text(same)
    client.force_login(world.member)
    page = _text(client.get("/u/users/rights/mandate/"))
    assert "Version two." in page and "The text has changed since" in page


def test_an_organiser_builds_a_dossier_and_downloads_its_pdf(client, world, uber):
    publish(world.union, world.steward)
    mandate(world.union, world.member)
    for status in (RequestStatus.OVERDUE, RequestStatus.INCOMPLETE):
        make_request(world.union, world.member, uber, status=status)
    client.force_login(world.organiser)
    listing = _text(client.get("/u/users/rights/dossiers/"))
    assert "Uber B.V." in listing
    url = f"/u/users/rights/dossiers/{uber.pk}/"
    page = _text(client.get(url))
    assert "No answer by the deadline" in page and "Median days past the deadline" in page
    assert "Autoriteit Persoonsgegevens" in page
    built = client.post(url, {"authority": ""}, follow=True)
    assert "The dossier is built: 2 requests." in _text(built)
    dossier = Complaint.objects.get(collective=True)
    _pdf(client.get(f"/u/users/rights/complaints/{dossier.pk}/complaint.pdf"))
    lodged = client.post(f"/u/users/rights/complaints/{dossier.pk}/lodge/",
                         {"on": timezone.localdate().isoformat()}, follow=True)
    assert "the complaint was lodged on" in _text(lodged)
    dossier.refresh_from_db()
    assert dossier.status == ComplaintStatus.LODGED


# -- API -----------------------------------------------------------------------------------

def test_the_api_drafts_lodges_and_downloads_a_complaint(client, world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.REMINDED)
    authorities_found = _api(client, world.member, "get",
                             f"/requests/{request.reference}/authorities")
    assert authorities_found.status_code == 200
    proposed = [a["slug"] for a in authorities_found.json() if a["proposed"]]
    assert proposed == ["nlap"]
    drafted = _api(client, world.member, "post", f"/requests/{request.reference}/complaints", {})
    assert drafted.status_code == 201, drafted.content
    body = drafted.json()
    assert body["status"] == "draft" and body["authority"] == "nlap"
    assert body["references"] == [request.reference] and body["pdf_ready"]
    future = _api(client, world.member, "post", f"/complaints/{body['id']}/lodge",
                  {"on": "2999-01-01"})
    assert future.status_code == 400 and future.json()["field"] == "on"
    lodged = _api(client, world.member, "post", f"/complaints/{body['id']}/lodge",
                  {"on": timezone.localdate().isoformat()})
    assert lodged.status_code == 200 and lodged.json()["status"] == "lodged"
    again = _api(client, world.member, "post", f"/complaints/{body['id']}/lodge",
                 {"on": timezone.localdate().isoformat()})
    assert again.status_code == 409 and again.json()["code"] == "already_lodged"
    _pdf(_api(client, world.member, "get", f"/complaints/{body['id']}/complaint.pdf"))


def test_the_api_sends_a_follow_up_once_a_day(client, world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    sent = _api(client, world.member, "post", f"/requests/{request.reference}/follow-ups", {})
    assert sent.status_code == 201
    assert sent.json()["channel"] == "email" and sent.json()["sent_to"] == "privacy@uber.example"
    assert client.get(sent.json()["pdf_url"]).status_code == 302  # a page: log in first
    twice = _api(client, world.member, "post", f"/requests/{request.reference}/follow-ups", {})
    assert twice.status_code == 409 and twice.json()["code"] == "already_sent"


def test_the_api_mandate_lifecycle_and_a_dossier(client, world, uber):
    none_yet = _api(client, world.member, "get", "/mandate")
    assert none_yet.json() == {"current": None, "mine": None, "history": []}
    text = _api(client, world.steward, "post", "/mandate-texts", {"text": "I mandate it."})
    assert text.status_code == 201 and text.json()["version"] == 1
    stale = _api(client, world.member, "post", "/mandates", {"text_version": 2})
    assert stale.status_code == 409 and stale.json()["field"] == "text_version"
    given = _api(client, world.member, "post", "/mandates", {"text_version": 1})
    assert given.status_code == 201 and given.json()["revoked_at"] is None
    state = _api(client, world.member, "get", "/mandate").json()
    assert state["mine"]["id"] == given.json()["id"] and state["current"]["version"] == 1
    make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    built = _api(client, world.organiser, "post", "/dossiers", {"controller_id": uber.pk})
    assert built.status_code == 201 and built.json()["collective"]
    assert built.json()["requests"] == 1 and built.json()["pdf_ready"]
    revoked = _api(client, world.member, "post", "/mandates/mine/revoke", {})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    # The draft dossier lost the member who revoked: nothing is left in it.
    left = _api(client, world.organiser, "get", f"/complaints/{built.json()['id']}")
    assert left.json()["requests"] == 0
    nothing = _api(client, world.organiser, "post", "/dossiers", {"controller_id": uber.pk})
    assert nothing.status_code == 400 and nothing.json()["code"] == "nothing_to_lodge"
