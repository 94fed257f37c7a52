"""Data-rights requests in the browser: a member joins a drive with one click and the
request lands in the outbox; a member posts a letter and records it with "I've sent it"."""

from playwright.sync_api import expect

from suma.rights import services
from suma.rights.models import DataRequest, RequestStatus
from tests.browser.conftest import PHONE, Audit, field, log_in
from tests.conftest import outbox_messages
from tests.rights.world import draft, drive


def test_a_member_joins_a_drive_and_sends_a_request_which_lands_in_the_outbox(
        new_context, world, settings):
    made = drive(world)
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto(made.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(made.title)
    expect(page.get_by_text("0 requests sent")).to_be_visible()
    expect(field(page, "Name")).to_have_value("Achieng Atieno")  # from the account
    audit.check("a drive, for a member")
    field(page, "Worker ID").fill("W-2024-118")
    page.get_by_role("button", name="Join the drive").click()
    expect(page.get_by_role("status")).to_contain_text("Your request is sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request to MailCo Ltd")
    expect(page.get_by_text("Sent", exact=True).first).to_be_visible()
    audit.check("the request, sent")

    request = DataRequest.objects.get(drive=made, member=world.member)
    assert request.status == RequestStatus.SENT
    [mail] = outbox_messages(settings)
    assert mail["To"] == "privacy@mailco.example"
    assert mail["Cc"] == mail["Reply-To"] == world.member.email
    assert request.reference in mail["Subject"]
    assert "W-2024-118" in mail.get_body(preferencelist=("plain",)).get_content()

    page.goto(made.get_absolute_url())
    expect(page.get_by_text("1 request sent")).to_be_visible()
    expect(page.get_by_text("You joined")).to_be_visible()
    page.get_by_role("link", name="My data-rights requests").click()
    expect(page.get_by_role("link", name=request.reference)).to_be_visible()
    audit.check("my requests")
    audit.assert_clean()


def test_a_member_posts_the_letter_and_records_that_it_was_sent(new_context, world, settings):
    request = draft(world, kind="letter")
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto(request.get_absolute_url())
    expect(page.get_by_text("Print the letter, sign it and post it to:")).to_be_visible()
    audit.check("a letter to post")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter (PDF)").first.click()
    assert download.value.suggested_filename == f"{request.reference}.pdf"
    field(page, "I sent it on").fill(services.current_date().isoformat())
    page.get_by_role("button", name="I've sent it").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded: the deadline runs")
    expect(page.get_by_text("How the deadline is counted")).to_be_visible()
    audit.check("a posted letter, recorded")
    audit.assert_clean()
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT and outbox_messages(settings) == []


def test_the_drive_and_request_pages_an_organiser_sees_are_accessible(new_context, world):
    made = drive(world)
    services.drive_join(drive=made, member=world.member, identification={"Worker ID": "W-1"})
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.organiser.email)
    rights = "/u/users/rights"
    for url, name in ((f"{rights}/drives/", "drive list"),
                      (f"{rights}/drives/new/", "new drive"),
                      (made.get_absolute_url(), "a drive, for its organiser"),
                      (f"{made.get_absolute_url()}dashboard/", "drive dashboard"),
                      (f"{rights}/dashboard/", "dashboard per controller"),
                      (f"{rights}/league/", "league table"),
                      (f"{rights}/requests/new/?q=mailco", "choosing a controller"),
                      (f"{rights}/requests/new/?controller={made.controller_id}",
                       "a new request")):
        audit.visit(url, name)
    expect(page.get_by_role("heading", level=1)).to_contain_text("MailCo Ltd")
    audit.assert_clean()
