"""A first visit stays light on a poor connection, and nothing is fetched from another host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, log_in

BUDGET = 150 * 1024  # bytes transferred by a page's first load, everything included


def first_load(context, url: str):
    """The page, the bytes transferred (headers and bodies) by its first load, and its URLs."""
    page = context.new_page()
    responses = []
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    total = 0
    for response in responses:
        response.finished()
        sizes = response.request.sizes()
        # The body as it came over the wire; never less than what the page received.
        body = max(sizes["responseBodySize"], len(response.body()) if response.ok else 0)
        total += sizes["responseHeadersSize"] + body
    return page, total, requests


@pytest.mark.parametrize("url", ["/", "/accounts/signup/", "/accounts/login/"],
                         ids=["union page", "sign-up", "log-in"])
def test_the_first_load_of_a_public_page_is_under_150_kb_from_this_server_only(
        new_context, world, live_server, url):
    page, total, requests = first_load(new_context(**PHONE), url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert total < BUDGET, f"{url} transferred {total} bytes"
    server = urlsplit(live_server.url).netloc
    elsewhere = [u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != server]
    assert not elsewhere, f"{url} fetched from other hosts: {elsewhere}"


def test_the_first_load_of_the_dashboard_is_under_150_kb_from_this_server_only(
        new_context, world, live_server):
    signed_in = new_context(**PHONE)
    log_in(signed_in.new_page(), world.organiser.email)
    # A fresh browser cache, with the signed-in session.
    fresh = new_context(storage_state=signed_in.storage_state(), **PHONE)
    page, total, requests = first_load(fresh, "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert total < BUDGET, f"the dashboard transferred {total} bytes"
    server = urlsplit(live_server.url).netloc
    assert all(urlsplit(u).netloc == server for u in requests if not u.startswith("data:"))
