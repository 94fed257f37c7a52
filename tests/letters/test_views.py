"""The letter pages as people use them: say where you live, find your representatives, write
and personalise, be told why a copy is refused, send, print, record replies, answer "did
they reply?"; organisers draft, check their merge fields and open."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from suma.campaigns.models import TimelineEvent
from suma.tactics.letters import services
from suma.tactics.letters.models import Letter, LetterCampaign, LetterCampaignStatus, LetterReply
from tests.letters.world import (
    PERSONAL,
    TEMPLATE,
    lives_in_berlin,
    make_letter_campaign,
    representatives,
    send_personal,
)
from tests.petitions.world import campaign_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reps(db):
    return representatives()


@pytest.fixture
def letters(world, reps):
    return make_letter_campaign(world)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(response) -> str:
    return unescape(response.content.decode())


def _write_url(letters, representative) -> str:
    return f"{letters.get_absolute_url()}to/{representative.pk}/"


def test_a_member_says_where_they_live_and_finds_their_representatives(world, letters):
    member = client_of(world.member)
    page = page_of(member.get(letters.get_absolute_url()))
    assert "Tell us where you live" in page
    answer = member.post("/u/users/letters/where-i-live/",
                         {"country": "DE", "region": "berlin-mitte", "postcode": "10119",
                          "next": letters.get_absolute_url()}, follow=True)
    assert answer.redirect_chain[-1][0] == letters.get_absolute_url()
    page = page_of(answer)
    assert "You live in berlin-mitte, Germany." in page
    assert "Write to Erika Example" in page and "Write to Max Example" in page
    assert "Say what a rejected task cost you." in page  # the talking points


def test_a_member_whose_region_matches_nobody_is_told_how_to_fix_it(world, letters):
    services.constituent_set(user=world.member, country="DE", region="Berlin Mitte Nord")
    page = page_of(client_of(world.member).get(letters.get_absolute_url()))
    assert "No representative of Deutscher Bundestag for the region “Berlin Mitte Nord”" in page
    assert "Check its spelling as the directory writes it, for example: Berlin-Mitte" in page
    assert "Change where I live" in page


def test_the_letter_starts_from_the_template_and_a_copy_is_refused_with_the_similarity(
        world, letters, reps):
    lives_in_berlin(world.member)
    member = client_of(world.member)
    url = _write_url(letters, reps["Erika Example"])
    page = page_of(member.get(url))
    assert "Dear Erika Example,\n\nI live in Berlin-Mitte and I am a member of Platform " \
           "Users' Union." in page
    assert "As it stands, your letter is 100% the same as the campaign's template (75% is " \
           "the limit)" in page
    assert "Say which platform you work on." in page
    assert "Send by email" in page and "Send by post (print a PDF)" in page
    copy = services.letter_prefill(letter_campaign=letters,
                                   representative=reps["Erika Example"], user=world.member,
                                   constituent=world.member.constituent)[1]
    answer = member.post(url, {"subject": "Rejections", "body": copy + "\nThanks.",
                               "action": "email"})
    assert answer.status_code == 400
    page = page_of(answer)
    assert "Not sent: your letter is 9" in page  # 9x%
    assert "% the same as the campaign's template (75% is the limit)" in page
    assert "Thanks." in page  # what the member typed is still there
    assert Letter.objects.get(user=world.member).status == "draft"


def test_a_personal_letter_is_sent_once_and_then_shown_as_sent(world, letters, reps,
                                                                django_capture_on_commit_callbacks):
    lives_in_berlin(world.member)
    member = client_of(world.member)
    url = _write_url(letters, reps["Erika Example"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = member.post(url, {"subject": "Rejections", "body": PERSONAL,
                                   "action": "email"}, follow=True)
    page = page_of(answer)
    assert "Your letter to Erika Example is on its way; a copy goes to your inbox." in page
    assert "Sent by email on" in page and "forty of my image labels" in page
    assert "Send by email" not in page
    answer = member.post(url, {"subject": "Again", "body": PERSONAL + " again",
                               "action": "email"}, follow=True)
    assert "You already sent a letter to Erika Example in this campaign." in page_of(answer)
    assert Letter.objects.get(user=world.member).subject == "Rejections"
    page = page_of(member.get(letters.get_absolute_url()))
    assert "You wrote to them." in page
    assert "1 letter sent" in page and "1 by email, 0 by post." in page


def test_by_post_the_member_prints_a_pdf_only_they_can_download(world, letters, reps):
    lives_in_berlin(world.member)
    member = client_of(world.member)
    answer = member.post(_write_url(letters, reps["Erika Example"]),
                         {"subject": "Rejections", "body": PERSONAL, "action": "post"},
                         follow=True)
    assert "Recorded as sent by post: print the PDF" in page_of(answer)
    letter = Letter.objects.get(user=world.member)
    pdf_url = f"{letters.get_absolute_url()}letters/{letter.pk}/letter.pdf"
    pdf = member.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client_of(world.organiser).get(pdf_url).status_code == 404


def test_a_reply_with_a_copy_is_counted_per_representative(world, letters, reps, settings,
                                                          tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lives_in_berlin(world.member)
    letter = send_personal(letters, world.member, reps["Erika Example"])
    member = client_of(world.member)
    url = f"{letters.get_absolute_url()}letters/{letter.pk}/reply/"
    answer = member.post(url, {"received_on": "2999-01-01", "summary": "Too early"})
    assert answer.status_code == 400
    assert "A reply cannot have come in the future." in page_of(answer)
    copy = SimpleUploadedFile("reply.eml", b"From: erika@example.org\n\nThanks!",
                              content_type="message/rfc822")
    answer = member.post(url, {"received_on": timezone.localdate().isoformat(),
                               "summary": "She will ask the ministry.", "file": copy},
                         follow=True)
    page = page_of(answer)
    assert "Reply recorded: it counts for Erika Example" in page
    assert "Replies: 1; no reply: 0; not yet: 0." in page
    reply = LetterReply.objects.get()
    file_url = f"{letters.get_absolute_url()}letters/{letter.pk}/replies/{reply.pk}/file"
    download = member.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).endswith(b"Thanks!")
    assert client_of(world.organiser).get(file_url).status_code == 404


def test_did_they_reply_is_answered_on_its_page(world, letters, reps):
    lives_in_berlin(world.member)
    letter = send_personal(letters, world.member, reps["Erika Example"])
    member = client_of(world.member)
    url = f"{letters.get_absolute_url()}letters/{letter.pk}/did-they-reply/"
    page = page_of(member.get(url))
    assert "Did Erika Example reply?" in page and "Not yet" in page
    answer = member.post(url, {"answer": "yes"})
    assert answer["Location"].endswith(f"/letters/{letter.pk}/reply/")  # then say what
    member.post(url, {"answer": "not_yet"})
    page = page_of(member.get(letters.get_absolute_url()))
    assert "Replies: 0; no reply: 0; not yet: 1." in page


def test_organisers_draft_with_merge_fields_checked_then_open(world, reps):
    campaign = campaign_for(world)
    organiser = client_of(world.organiser)
    form = {"campaign": str(campaign.pk), "title": "Write to the Bundestag",
            "subject": "From {member_name}", "template": "Dear {representative},",
            "talking_points": "One\nTwo", "country": "DE", "body": "Deutscher Bundestag"}
    answer = organiser.post("/u/users/letters/new/", form)
    assert answer.status_code == 400
    page = page_of(answer)
    assert "Unknown merge field: {representative}. The fields are: {representative_name}" in page
    form["template"] = TEMPLATE
    answer = organiser.post("/u/users/letters/new/", form, follow=True)
    found = LetterCampaign.objects.get()
    assert found.status == LetterCampaignStatus.DRAFT and found.talking_points == ["One", "Two"]
    assert "saved as a draft" in page_of(answer)
    assert client_of(world.member).get(found.get_absolute_url()).status_code == 404
    organiser.post(f"{found.get_absolute_url()}status/", {"action": "open"})
    assert TimelineEvent.objects.filter(campaign=campaign, kind="launch").exists()
    assert client_of(world.member).get(found.get_absolute_url()).status_code == 200


def test_visitors_see_the_counts_but_not_the_template(world, letters, reps):
    lives_in_berlin(world.member)
    send_personal(letters, world.member, reps["Erika Example"])
    page = page_of(Client().get(letters.get_absolute_url()))
    assert "1 letter sent" in page and "Erika Example" in page
    assert "Platforms reject our tasks" not in page
    assert "Members: log in to write to your representatives." in page
    assert "Platforms reject our tasks" in page_of(
        client_of(world.organiser).get(letters.get_absolute_url()))
