"""Letters in the browser: a member says where they live, finds their representative, is
refused the unchanged template with its similarity shown, writes in their own words and
sends; the email is in the outbox, to the representative, Reply-To and Cc the member."""

import re

from playwright.sync_api import expect

from suma.core.worker import run_worker
from suma.tactics.letters.models import Letter, LetterStatus
from tests.browser.conftest import PHONE, Audit, field, log_in
from tests.conftest import outbox_messages
from tests.letters.world import PERSONAL, make_letter_campaign, representatives


def test_a_member_sends_a_personalised_letter_to_their_representative(
        new_context, world, live_server, settings):
    erika = representatives()["Erika Example"]
    letters = make_letter_campaign(world)
    page = new_context(**PHONE).new_page()
    audit = Audit(page)
    log_in(page, world.member.email)
    page.goto(letters.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(letters.title)
    audit.check("a letter campaign, before saying where one lives")

    page.get_by_role("link", name="Tell us where you live").click()
    field(page, "Country").select_option("DE")
    field(page, "Constituency or region").fill("Berlin-Mitte")
    field(page, "Postcode").fill("10119")
    audit.check("where I live")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page.get_by_text("You live in Berlin-Mitte, Germany.")).to_be_visible()
    audit.check("a letter campaign with the member's representatives")

    page.get_by_role("link", name="Write to Erika Example").click()
    letter = field(page, "Your letter")
    expect(letter).to_have_value(re.compile(r"^Dear Erika Example,\s+I live in Berlin-Mitte"))
    expect(page.get_by_text("Say which platform you work on.")).to_be_visible()
    audit.check("writing a letter")
    page.get_by_role("button", name="Send by email").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Not sent: your letter is 100% the same as the campaign's template")
    audit.check("a letter refused as a copy")
    assert not Letter.objects.filter(status=LetterStatus.SENT).exists()

    field(page, "Subject").fill("Rejected tasks in Berlin-Mitte")
    field(page, "Your letter").fill(PERSONAL)
    page.get_by_role("button", name="Send by email").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your letter to Erika Example is on its way")
    expect(page.get_by_text("Sent by email on")).to_be_visible()
    audit.check("a letter sent")
    audit.assert_clean()

    run_worker(batch=True, interval=0)
    [mail] = [m for m in outbox_messages(settings) if erika.email in m["To"]]
    assert mail["Subject"] == "Rejected tasks in Berlin-Mitte"
    assert mail["Cc"] == world.member.email
    assert world.member.email in mail["Reply-To"]
    assert "forty of my image labels" in mail.get_body(preferencelist=("plain",)).get_content()
