"""Every page a person sees passes axe-core's WCAG 2.1 A and AA rules, in the states they meet.

The pages of the newcomer's walk (in English and Spanish) are checked in test_newcomer.py;
here are the others, by who is looking.
"""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Audit, field, log_in, log_in_with_totp
from tests.conftest import PASSWORD, make_user


@pytest.fixture
def page(new_context):
    """A narrow phone screen: axe-core's rules, plus no sideways scrolling."""
    return new_context(**PHONE).new_page()


def test_pages_an_anonymous_visitor_sees_are_accessible(page, world):
    audit = Audit(page)
    audit.visit("/", "the union page")
    audit.visit(world.chapter.get_absolute_url(), "a chapter page")
    audit.visit("/accounts/signup/", "sign-up")
    expect(field(page, "Password")).to_have_accessible_description(
        re.compile("at least 8 characters"))
    field(page, "Email").fill("someone@example.net")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill("another password entirely")
    page.get_by_role("button", name="Sign Up").click()
    expect(field(page, "Password (again)")).to_have_accessible_description(
        "You must type the same password each time.")
    audit.check("sign-up with a mistake")

    audit.visit("/accounts/login/", "log-in")
    field(page, "Email").fill(world.member.email)
    field(page, "Password").fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("The email address and/or password you specified are not "
                            "correct.")).to_be_visible()
    audit.check("log-in with a mistake")

    audit.visit("/accounts/password/reset/", "password reset")
    field(page, "Email").fill(world.member.email)
    page.get_by_role("button", name="Reset My Password").click()
    audit.check("password reset sent")

    unconfirmed = make_user("unconfirmed@example.net", verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=unconfirmed)).key
    audit.visit(f"/accounts/confirm-email/{key}/", "confirm-email")
    expect(page.get_by_role("button", name="Confirm")).to_be_visible()
    audit.visit("/accounts/confirm-email/not-a-key/", "confirm-email with an old link")
    audit.visit("/no/such/page/", "error 404")
    expect(page.get_by_role("heading", level=1)).to_have_text("This page does not exist")
    audit.visit("/join/not-a-token/", "an invalid invitation link")
    audit.assert_clean()


def test_pages_a_member_sees_are_accessible(page, world):
    audit = Audit(page)
    log_in(page, world.member.email)
    audit.check("dashboard")
    audit.visit(world.chapter.get_absolute_url(), "a chapter page, as a member")
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()
    audit.visit("/notifications/", "notifications")
    audit.visit("/notifications/settings/", "notification settings")
    audit.visit(world.union.get_absolute_url() + "me/", "membership settings")
    audit.visit("/settings/tokens/", "API tokens")
    field(page, "Name").fill("my phone")
    page.get_by_role("button", name="Create a token").click()
    expect(page.get_by_role("status")).to_be_visible()
    audit.check("API tokens, with a new token")
    audit.visit("/accounts/email/", "account email addresses")
    audit.visit("/accounts/password/change/", "change password")
    audit.visit("/accounts/2fa/", "two-factor authentication")

    # Setting up an authenticator app asks for the password again first.
    audit.visit("/accounts/2fa/totp/activate/", "reauthentication")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    audit.check("MFA setup")
    audit.assert_clean()


def test_pages_an_organiser_sees_are_accessible(page, world):
    audit = Audit(page)
    log_in(page, world.organiser.email)
    audit.check("dashboard, with applications to review")
    audit.visit(world.chapter.get_absolute_url(), "a chapter page, as its organiser")
    audit.visit(world.chapter.get_absolute_url() + "applications/", "applications")
    expect(page.get_by_role("heading", name=world.applicant.name)).to_be_visible()
    audit.visit(world.chapter.get_absolute_url() + "invitations/", "invitations")
    page.get_by_role("button", name="Create a link").click()
    expect(page.get_by_role("status")).to_be_visible()
    audit.check("invitations, with a new link")
    audit.visit("/u/users/c/la-paz/applications/", "another chapter's applications (403)")
    audit.assert_clean()


def test_pages_a_steward_sees_are_accessible(page, world):
    audit = Audit(page)
    log_in(page, world.steward.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    audit.check("the two-factor step of log-in")
    log_in_with_totp(page, world.steward, password_done=True)
    audit.visit("/audit/", "audit log")
    expect(page.get_by_role("table")).to_be_visible()
    audit.visit("/audit/?verify=1", "audit log, verified")
    expect(page.get_by_role("status")).to_have_text("The chain is intact.")
    audit.assert_clean()


def test_decision_pages_are_accessible(page, new_context, world):
    from suma.governance import services as governance
    from tests.governance.world import governance_values

    ids = governance_values(world)
    governance.settings_update(union=world.union, by=world.steward, values={"delegation": True})
    decisions = world.union.get_absolute_url() + "decisions/"
    audit = Audit(page)
    log_in(page, world.member.email)
    audit.check("dashboard, with a vote waiting")
    for path, name in [("", "decisions list"), ("new/", "new proposal"),
                       ("adopted/", "adopted texts"), ("delegation/", "delegation"),
                       (f"{ids['draft_proposal']}/", "a draft"),
                       (f"{ids['draft_proposal']}/edit/", "editing a draft"),
                       (f"{ids['draft_proposal']}/publish/", "publishing a draft"),
                       (f"{ids['discussion_proposal']}/", "a discussion"),
                       (f"{ids['voting_proposal']}/", "a ranked ballot"),
                       (f"{ids['closed_proposal']}/", "a closed vote"),
                       (f"{ids['closed_proposal']}/results/", "a yes/no result"),
                       (f"{ids['closed_proposal']}/bulletin/", "a bulletin")]:
        audit.visit(decisions + path, name)
    page.get_by_role("button", name="Find my ballot").click()
    audit.check("a bulletin, ballot not found")
    audit.visit(decisions + f"{ids['voting_proposal']}/", "a ranked ballot")
    page.get_by_label("Fair pay", exact=True).select_option("1")
    page.get_by_label("Transparency", exact=True).select_option("1")
    page.get_by_role("button", name="Cast my vote").click()
    audit.check("a ranked ballot with two equal ranks")
    page.get_by_label("Transparency", exact=True).select_option("2")
    page.get_by_role("button", name="Cast my vote").click()
    audit.check("a receipt")
    audit.visit(decisions + f"{ids['voting_proposal']}/", "a ranked ballot, voted")
    audit.visit(decisions + "new/", "new proposal")
    page.get_by_role("button", name="Save the draft").click()
    audit.check("new proposal with mistakes")
    steward = new_context(**PHONE).new_page()
    log_in_with_totp(steward, world.steward)
    steward_audit = Audit(steward)
    steward_audit.visit(decisions + "settings/", "decision rules")
    steward_audit.visit(decisions + f"{ids['voting_proposal']}/", "a running vote with turnout")
    audit.assert_clean()
    steward_audit.assert_clean()
