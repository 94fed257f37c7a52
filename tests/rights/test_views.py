"""The request and drive pages as members and organisers use them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suma.rights import services
from suma.rights.models import DataRequest, RequestStatus
from tests.conftest import outbox_messages
from tests.rights.world import controller, draft, drive, overdue, sent

pytestmark = pytest.mark.django_db
S = RequestStatus
R = "/u/users/rights"


def page(request, suffix: str = "") -> str:
    return f"{R}/requests/{request.reference}/{suffix}"


def text(response) -> str:
    return response.content.decode()


def test_a_member_writes_a_request_from_the_directory_and_sends_it(world, client, settings):
    company = controller("email")
    client.force_login(world.member)
    found = text(client.get(f"{R}/requests/new/", {"q": "mailco"}))
    assert f"?controller={company.pk}" in found
    form = text(client.get(f"{R}/requests/new/", {"controller": company.pk}))
    assert 'value="Achieng Atieno"' in form and "Worker ID" in form
    missing = client.post(f"{R}/requests/new/", {"controller": company.pk, "kinds": ["access"],
                                                  "id_0": "Achieng Atieno",
                                                  "id_1": "achieng@example.org"})
    assert missing.status_code == 400 and not DataRequest.objects.exists()
    answer = client.post(f"{R}/requests/new/", {
        "controller": company.pk, "kinds": ["access", "erasure"], "id_0": "Achieng Atieno",
        "id_1": "achieng@example.org", "id_2": "W-9", "details_erasure": "my old photos"},
        follow=True)
    request = DataRequest.objects.get()
    assert "Your request is ready" in text(answer) and "my old photos" in text(answer)
    assert "Send the request" in text(answer)
    answer = client.post(page(request, "send/"), follow=True)
    assert "Sent. The controller has your request by email" in text(answer)
    assert "How the deadline is counted" in text(answer)
    again = client.post(page(request, "send/"), follow=True)
    assert "it is not sent twice" in text(again)
    assert len(outbox_messages(settings)) == 1


def test_a_controller_with_no_channel_shows_what_to_do_instead(world, client):
    silent = controller("none")
    client.force_login(world.member)
    shown = text(client.get(f"{R}/requests/new/", {"controller": silent.pk}))
    assert "privacy policy" in shown and "Prepare the letter" not in shown
    made = drive(world, kind="none")
    shown = text(client.get(made.get_absolute_url()))
    assert "privacy policy" in shown and "Join the drive" not in shown


def test_a_letter_to_post_is_a_pdf_and_ive_sent_it_refuses_a_future_date(world, client):
    request = draft(world, kind="letter")
    client.force_login(world.member)
    shown = text(client.get(page(request)))
    assert "Burgerweeshuispad 301" in shown and "I've sent it" in shown
    pdf = client.get(page(request, "letter.pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    tomorrow = services.current_date() + timedelta(days=1)
    answer = client.post(page(request, "sent/"), {"sent-sent_on": tomorrow.isoformat()},
                         follow=True)
    assert "that is in the future" in text(answer)
    answer = client.post(page(request, "sent/"),
                         {"sent-sent_on": services.current_date().isoformat()}, follow=True)
    assert "Recorded: the deadline runs" in text(answer)
    request.refresh_from_db()
    assert request.status == S.SENT


def test_a_web_form_request_shows_the_address_and_the_text_to_paste(world, client):
    request = draft(world, kind="webform")
    client.force_login(world.member)
    shown = text(client.get(page(request)))
    assert "https://formco.example/privacy" in shown
    assert '<textarea id="letter-text"' in shown and request.reference in shown


def test_the_answer_checklist_marks_an_incomplete_answer(world, client):
    request = sent(world, kind="letter")
    client.force_login(world.member)
    shown = text(client.get(page(request)))
    assert "Trip data" in shown or "trip" in shown.lower()
    today = services.current_date().isoformat()
    answer = client.post(page(request, "answer/"),
                         {"ans-on": today, "ans-contained": ["purposes", "trips"]},
                         follow=True)
    assert "The answer is incomplete" in text(answer)
    request.refresh_from_db()
    assert request.status == S.INCOMPLETE and request.contained == ["purposes", "trips"]


def test_an_uploaded_reply_shows_in_the_history_and_downloads(world, client, settings,
                                                             tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = sent(world)
    client.force_login(world.member)
    eml = (b"From: Privacy <privacy@mailco.example>\r\nSubject: Your data\r\n\r\nHello\r\n")
    answer = client.post(page(request, "reply/"), {
        "reply-upload": SimpleUploadedFile("reply.eml", eml, content_type="message/rfc822")},
        follow=True)
    shown = text(answer)
    assert "The reply is attached" in shown and "Your data" in shown
    reply = request.replies.get()
    download = client.get(page(request, f"replies/{reply.pk}/"))
    assert b"".join(download.streaming_content).startswith(b"From: Privacy")
    refused = client.post(page(request, "reply/"), {
        "reply-upload": SimpleUploadedFile("reply.txt", b"hello")}, follow=True)
    assert "Attach the reply as an email file" in text(refused)


def test_an_overdue_request_offers_the_reminder_and_a_place_for_the_complaint(
        world, client, settings, monkeypatch):
    request, day = overdue(world)
    monkeypatch.setattr(services, "current_date", lambda: day)
    client.force_login(world.member)
    shown = text(client.get(page(request)))
    assert "the request is overdue" in shown and "Send a reminder" in shown
    answer = client.post(page(request, "remind/"), follow=True)
    assert "Reminder sent by email" in text(answer)
    request.refresh_from_db()
    assert request.status == S.REMINDED


def test_a_members_request_is_private_to_them_and_the_organisers(world, client):
    request = sent(world)
    for person, status in ((world.outsider, 404), (world.organiser, 200),
                           (world.member, 200)):
        client.force_login(person)
        assert client.get(page(request)).status_code == status
    client.force_login(world.organiser)
    shown = text(client.get(page(request)))
    assert "Send a reminder" not in shown and "Record the answer" in shown


def test_a_member_joins_a_drive_with_one_click(world, client, settings):
    made = drive(world)
    client.force_login(world.member)
    shown = text(client.get(made.get_absolute_url()))
    assert "Join the drive" in shown and 'value="Achieng Atieno"' in shown
    answer = client.post(f"{made.get_absolute_url()}join/",
                         {"id_0": "Achieng Atieno", "id_1": "achieng@example.org",
                          "id_2": "W-5"}, follow=True)
    assert "Your request is sent" in text(answer)
    assert len(outbox_messages(settings)) == 1
    again = client.post(f"{made.get_absolute_url()}join/",
                        {"id_0": "A", "id_1": "achieng@example.org", "id_2": "W-5"},
                        follow=True)
    assert "already joined this drive" in text(again)
    assert "You joined" in text(client.get(made.get_absolute_url()))


def test_an_organiser_creates_opens_and_watches_a_drive(world, client):
    company = controller("letter")
    client.force_login(world.organiser)
    answer = client.post(f"{R}/drives/new/", {
        "title": "Uber: our data", "controller": "uber", "kinds": ["access", "portability"],
        "chapter": str(world.chapter.pk), "campaign": "", "description": "Together."},
        follow=True)
    assert "saved as a draft" in text(answer)
    made = world.union.drives.get()
    assert made.controller == company and made.slug == "uber-our-data"
    answer = client.post(f"{made.get_absolute_url()}status/", {"action": "open"}, follow=True)
    assert "members can join" in text(answer)
    board = text(client.get(f"{made.get_absolute_url()}dashboard/"))
    assert "Where the requests stand" in board
    assert client.get(f"{R}/dashboard/").status_code == 200


def test_the_league_table_shows_controllers_fastest_first(world, client):
    first = sent(world)
    services.request_answer(request=first, by=world.member, on=first.sent_on, contained=[])
    sent(world, kind="letter")
    client.force_login(world.member)
    shown = text(client.get(f"{R}/league/"))
    assert shown.index("MailCo Ltd") < shown.index("Uber B.V.")
    client.force_login(world.outsider)
    assert client.get(f"{R}/league/").status_code == 403


def test_a_campaigns_drive_shows_in_its_repertoire(world, client):
    made = drive(world, with_campaign=True, kind="letter")
    request = services.drive_join(drive=made, member=world.member)
    services.request_mark_sent(request=request, by=world.member,
                               sent_on=services.current_date())
    shown = text(client.get(f"/u/users/campaigns/{made.campaign.slug}/repertoire/"))
    assert made.title in shown and "Requests sent" in shown
