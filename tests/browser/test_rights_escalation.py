"""Escalation in the browser: the clock moves past a request's deadline, the member sees
"Overdue", has the reminder, and drafts the complaint in one click; an organiser produces a
collective complaint dossier as a PDF for the members who mandated the union."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from suma.core.mail import notification_digests_deliver
from suma.members import services as members
from suma.rights import deadlines
from suma.rights.models import Complaint, ComplaintStatus, DataRequest, RequestStatus
from suma.rights.sweep import requests_overdue_sweep
from suma.rights.tasks import requests_daily
from tests.browser.conftest import PHONE, Audit, field, log_in, log_in_with_totp
from tests.conftest import make_user, outbox_messages
from tests.rights.escalation_world import authorities, controller, make_request, mandate, publish


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf_pages(path: str) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", Path(path).read_bytes()))


def test_past_the_deadline_the_member_sees_overdue_has_the_reminder_and_a_one_click_complaint(
        new_context, world, settings):
    authorities()
    uber = controller()
    sent_on = timezone.localdate() - timedelta(days=45)
    due = deadlines.deadline(received=sent_on, country="NL")
    request = make_request(world.union, world.member, uber, status=RequestStatus.SENT,
                           sent_on=sent_on, deadline=due)

    # The test clock: the deadline day (the member is reminded), then the day after (the
    # daily job's sweep finds the request overdue and tells the member).
    requests_daily(today=due)
    assert requests_overdue_sweep(today=due) == 0
    requests_daily(today=due + timedelta(days=1))
    request.refresh_from_db()
    assert request.status == RequestStatus.OVERDUE
    notification_digests_deliver()
    [digest] = [m for m in outbox_messages(settings) if world.member.email in m["To"]]
    text = digest.get_body(preferencelist=("plain",)).get_content()
    assert f"Today is the deadline for Uber B.V. to answer your request {request.reference}" \
        in text
    assert f"Uber B.V. missed the deadline of your request {request.reference}" in text

    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto("/notifications/")
    page.get_by_role("link", name=re.compile("missed the deadline")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request to Uber B.V.")
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    audit.check("an overdue request")

    page.get_by_role("link", name="Draft a complaint").click()  # the one click
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint about Uber B.V.")
    expect(page.get_by_text("Autoriteit Persoonsgegevens").first).to_be_visible()
    audit.check("the complaint, drafted")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the complaint (PDF)").click()
    assert download.value.suggested_filename == f"complaint-{request.reference}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert _pdf_pages(download.value.path()) >= 2  # the letter, the timeline

    field(page, "I sent it to the authority on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record that I lodged it").click()
    expect(page.get_by_role("status")).to_contain_text("you lodged the complaint on")
    expect(page.locator("#complaint-status")).to_have_text("Lodged")
    audit.check("the complaint, lodged")
    audit.assert_clean()
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLAINT


def test_an_organiser_produces_a_collective_complaint_dossier_as_a_pdf(new_context, world):
    authorities()
    uber = controller()
    publish(world.union, world.steward, "I mandate the Platform Users' Union to complain to "
                                        "the supervisory authority for me.")
    others = []
    for name in ("Ana Quispe", "Bo Lin"):
        user = make_user(f"{name.lower().replace(' ', '.')}@example.org", name)
        place = members.chapter_apply(chapter=world.chapter, user=user)
        members.application_approve(application=place, by=world.steward)
        mandate(world.union, user)
        others.append(user)
    for user, status in ((world.member, RequestStatus.OVERDUE),
                         (others[0], RequestStatus.INCOMPLETE),
                         (others[1], RequestStatus.REMINDED)):
        make_request(world.union, user, uber, status=status)

    # The member reads the mandate and gives it.
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto("/u/users/rights/mandate/")
    expect(page.get_by_text("I mandate the Platform Users' Union")).to_be_visible()
    audit.check("the mandate, to give")
    page.get_by_label("I have read this text, and I give the union this mandate.").check()
    page.get_by_role("button", name="Give my mandate").click()
    expect(page.get_by_role("status")).to_contain_text("may now lodge complaints for you")
    expect(page.locator("#mandate-status")).to_contain_text("Your mandate is in force")
    audit.check("the mandate, given")

    # The organiser builds the dossier about Uber and downloads it.
    page = new_context(**PHONE).new_page()
    audit.page = page
    log_in(page, world.organiser.email)
    page.goto("/u/users/rights/dossiers/")
    audit.check("collective complaints")
    page.get_by_role("link", name="Uber B.V.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier about Uber B.V.")
    expect(page.get_by_text("Most often missing")).to_be_visible()
    audit.check("a dossier, before it is built")
    page.get_by_role("button", name="Build the dossier").click()
    expect(page.get_by_role("status")).to_contain_text("The dossier is built: 3 requests.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Collective complaint about Uber B.V.")
    audit.check("a dossier, built")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the dossier (PDF)").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF-")
    # The summary, three complaints with their annexes, the mandate text.
    assert _pdf_pages(path) >= 1 + 3 * 2 + 1
    audit.assert_clean()
    dossier = Complaint.objects.get(collective=True)
    assert dossier.status == ComplaintStatus.DRAFT
    assert set(dossier.requests.values_list("member", flat=True)) == {
        world.member.pk, *(u.pk for u in others)}
    assert DataRequest.objects.filter(status=RequestStatus.COMPLAINT).count() == 0


def test_the_follow_up_and_mandate_text_pages_are_accessible(new_context, world, settings):
    authorities()
    uber = controller()
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    audit.visit(f"/u/users/rights/requests/{request.reference}/follow-up/", "a follow-up")
    page.get_by_role("button", name="Send the follow-up").click()
    expect(page.get_by_role("status")).to_contain_text("Follow-up sent to privacy@uber.example")
    audit.check("a follow-up, sent")

    page = new_context(**PHONE).new_page()
    audit.page = page
    log_in_with_totp(page, world.steward)
    audit.visit("/u/users/rights/mandate/texts/", "the mandate's text")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 of the mandate is published.")
    audit.check("the mandate's text, published")
    audit.assert_clean()
