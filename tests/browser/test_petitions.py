"""Petitions in the browser: a visitor signs on a phone, confirms from the emailed link with
the page's button, and sees the counter move; the organiser reviews and delivers."""

import re

from playwright.sync_api import expect

from suma.core.worker import run_worker
from suma.tactics.petitions import services
from tests.browser.conftest import PHONE, Audit, field, log_in
from tests.conftest import outbox_messages
from tests.petitions.world import make_petition


def _link(settings, address: str, kind: str) -> str:
    for message in reversed(outbox_messages(settings)):
        if address in message["To"]:
            body = message.get_body(preferencelist=("plain",)).get_content()
            found = re.search(rf"https?://\S+/{kind}/\S+/", body)
            assert found, body
            return found.group(0)
    raise AssertionError(f"no email to {address} in the outbox")


def test_a_visitor_signs_and_confirms_a_petition(new_context, world, live_server, settings):
    petition = make_petition(world)
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    page.goto(petition.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.title)
    expect(page.get_by_role("heading", name="0 signatures")).to_be_visible()
    audit.check("a petition, for a visitor")
    field(page, "Your name").fill("Jane Roe")
    field(page, "Your email").fill("jane.roe@example.org")
    field(page, "Country").select_option(label="Ireland")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("we sent you an email")
    audit.check("signed, waiting for confirmation")
    run_worker(batch=True, interval=0)
    link = _link(settings, "jane.roe@example.org", "confirm")
    page.goto(link.replace(settings.SITE_URL, live_server.url))
    audit.check("the confirmation page")
    assert services.signature_total(petition=petition) == 0  # opening the link is not enough
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("status")).to_contain_text("Your signature is confirmed")
    expect(page.get_by_role("heading", name="1 signature")).to_be_visible()
    expect(page.get_by_role("cell", name="Ireland")).to_be_visible()
    audit.check("confirmed")
    assert services.signature_total(petition=petition) == 1
    audit.assert_clean()


def test_a_member_signs_with_one_click_and_the_organiser_delivers(new_context, world):
    petition = make_petition(world)
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto(petition.get_absolute_url())
    field(page, "Country").select_option(label="Kenya")
    page.get_by_role("button", name="Sign with one click").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for signing")
    audit.check("signed by a member")
    organiser = new_context(**PHONE).new_page()
    log_in(organiser, world.organiser.email)
    organiser.goto(petition.get_absolute_url())
    organiser.get_by_role("link", name="Delivery").click()
    audit_organiser = Audit(organiser)
    audit_organiser.check("delivery page")
    organiser.get_by_role("button", name="Record the delivery").click()
    expect(organiser.get_by_role("status")).to_contain_text("Delivery recorded")
    audit.assert_clean()
    audit_organiser.assert_clean()
