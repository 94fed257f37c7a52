"""Joining works with JavaScript off: plain forms and links, on a phone that blocks scripts."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, confirmation_link, field, in_language, log_in
from tests.conftest import PASSWORD

NEWCOMER = "tupac.mamani@example.net"
NEW_PASSWORD = "a longer passphrase for the union"


def test_signing_up_confirming_logging_in_and_applying_work_without_javascript(
        new_context, world, settings):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(world.chapter.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(world.chapter.name)
    page.get_by_role("link", name="create an account").click()

    field(page, "Email").fill(NEWCOMER)
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    page.goto(confirmation_link(settings, NEWCOMER))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    log_in(page, NEWCOMER, next_url=world.chapter.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(world.chapter.name)
    page.get_by_role("button", name="Apply to join").click()
    expect(page.get_by_role("status")).to_contain_text("Your application is sent.")
    expect(page.get_by_text("Your application is waiting for an organiser.")).to_be_visible()


def test_a_forgotten_password_is_reset_from_the_email_without_javascript(
        new_context, world, settings):
    from tests.conftest import outbox_messages

    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name=re.compile("Forgot your password", re.I)).click()
    field(page, "Email").fill(world.member.email)
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")

    (message,) = [m for m in outbox_messages(settings) if world.member.email in m["To"]]
    body = message.get_body(preferencelist=("plain",)).get_content()
    page.goto(re.search(r"https?://\S+/accounts/password/reset/key/\S+/", body).group(0))
    field(page, "New Password").fill(NEW_PASSWORD)
    field(page, "New Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text("Your password is now changed.")).to_be_visible()

    log_in(page, world.member.email, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_the_language_switcher_works_without_javascript(new_context, world):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(world.union.get_absolute_url())
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.union.name)
    _ = in_language("es")
    expect(page.get_by_role("link", name=_("Log in"))).to_be_visible()
    expect(page.get_by_role("heading", name=_("How to join"))).to_be_visible()
