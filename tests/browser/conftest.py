"""End-to-end tests: Debian's headless Chromium, driven by Playwright, against a live server.

The live server runs in a thread of the test process on the test database (in-memory SQLite
or PostgreSQL), so tests build their world with the real services and the browser sees it.
"""

import functools
import os
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, outbox_messages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HERE = Path(__file__).resolve().parent
# A small phone (320 CSS pixels is WCAG's reflow width): many members are micro-workers on
# phones with poor connections.
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run "
                    "the browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the
    # tests make between clicks are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _fresh_cache(_outbox_and_cache):
    """Rate limits live in the cache; a local-memory cache outlives a settings override."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def new_context(browser, live_server):
    """Open a fresh browser (cookies, locale) on the live server; closed after the test."""
    opened = []

    def make(*, locale: str = "en-GB", **options):
        context = browser.new_context(base_url=live_server.url, locale=locale, **options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def in_language(language: str):
    """gettext in `language`, for asserting what the page says.

    Outside English, a text that comes back unchanged is an untranslated string: that fails.
    """
    from django.utils import translation

    def text(message: str, **values) -> str:
        with translation.override(language):
            shown = translation.gettext(message)
        if language != "en":
            assert shown != message, f"{message!r} is not translated into {language!r}"
        return shown % values if values else shown

    return text


def field(page, label: str):
    """The form field with this label (Django may add a colon, " :" in French)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$"))


def log_in(page, email: str, password: str = PASSWORD, *, next_url: str = "") -> None:
    """Log in through the form, as a person would."""
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()


def totp_code(user) -> str:
    """The code the user's authenticator app would show now."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    # Like a person who sees the code about to change: wait for the next one.
    if app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def log_in_with_totp(page, user, *, password_done: bool = False) -> None:
    """Password, then the two-factor step with the code from the authenticator app."""
    if not password_done:
        log_in(page, user.email)
    page.locator("input[name=code]").fill(totp_code(user))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state()


def confirmation_link(settings, address: str) -> str:
    """The link in the newest email sent to `address`."""
    for message in reversed(outbox_messages(settings)):
        if address in message["To"]:
            body = message.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
            assert found, body
            return found.group(0)
    raise AssertionError(f"no email to {address} in the outbox")


@functools.cache
def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA) on the page; returns the violations."""
    # Evaluated through the DevTools protocol, which the page's strict CSP does not block
    # (a <script> tag would be, and the test should see the CSP the members get).
    page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


class Audit:
    """Collects problems page by page (axe-core's, and sideways scrolling), then fails once."""

    def __init__(self, page) -> None:
        self.page = page
        self.found: list[str] = []

    def visit(self, url: str, name: str) -> None:
        response = self.page.goto(url)
        assert response is not None
        self.check(name)

    def check(self, name: str) -> None:
        self.page.wait_for_load_state()
        if violations := axe_violations(self.page):
            self.found.append(f"{name} ({self.page.url}):\n{describe(violations)}")
        # Reflow (WCAG 1.4.10): no sideways scrolling of the whole page on a narrow screen.
        page_width, screen_width = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if page_width > screen_width:
            self.found.append(f"{name} ({self.page.url}): the page is {page_width}px wide "
                              f"on a {screen_width}px screen")

    def assert_clean(self) -> None:
        assert not self.found, "accessibility problems:\n" + "\n".join(self.found)
