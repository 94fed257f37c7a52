"""Letters to representatives: campaigns, matching, the identikit check, sending once by email
or post, replies and the "did they reply?" questionnaire, through the real services."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from suma.campaigns.models import TimelineEvent
from suma.campaigns.repertoire import TACTICS, tactic_uses
from suma.core.errors import Conflict, NotAllowed, SumaError
from suma.core.models import Notification
from suma.core.periodic import PERIODIC
from suma.tactics.letters import selectors, services
from suma.tactics.letters.models import Letter, LetterStatus
from tests.conftest import outbox_messages
from tests.letters.world import (
    PERSONAL,
    TEMPLATE,
    lives_in_berlin,
    make_letter_campaign,
    representatives,
    send_personal,
)
from tests.pledges.test_services import join, run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def reps(db):
    return representatives()


@pytest.fixture
def letters(world, reps):
    return make_letter_campaign(world)


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# -- Letter campaigns -----------------------------------------------------------------------

def test_a_template_naming_an_unknown_field_is_refused_with_the_fields_there_are(world, reps):
    with pytest.raises(SumaError) as caught:
        services.letter_campaign_create(
            campaign=make_letter_campaign(world).campaign, by=world.organiser, title="T",
            subject="S", template="Dear {represenative_name}, {member_name}")
    assert caught.value.field == "template" and caught.value.code == "unknown_field"
    message = str(caught.value.message)
    assert "{represenative_name}" in message and "{representative_name}" in message


def test_opening_puts_the_letters_on_the_campaigns_timeline_once(world, reps):
    draft = make_letter_campaign(world, open_it=False)
    assert selectors.letter_campaign_list(union=world.union).count() == 0  # drafts are hidden
    services.letter_campaign_open(letter_campaign=draft, by=world.organiser)
    assert TimelineEvent.objects.filter(campaign=draft.campaign,
                                        title__contains="Reasons for every rejection").count() == 1
    with pytest.raises(SumaError):
        services.letter_campaign_open(letter_campaign=draft, by=world.organiser)
    assert [c.pk for c in selectors.letter_campaign_list(union=world.union)] == [draft.pk]


def test_talking_points_are_kept_one_a_line_without_bullets(world, letters):
    services.letter_campaign_update(letter_campaign=letters, by=world.organiser, title="T",
                                    subject="S", template=TEMPLATE,
                                    talking_points="- first\n\n• second\n", country="DE")
    letters.refresh_from_db()
    assert letters.talking_points == ["first", "second"]


# -- Matching -------------------------------------------------------------------------------

def test_members_find_their_regions_and_their_national_representatives(world, letters, reps):
    place = services.constituent_set(user=world.member, country="de", region="BERLIN-MITTE")
    found = selectors.representatives_matching(letter_campaign=letters, constituent=place)
    assert [r.name for r in found] == ["Erika Example", "Max Example"]


def test_the_campaigns_body_filters_the_representatives(world, reps):
    letters = make_letter_campaign(world, body="Landtag von Baden-Württemberg")
    place = services.constituent_set(user=world.member, country="DE",
                                     region="Baden-Wurttemberg")  # without the accent
    found = selectors.representatives_matching(letter_campaign=letters, constituent=place)
    assert [r.name for r in found] == ["Jonas Example"]


def test_no_match_says_why_and_what_to_do(world, letters, reps):
    reason = selectors.no_match_reason
    assert "where you live" in str(reason(letter_campaign=letters, constituent=None))
    place = services.constituent_set(user=world.member, country="FR", region="Paris")
    assert selectors.representatives_matching(letter_campaign=letters, constituent=place) == []
    assert "France" in str(reason(letter_campaign=letters, constituent=place))
    elsewhere = make_letter_campaign(world, country="", body="")
    place = services.constituent_set(user=world.member, country="ES", region="Malaga-Este")
    assert selectors.representatives_matching(letter_campaign=elsewhere,
                                              constituent=place) == []
    text = str(reason(letter_campaign=elsewhere, constituent=place))
    assert "check its spelling" in text.lower() and "Málaga" in text
    place = services.constituent_set(user=world.member, country="KE", region="Nairobi")
    assert "has not imported" in str(reason(letter_campaign=elsewhere, constituent=place))


def test_a_country_must_be_one_of_the_list(world):
    with pytest.raises(SumaError) as caught:
        services.constituent_set(user=world.member, country="XX")
    assert caught.value.field == "country"


# -- Writing and the identikit check --------------------------------------------------------

def test_the_letter_starts_from_the_template_merged_for_member_and_representative(
        world, letters, reps):
    place = lives_in_berlin(world.member)
    subject, text = services.letter_prefill(letter_campaign=letters,
                                            representative=reps["Erika Example"],
                                            user=world.member, constituent=place)
    assert subject == "Rejected tasks: Achieng Atieno asks you"
    assert text.startswith("Dear Erika Example,\n\nI live in Berlin-Mitte and I am a member of "
                           "Platform Users' Union.")
    assert text.endswith("Achieng Atieno")


def test_the_unchanged_template_is_refused_with_its_similarity_and_the_draft_kept(
        world, letters, reps):
    place = lives_in_berlin(world.member)
    erika = reps["Erika Example"]
    subject, text = services.letter_prefill(letter_campaign=letters, representative=erika,
                                            user=world.member, constituent=place)
    edited = text.replace("Platforms reject", "Platforms often reject")
    with pytest.raises(services.IdentikitError) as caught:
        services.letter_send(letter_campaign=letters, user=world.member, representative=erika,
                             method="email", subject=subject, body=edited)
    assert caught.value.verdict.against == "template"
    assert "% the same as the campaign's template" in str(caught.value.message)
    assert caught.value.verdict.percent >= 75
    kept = Letter.objects.get(user=world.member)
    assert kept.status == LetterStatus.DRAFT and kept.body == edited


def test_a_personal_letter_leaves_by_email_with_reply_to_and_a_copy_to_the_member(
        world, letters, reps, settings, django_capture_on_commit_callbacks):
    lives_in_berlin(world.member)
    erika = reps["Erika Example"]
    with django_capture_on_commit_callbacks(execute=True):
        letter = send_personal(letters, world.member, erika)
    assert letter.status == LetterStatus.SENT and letter.similarity < 0.75
    assert len(letter.signature) == 128
    run_jobs(django_capture_on_commit_callbacks)
    [mail] = [m for m in outbox_messages(settings) if erika.email in m["To"]]
    assert mail["Cc"] == world.member.email
    assert world.member.email in mail["Reply-To"] and "Achieng Atieno" in mail["Reply-To"]
    assert "Achieng Atieno via Suma" in mail["From"]
    assert mail["Subject"] == "Reasons for rejected tasks"
    assert "forty of my image labels" in _body(mail)
    assert "Reasons for every rejection" in _body(mail)  # the footer names the campaign


def test_a_letter_is_sent_once(world, letters, reps, settings,
                               django_capture_on_commit_callbacks):
    lives_in_berlin(world.member)
    erika = reps["Erika Example"]
    with django_capture_on_commit_callbacks(execute=True):
        send_personal(letters, world.member, erika)
    for method in ("email", "post"):
        with pytest.raises(Conflict) as caught:
            send_personal(letters, world.member, erika, method=method,
                          text=PERSONAL + "\nP.S. again")
        assert caught.value.code == "already_sent"
    with pytest.raises(Conflict):
        services.letter_save(letter_campaign=letters, user=world.member, representative=erika,
                             subject="S", body="changed")
    run_jobs(django_capture_on_commit_callbacks)
    run_jobs(django_capture_on_commit_callbacks)
    assert len([m for m in outbox_messages(settings) if erika.email in m["To"]]) == 1
    assert not services.letter_email_deliver(letter_id=Letter.objects.get().pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(letter_campaign=letters, user=world.member, representative=erika,
                              to_name="Erika Example", subject="S", body="B")


def test_a_copy_of_another_members_letter_is_refused_but_one_may_write_it_to_each_of_ones_own(
        world, letters, reps):
    [other] = join(world, "Bo Lin")
    for user in (world.member, other):
        lives_in_berlin(user)
    send_personal(letters, world.member, reps["Erika Example"])
    with pytest.raises(services.IdentikitError) as caught:
        send_personal(letters, other, reps["Erika Example"])
    assert caught.value.verdict.against == "letter"
    assert "a letter another member already sent" in str(caught.value.message)
    # The same member's own letter to their other representative is not a copy of another's.
    assert send_personal(letters, world.member, reps["Max Example"]).status == LetterStatus.SENT


def test_only_members_write_and_only_to_their_own_representatives_while_it_is_open(
        world, letters, reps):
    for user in (world.outsider, world.member):
        lives_in_berlin(user)
    with pytest.raises(NotAllowed):
        send_personal(letters, world.outsider, reps["Erika Example"])
    with pytest.raises(NotAllowed) as caught:
        send_personal(letters, world.member, reps["Lucía Ejemplo"])
    assert caught.value.code == "not_your_representative"
    services.letter_campaign_close(letter_campaign=letters, by=world.organiser)
    with pytest.raises(SumaError) as caught:
        send_personal(letters, world.member, reps["Erika Example"])
    assert caught.value.code == "not_open"


def test_by_post_needs_the_members_address_and_makes_a_printable_pdf(world, letters, reps):
    from suma.tactics.letters.printing import letter_pdf_bytes

    lives_in_berlin(world.member, address="")
    with pytest.raises(SumaError) as caught:
        send_personal(letters, world.member, reps["Erika Example"], method="post")
    assert caught.value.field == "address"
    lives_in_berlin(world.member)
    letter = send_personal(letters, world.member, reps["Erika Example"], method="post")
    assert letter.method == "post" and letter.emailed_at is None
    pdf = letter_pdf_bytes(letter=letter)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_a_representative_without_email_is_written_to_by_post(world, reps):
    letters = make_letter_campaign(world, country="FR", body="")
    services.constituent_set(user=world.member, country="FR", region="Ile-de-France",
                             address="1 rue de Paris\n93400 Saint-Ouen")
    louis = reps["Louis Exemple"]
    with pytest.raises(SumaError) as caught:
        send_personal(letters, world.member, louis, text="Cher Monsieur, " + PERSONAL)
    assert caught.value.code == "no_email"
    assert send_personal(letters, world.member, louis, method="post").method == "post"


# -- Replies and the questionnaire ----------------------------------------------------------

def test_replies_are_dated_sensibly_and_counted_per_representative(world, letters, reps):
    lives_in_berlin(world.member)
    letter = send_personal(letters, world.member, reps["Erika Example"])
    today = timezone.localdate()
    with pytest.raises(SumaError) as caught:
        services.reply_record(letter=letter, by=world.member, summary="x",
                              received_on=today + timedelta(days=1))
    assert caught.value.field == "received_on"
    with pytest.raises(SumaError):
        services.reply_record(letter=letter, by=world.member, summary="x",
                              received_on=today - timedelta(days=3))
    with pytest.raises(NotAllowed):
        services.reply_record(letter=letter, by=world.organiser, summary="x", received_on=today)
    services.reply_record(letter=letter, by=world.member, received_on=today,
                          summary="She will ask the ministry.")
    [row] = selectors.counts_per_representative(letter_campaign=letters)
    assert (row.name, row.sent, row.replied) == ("Erika Example", 1, 1)
    assert selectors.letter_totals(letter_campaign=letters)["replied"] == 1


def test_after_14_days_members_are_asked_once_whether_they_got_a_reply(world, letters, reps):
    [other] = join(world, "Bo Lin")
    lives_in_berlin(world.member)
    lives_in_berlin(other)
    now = timezone.now()
    asked = send_personal(letters, world.member, reps["Erika Example"],
                          now=now - timedelta(days=15))
    replied = send_personal(letters, other, reps["Erika Example"], now=now - timedelta(days=15),
                            text="Dear Erika, I drive for a delivery app in Mitte and was "
                                 "deactivated by an algorithm without a word of explanation.")
    services.reply_record(letter=replied, by=other, received_on=timezone.localdate(),
                          summary="A kind answer.")
    recent = send_personal(letters, world.member, reps["Max Example"],
                           now=now - timedelta(days=13))
    assert services.questionnaires_send(now=now) == 1
    assert services.questionnaires_send(now=now) == 0
    [note] = Notification.objects.filter(user=world.member, title__startswith="Did ")
    assert note.title == "Did Erika Example reply to your letter?"
    assert note.url.endswith(f"/letters/{asked.pk}/did-they-reply/")
    assert Notification.objects.filter(user=other, title__startswith="Did ").count() == 0
    recent.refresh_from_db()
    assert recent.asked_at is None
    assert services.questionnaires_send(now=now + timedelta(days=1)) == 1  # 13 → 14 days
    assert Notification.objects.filter(user=world.member, title__startswith="Did ").count() == 2
    services.questionnaire_answer(letter=asked, user=world.member, answer="no")
    totals = selectors.letter_totals(letter_campaign=letters)
    assert (totals["replied"], totals["no_reply"], totals["not_yet"]) == (1, 1, 0)
    with pytest.raises(SumaError):
        services.questionnaire_answer(letter=asked, user=world.member, answer="maybe")


def test_the_questionnaire_is_a_daily_periodic_job():
    from suma.tactics.letters.tasks import letters_questionnaires_send

    assert PERIODIC[letters_questionnaires_send.module_path].every == timedelta(days=1)


def test_letters_are_in_the_campaigns_repertoire(world, letters, reps):
    lives_in_berlin(world.member)
    send_personal(letters, world.member, reps["Erika Example"])
    assert "letters" in TACTICS
    [use] = [u for u in tactic_uses(campaign=letters.campaign) if u.tactic == "letters"]
    assert use.figures == {"letters": 1, "replies": 0, "representatives": 1}
    assert use.series[-1][1] == 1
