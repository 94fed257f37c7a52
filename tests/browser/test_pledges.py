"""Pledges in the browser: a member pledges with one click; then pledges sent through the API
cross the threshold, and the member sees "activated" and finds "it's on" in the outbox."""

import requests
from playwright.sync_api import expect

from suma.core.tokens import api_token_create
from suma.core.worker import run_worker
from suma.tactics.pledges.models import Pledge, PledgeStatus
from tests.browser.conftest import PHONE, Audit, log_in
from tests.conftest import outbox_messages
from tests.pledges.test_services import join
from tests.pledges.world import make_campaign, make_pledge


def test_a_member_pledges_on_the_page_and_the_api_crosses_the_threshold(
        new_context, world, live_server, settings):
    pledge = make_pledge(world, make_campaign(world), threshold=3)
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto(pledge.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(pledge.title)
    expect(page.get_by_text("but only if 2 other members of Click workers pledge too")) \
        .to_be_visible()
    audit.check("a pledge collecting")
    page.get_by_role("button", name="I pledge").click()
    expect(page.get_by_role("status")).to_contain_text("You pledged.")
    expect(page.get_by_text("1 of 3 pledged")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my pledge")).to_be_visible()
    audit.check("a pledge the member made")

    # Two more members pledge through the API: the second crosses the threshold.
    others = join(world, "Ana Quispe", "Bo Lin")
    url = f"{live_server.url}/api/v1/unions/users/pledges/{pledge.pk}/signups"
    for user in others:
        _token, key = api_token_create(user=user, name="phone")
        answer = requests.post(url, json={}, headers={"Authorization": f"Bearer {key}"},
                               timeout=30)
        assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "activated"
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.ACTIVATED

    page.reload()
    expect(page.locator("#pledge-status")).to_have_text("Activated")
    expect(page.get_by_text("3 of 3 pledged")).to_be_visible()
    audit.check("an activated pledge")
    audit.assert_clean()

    run_worker(batch=True, interval=0)  # the "it's on" job, then the emails
    run_worker(batch=True, interval=0)
    mails = [m for m in outbox_messages(settings) if world.member.email in m["To"]]
    texts = [m["Subject"] + m.get_body(preferencelist=("plain",)).get_content() for m in mails]
    assert any(f"It's on: {pledge.title}" in text for text in texts), texts
