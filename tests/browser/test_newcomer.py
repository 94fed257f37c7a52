"""A newcomer's whole way in, on a phone, in English and in Spanish.

Visit the union, sign up, confirm the address from the email, apply to a chapter, get
approved by its organiser, and find the membership and the news on the dashboard.
"""

import re

import pytest
from playwright.sync_api import expect

from suma.members.models import ChapterMembership, User
from tests.browser.conftest import PHONE, Audit, confirmation_link, field, in_language, log_in
from tests.conftest import PASSWORD, outbox_messages

NEWCOMER = "ana.quispe@example.net"


@pytest.mark.parametrize("locale", ["en-GB", "es-BO"], ids=["english", "spanish"])
def test_a_newcomer_signs_up_confirms_applies_and_is_approved_into_a_chapter(
        new_context, world, settings, locale):
    language = locale[:2]
    _ = in_language(language)
    page = new_context(locale=locale, **PHONE).new_page()
    audit = Audit(page)  # every page on the way passes axe-core, in this language too

    # The union's page, in the phone's language.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(world.union.name)
    expect(page.get_by_role("heading", name=_("How to join"))).to_be_visible()
    expect(page.get_by_role("link", name=world.chapter.name)).to_be_visible()
    audit.check("the union page")
    page.get_by_role("link", name=_("Create an account")).click()

    # Sign up with an email address and a password.
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Sign Up"))
    audit.check("sign-up")
    field(page, _("Email")).fill(NEWCOMER)
    field(page, _("Password")).fill(PASSWORD)
    field(page, _("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name=_("Sign Up")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Verify Your Email Address"))
    audit.check("verification sent")

    # The confirmation email, in the same language; its link shows a page whose button confirms.
    (email,) = [m for m in outbox_messages(settings) if NEWCOMER in m["To"]]
    assert _("Please Confirm Your Email Address") in email["Subject"]
    page.goto(confirmation_link(settings, NEWCOMER))
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Confirm Email Address"))
    audit.check("confirm-email")
    page.get_by_role("button", name=_("Confirm")).click()
    expect(page.get_by_role("button", name=_("Log out"))).to_be_visible()
    newcomer = User.objects.get(email=NEWCOMER)
    assert newcomer.language == language

    # Apply to the chapter of their community, which an organiser approves.
    page.goto("/")
    page.get_by_role("link", name=world.chapter.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.chapter.name)
    field(page, _("A word to the organisers (optional)")).fill(
        "I label images on three platforms.")
    page.get_by_role("button", name=_("Apply to join")).click()
    expect(page.get_by_role("status")).to_contain_text(
        _("Your application is sent. An organiser will look at it soon."))
    expect(page.get_by_text(_("Your application is waiting for an organiser."))).to_be_visible()
    audit.check("the chapter page, application sent")

    # The organiser, in a browser of their own, approves from the dashboard.
    organiser = new_context().new_page()
    log_in(organiser, world.organiser.email)
    review = organiser.get_by_role("region", name="Applications to review")
    review.get_by_role("link", name=world.chapter.name).click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Applications waiting")
    expect(organiser.get_by_text("I label images on three platforms.")).to_be_visible()
    organiser.get_by_role("button", name="Approve ana.quispe").click()
    expect(organiser.get_by_role("status")).to_contain_text("ana.quispe is now a member.")
    assert ChapterMembership.objects.get(membership__user=newcomer,
                                         chapter=world.chapter).status == "active"

    # Back on the newcomer's phone: the dashboard shows the membership and the news.
    page.get_by_role("link", name=_("Dashboard"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Dashboard"))
    unions = page.get_by_role("region", name=_("My unions and chapters"))
    expect(unions.get_by_role("heading", name=world.union.name)).to_be_visible()
    expect(unions.get_by_role("listitem").filter(has_text=world.chapter.name)).to_contain_text(
        _("Active"))
    news = page.get_by_role("region", name=_("New notifications"))
    expect(news.get_by_role("link", name=_("You are now a member of %(chapter)s",
                                           chapter=world.chapter.name))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(_("Notifications")))).to_contain_text(
        _("unread"))
    audit.check("the dashboard")
    audit.assert_clean()
