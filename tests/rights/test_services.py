"""Data-rights requests and drives through their services, on SQLite and PostgreSQL: every
state, and the bad input of issue 5 (no contact channel, dates in the future or before the
request, sending twice, joining twice)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suma.campaigns.models import TimelineEvent
from suma.core.errors import Conflict, NotAllowed, SumaError
from suma.core.models import AuditEntry, Notification
from suma.members import services as members
from suma.rights import deadlines, letters, selectors, services
from suma.rights.models import DataRequest, RequestEvent, RequestStatus
from suma.rights.tasks import requests_daily
from tests.conftest import make_user, outbox_messages
from tests.rights.world import controller, draft, drive, overdue, sent

pytestmark = pytest.mark.django_db
S = RequestStatus


def events(request) -> list[str]:
    return list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))


# -- Creating ----------------------------------------------------------------------------------

def test_a_draft_gets_a_short_reference_and_the_accounts_name_and_email(world):
    request = draft(world, kinds=["portability", "access"])
    assert re.fullmatch(r"SR-[2-9A-HJKMNP-Z]{6}", request.reference)
    assert request.status == S.DRAFT and request.channel == "email"
    assert request.kinds == ["access", "portability"]  # in the order of the articles
    assert request.identification == [["Name", "Achieng Atieno"],
                                      ["Email", "achieng@example.org"],
                                      ["Worker ID", "W-1234"]]
    assert request.language == "en"
    assert events(request) == ["created"]


def test_a_controller_that_takes_no_requests_is_refused(world):
    company = controller("email")
    company.is_controller = False
    company.save()
    with pytest.raises(SumaError, match="does not take data-rights requests"):
        draft(world)


def test_an_unknown_right_and_no_right_at_all_are_refused(world):
    with pytest.raises(SumaError, match="“telepathy” is not a right"):
        draft(world, kinds=["access", "telepathy"])
    with pytest.raises(SumaError, match="at least one right"):
        draft(world, kinds=[])


def test_a_required_identification_element_left_empty_is_refused(world):
    with pytest.raises(SumaError, match="needs “Worker ID”") as refused:
        services.request_create(member=world.member, union=world.union,
                                controller=controller("email"), kinds=["access"],
                                identification={"Worker ID": "  "})
    assert refused.value.field == "identification"
    assert not DataRequest.objects.exists()


def test_an_email_address_that_is_not_one_is_refused(world):
    with pytest.raises(SumaError, match="“achieng at home” is not an email address"):
        services.request_create(member=world.member, union=world.union,
                                controller=controller("email"), kinds=["access"],
                                identification={"Email": "achieng at home", "Worker ID": "1"})


def test_a_controller_with_no_contact_channel_tells_the_member_what_to_do_instead(world):
    silent = controller("none")
    with pytest.raises(SumaError) as refused:
        draft(world, kind="none")
    message = str(refused.value.message)
    assert "privacy policy" in message and "organisers to add it" in message
    assert f"/u/users/campaigns/targets/{silent.pk}/" in message
    assert refused.value.code == "no_channel"


@pytest.mark.parametrize(("kind", "channel"), [("email", "email"), ("letter", "letter"),
                                               ("webform", "webform"), ("fax", "fax")])
def test_the_channel_is_email_then_post_then_web_form_then_fax(world, kind, channel):
    assert draft(world, kind=kind).channel == channel


def test_the_letter_is_in_the_members_language(world):
    world.member.language = "es"
    world.member.save()
    request = draft(world)
    assert request.language == "es"
    assert "Ejercicio de derechos" in selectors.request_letter(request).subject


# -- Sending by email --------------------------------------------------------------------------

def test_sending_emails_the_controller_with_a_copy_and_replies_to_the_member(world, settings):
    request = draft(world)
    done = services.request_send(request=request, by=world.member)
    today = services.current_date()
    assert done.status == S.SENT and done.sent_on == done.received_on == today
    assert done.deadline == deadlines.deadline(received=today, country="IE")
    [mail] = outbox_messages(settings)
    assert mail["To"] == "privacy@mailco.example"
    assert mail["Cc"] == mail["Reply-To"] == "achieng@example.org"
    assert "Achieng Atieno (Suma)" in mail["From"]
    assert request.reference in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Worker ID: W-1234" in body and "15(1)" in body
    assert done.subject == mail["Subject"].strip() and "Worker ID: W-1234" in done.body
    assert events(done) == ["created", "sent"]
    assert AuditEntry.objects.filter(action="rights.request_sent").count() == 1


def test_sending_twice_is_refused_and_no_second_email_leaves(world, settings):
    request = draft(world)
    services.request_send(request=request, by=world.member)
    with pytest.raises(Conflict, match="already sent on .*: it is not sent twice"):
        services.request_send(request=request, by=world.member)
    assert len(outbox_messages(settings)) == 1
    assert events(request) == ["created", "sent"]


def test_a_mail_that_cannot_leave_leaves_the_request_a_draft(world, settings, monkeypatch):
    def broken(self, *args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    request = draft(world)
    with pytest.raises(OSError):
        services.request_send(request=request, by=world.member)
    request.refresh_from_db()
    assert request.status == S.DRAFT and request.sent_on is None
    assert events(request) == ["created"]


def test_suma_does_not_email_a_controller_reached_by_post(world, settings):
    with pytest.raises(SumaError, match="send the letter yourself"):
        services.request_send(request=draft(world, kind="letter"), by=world.member)
    assert outbox_messages(settings) == []


# -- "I've sent it" --------------------------------------------------------------------------

def test_ive_sent_it_records_the_date_and_counts_the_deadline_from_receipt(world):
    request = draft(world, kind="letter")
    later = services.current_date() + timedelta(days=10)
    done = services.request_mark_sent(request=request, by=world.member,
                                      sent_on=later - timedelta(days=3),
                                      received_on=later - timedelta(days=1), today=later)
    assert done.status == S.SENT and done.sent_on == later - timedelta(days=3)
    assert done.deadline == deadlines.deadline(received=later - timedelta(days=1), country="NL")
    assert "Burgerweeshuispad" not in done.body and "Uber B.V." in done.body
    assert events(done) == ["created", "sent"]


def test_a_date_in_the_future_is_refused_with_the_reason(world):
    request = draft(world, kind="letter")
    tomorrow = services.current_date() + timedelta(days=1)
    with pytest.raises(SumaError, match="that is in the future") as refused:
        services.request_mark_sent(request=request, by=world.member, sent_on=tomorrow)
    assert refused.value.field == "sent_on"
    with pytest.raises(SumaError, match="cannot have received it on .*in the future"):
        services.request_mark_sent(request=request, by=world.member,
                                   sent_on=services.current_date(), received_on=tomorrow)
    request.refresh_from_db()
    assert request.status == S.DRAFT


def test_a_date_before_the_request_existed_is_refused_with_the_reason(world):
    request = draft(world, kind="webform")
    today = services.current_date()
    with pytest.raises(SumaError, match="the request was written on .*, later"):
        services.request_mark_sent(request=request, by=world.member,
                                   sent_on=today - timedelta(days=1))
    with pytest.raises(SumaError, match="you sent it on .*, later"):
        services.request_mark_sent(request=request, by=world.member, sent_on=today,
                                   received_on=today - timedelta(days=1))


def test_marking_sent_twice_is_refused(world):
    request = sent(world, kind="fax")
    with pytest.raises(Conflict, match="already sent"):
        services.request_mark_sent(request=request, by=world.member,
                                   sent_on=services.current_date())


def test_an_email_request_is_not_marked_sent_by_hand(world):
    with pytest.raises(SumaError, match="use “Send”"):
        services.request_mark_sent(request=draft(world), by=world.member,
                                   sent_on=services.current_date())


# -- Acknowledged, extended ------------------------------------------------------------------

def test_an_acknowledgement_is_dated_between_receipt_and_today(world):
    request = sent(world)
    today = services.current_date()
    with pytest.raises(SumaError, match="before it received it"):
        services.request_acknowledge(request=request, by=world.member,
                                     on=today - timedelta(days=1))
    with pytest.raises(SumaError, match="in the future"):
        services.request_acknowledge(request=request, by=world.member,
                                     on=today + timedelta(days=1))
    done = services.request_acknowledge(request=request, by=world.member, on=today)
    assert done.status == S.ACKNOWLEDGED and done.acknowledged_on == today


def test_a_draft_cannot_be_acknowledged(world):
    with pytest.raises(SumaError, match="Only a request that was sent .* is Draft"):
        services.request_acknowledge(request=draft(world), by=world.member,
                                     on=services.current_date())


def test_an_extension_in_time_with_reasons_moves_the_deadline_to_three_months(world):
    request = sent(world)
    received = request.received_on
    later = received + timedelta(days=20)
    with pytest.raises(SumaError, match="only with reasons"):
        services.request_extend(request=request, by=world.member, on=later, reasons=" ",
                                today=later)
    done = services.request_extend(request=request, by=world.member, on=later,
                                   reasons="Many requests at once", today=later)
    assert done.status == S.EXTENDED
    assert done.deadline == deadlines.deadline(received=received, country="IE", extended=True)
    assert done.extension_reasons == "Many requests at once"


def test_an_extension_told_after_the_first_month_does_not_count(world):
    request = sent(world)
    first = request.deadline
    late = first + timedelta(days=1)
    with pytest.raises(SumaError, match="within the first month, by .*too late") as refused:
        services.request_extend(request=request, by=world.member, on=late, reasons="Busy",
                                today=late)
    assert refused.value.code == "extension_late"
    request.refresh_from_db()
    assert request.status == S.SENT and request.deadline == first


def test_an_overdue_request_whose_extension_came_in_time_is_extended_again(world):
    request, day = overdue(world)
    assert request.status == S.OVERDUE
    done = services.request_extend(request=request, by=world.member, on=request.received_on,
                                   reasons="Volume", today=day)
    assert done.status == S.EXTENDED and done.overdue_on is None
    assert done.deadline > day


# -- The completeness check ------------------------------------------------------------------

def test_an_answer_with_every_checklist_item_is_complete(world):
    request = sent(world)
    keys = services.checklist_keys(request)
    assert keys[:8] == ["purposes", "categories", "recipients", "retention", "rights",
                        "complaint", "source", "automated_logic"]
    done = services.request_answer(request=request, by=world.member,
                                   on=services.current_date(), contained=keys)
    assert done.status == S.COMPLETE and done.contained == keys
    assert events(done)[-1] == "answered"


def test_an_answer_missing_items_is_incomplete_and_an_organiser_may_check_it_again(world):
    request = sent(world, kind="letter", kinds=["access", "automated_decisions"])
    keys = services.checklist_keys(request)
    assert {"trips", "ratings", "tags", "matching_logic", "human_review"} <= set(keys)
    today = services.current_date()
    done = services.request_answer(request=request, by=world.member, on=today,
                                   contained=["purposes", "trips"])
    assert done.status == S.INCOMPLETE and done.contained == ["purposes", "trips"]
    done = services.request_answer(request=request, by=world.organiser, on=today,
                                   contained=keys)
    assert done.status == S.COMPLETE
    assert events(done)[-2:] == ["answered", "checked"]


def test_an_item_not_on_the_checklist_or_an_answer_before_the_request_is_refused(world):
    request = sent(world)
    today = services.current_date()
    with pytest.raises(SumaError, match="“trips” is not on this request's checklist"):
        services.request_answer(request=request, by=world.member, on=today,
                                contained=["trips"])
    with pytest.raises(SumaError, match="before the request was sent"):
        services.request_answer(request=request, by=world.member,
                                on=today - timedelta(days=1), contained=[])


# -- Replies ---------------------------------------------------------------------------------

EML = (b"From: Privacy Team <privacy@mailco.example>\r\nTo: achieng@example.org\r\n"
       b"Subject: Re: your access request\r\nDate: {date}\r\n\r\nHere are your data.\r\n")


def test_an_eml_reply_is_kept_with_its_sender_subject_and_date(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = sent(world)
    day = request.sent_on
    stamp = day.strftime("%a, %d %b %Y 10:00:00 +0000").encode()
    upload = SimpleUploadedFile("answer.eml", EML.replace(b"{date}", stamp),
                                content_type="message/rfc822")
    reply = services.request_reply_attach(request=request, by=world.member, upload=upload)
    assert reply.sender == "Privacy Team <privacy@mailco.example>"
    assert reply.subject == "Re: your access request" and reply.received_on == day
    assert reply.file.read().startswith(b"From: Privacy Team")
    [line] = [h for h in selectors.request_history(request=request) if h.kind == "reply"]
    assert line.reply == reply and "Re: your access request" in line.note


def test_a_pdf_reply_is_kept_and_other_files_are_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = sent(world)
    pdf = SimpleUploadedFile("answer.pdf", b"%PDF-1.4\n...", content_type="application/pdf")
    reply = services.request_reply_attach(request=request, by=world.member, upload=pdf)
    assert reply.content_type == "application/pdf" and reply.size == 12
    for name, content in (("answer.pdf", b"<html>not a pdf</html>"),
                          ("answer.docx", b"PK\x03\x04"), ("answer.eml", b"\x00\x01")):
        with pytest.raises(SumaError) as refused:
            services.request_reply_attach(request=request, by=world.member,
                                          upload=SimpleUploadedFile(name, content))
        assert refused.value.field == "upload"


def test_a_reply_over_ten_megabytes_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("answer.pdf", b"%PDF-" + b"0" * services.MAX_REPLY_BYTES)
    with pytest.raises(SumaError, match="too large: 10 MB at most"):
        services.request_reply_attach(request=sent(world), by=world.member, upload=big)


def test_a_reply_to_a_draft_or_dated_in_the_future_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("answer.pdf", b"%PDF-1.4")
    with pytest.raises(SumaError, match="once the request was sent"):
        services.request_reply_attach(request=draft(world), by=world.member, upload=pdf)
    with pytest.raises(SumaError, match="in the future"):
        services.request_reply_attach(request=sent(world, kind="letter"), by=world.member,
                                      upload=pdf,
                                      received_on=services.current_date() + timedelta(days=2))


# -- Overdue, reminders ------------------------------------------------------------------------

def test_the_daily_job_marks_overdue_requests_and_tells_their_members(world):
    request = sent(world)
    on_time = sent(world, kind="letter", member=world.organiser)
    day = request.deadline + timedelta(days=1)
    on_time = services.request_answer(request=on_time, by=world.organiser, on=day,
                                      contained=[], today=day)
    result = requests_daily(today=day)
    request.refresh_from_db()
    assert request.status == S.OVERDUE and request.overdue_on == day
    assert result["overdue"] == 1 and result["overdue_told"] == 1
    [note] = Notification.objects.filter(user=world.member, category="rights")
    assert "missed the deadline" in note.title and note.url == request.get_absolute_url()
    assert events(request)[-1] == "overdue"


def test_members_hear_a_week_before_the_deadline_and_on_the_day(world):
    request = sent(world)
    assert requests_daily(today=request.deadline - timedelta(days=7))["reminded"] == 1
    assert requests_daily(today=request.deadline - timedelta(days=6))["reminded"] == 0
    assert requests_daily(today=request.deadline)["reminded"] == 1
    titles = list(Notification.objects.filter(user=world.member).values_list("title",
                                                                               flat=True))
    assert any("a week left" in t for t in titles)
    assert any("Today is the deadline" in t for t in titles)


def test_a_reminder_is_emailed_once_for_an_overdue_request(world, settings):
    request, day = overdue(world)
    done = services.request_remind(request=request, by=world.member, today=day)
    assert done.status == S.REMINDED and done.reminded_on == day
    with pytest.raises(Conflict, match="already sent"):
        services.request_remind(request=request, by=world.member, today=day)
    reminders = [m for m in outbox_messages(settings)
                 if m["Subject"].strip().startswith("Reminder")]
    assert len(reminders) == 1 and reminders[0]["Cc"] == "achieng@example.org"
    assert events(done)[-2:] == ["overdue", "reminded"]


def test_a_reminder_by_post_sends_no_email_and_a_request_in_time_gets_none(world, settings):
    request, day = overdue(world, kind="letter")
    services.request_remind(request=request, by=world.member, today=day)
    assert outbox_messages(settings) == []
    assert selectors.reminder_letter(request).subject.startswith("Reminder")
    with pytest.raises(SumaError, match="once the deadline has passed"):
        services.request_remind(request=sent(world), by=world.member)


def test_a_withdrawn_request_is_no_longer_acted_on(world):
    request = services.request_withdraw(request=sent(world), by=world.member)
    assert request.status == S.WITHDRAWN
    with pytest.raises(SumaError, match="cannot be withdrawn"):
        services.request_withdraw(request=request, by=world.member)
    with pytest.raises(SumaError, match="Withdrawn"):
        services.request_acknowledge(request=request, by=world.member,
                                     on=services.current_date())


# -- Drives ----------------------------------------------------------------------------------

def test_opening_a_drive_puts_it_on_its_campaigns_timeline(world):
    made = drive(world, with_campaign=True)
    assert made.status == "open"
    assert TimelineEvent.objects.filter(campaign=made.campaign, kind="launch",
                                        title__contains=made.title).exists()
    with pytest.raises(SumaError, match="Only a draft"):
        services.drive_open(drive=made, by=world.organiser)


def test_a_drive_needs_a_controller_and_a_short_name_of_its_own(world):
    drive(world)
    with pytest.raises(Conflict, match="has that short name"):
        drive(world)
    company = controller("email")
    company.is_controller = False
    company.save()
    with pytest.raises(SumaError, match="does not take data-rights requests"):
        drive(world, slug="other")


def test_joining_a_drive_by_email_sends_the_request_at_once(world, settings):
    made = drive(world)
    request = services.drive_join(drive=made, member=world.member,
                                  identification={"Worker ID": "W-77"})
    assert request.status == S.SENT and request.drive == made
    assert request.kinds == ["access", "portability"]
    [mail] = outbox_messages(settings)
    assert "Worker ID: W-77" in mail.get_body(preferencelist=("plain",)).get_content()


def test_joining_twice_is_refused_with_a_clear_message(world, settings):
    made = drive(world)
    services.drive_join(drive=made, member=world.member, identification={"Worker ID": "1"})
    with pytest.raises(Conflict, match="already joined this drive"):
        services.drive_join(drive=made, member=world.member, identification={"Worker ID": "1"})
    assert DataRequest.objects.filter(drive=made).count() == 1
    assert len(outbox_messages(settings)) == 1


def test_joining_a_drive_by_post_makes_a_draft_to_print(world, settings):
    request = services.drive_join(drive=drive(world, kind="letter"), member=world.member)
    assert request.status == S.DRAFT and request.channel == "letter"
    assert outbox_messages(settings) == []


def test_only_active_members_of_the_drives_chapter_may_join_an_open_drive(world):
    made = drive(world)
    for person in (world.outsider, world.applicant, world.other_organiser, world.steward):
        with pytest.raises(NotAllowed, match="Only active members of Click workers"):
            services.drive_join(drive=made, member=person, identification={"Worker ID": "1"})
    services.drive_close(drive=made, by=world.organiser)
    with pytest.raises(SumaError, match="not open"):
        services.drive_join(drive=made, member=world.member, identification={"Worker ID": "1"})


def test_a_drive_against_a_controller_with_no_channel_tells_the_member_what_to_do(world):
    made = drive(world, kind="none")
    with pytest.raises(SumaError, match="privacy policy"):
        services.drive_join(drive=made, member=world.member)
    assert not DataRequest.objects.exists()


def test_a_drive_milestone_is_marked_once_on_the_timeline_and_told_to_its_organisers(
        world, monkeypatch):
    monkeypatch.setattr(services, "DRIVE_MILESTONES", (2,))
    made = drive(world, with_campaign=True, kind="letter")
    today = services.current_date()
    second = make_user("second@example.org", "Second Member")
    place = members.chapter_apply(chapter=world.chapter, user=second)
    members.application_approve(application=place, by=world.steward)
    for person in (world.member, second, world.organiser):
        request = services.drive_join(drive=made, member=person)
        services.request_mark_sent(request=request, by=person, sent_on=today)
    milestones = TimelineEvent.objects.filter(campaign=made.campaign, kind="milestone")
    assert [m.title for m in milestones] == [f"2 requests sent: {made.title}"]
    told = Notification.objects.filter(category="rights", title__startswith="2 requests sent")
    assert {n.user for n in told} == {world.organiser}


# -- Dashboard and league table -----------------------------------------------------------------

def test_the_drive_dashboard_counts_where_requests_stand_in_one_query(
        world, django_assert_num_queries):
    made = drive(world, kind="letter")
    first = services.drive_join(drive=made, member=world.member)
    services.request_mark_sent(request=first, by=world.member, sent_on=services.current_date())
    services.drive_join(drive=made, member=world.organiser)
    with django_assert_num_queries(1):
        counts = selectors.drive_dashboard(drive=made)
    assert counts == {"total": 2, "draft": 1, "sent": 1, "awaiting": 1, "acknowledged": 0,
                      "extended": 0, "complete": 0, "incomplete": 0, "overdue": 0,
                      "escalated": 0, "withdrawn": 0}


def test_the_union_dashboard_groups_requests_by_controller(world, django_assert_num_queries):
    sent(world)
    sent(world, member=world.organiser)
    draft(world, kind="fax")
    with django_assert_num_queries(1):
        rows = selectors.controller_dashboard(union=world.union)
    assert [(r["name"], r["total"], r["sent"]) for r in rows] == [("MailCo Ltd", 2, 2),
                                                                 ("FaxCo GmbH", 1, 0)]


def test_the_league_table_ranks_controllers_by_median_days_to_answer(world):
    fast, slow = controller("email"), controller("letter")
    start = services.current_date()

    def answered(kind, member, days):
        request = sent(world, kind=kind, member=member)
        day = start + timedelta(days=days)
        services.request_answer(request=request, by=member, on=day, contained=[], today=day)

    answered("email", world.member, 3)
    answered("email", world.organiser, 5)
    answered("email", world.steward, 40)   # after the deadline: late
    answered("letter", world.member, 20)
    sent(world, kind="letter", member=world.organiser)  # never answered
    table = selectors.league_table(union=world.union, today=start + timedelta(days=60))
    assert [r.controller_id for r in table] == [fast.pk, slow.pk]
    first, second = table
    assert first.median_days == 5.0 and first.sent == 3 and first.answered == 3
    assert (first.in_time, first.due, first.late) == (2, 3, 1)
    assert second.median_days == 20.0 and (second.in_time, second.due, second.late) == (1, 2, 1)
    assert second.percent_in_time == 50


def test_letters_quote_the_requests_own_data(world):
    request = sent(world, kind="letter", kinds=["access", "objection"],
                   details={"objection": "the fraud score"})
    made = letters.request_letter(selectors.letter_input(request))
    assert "the fraud score" in made.body and request.reference in made.subject
    assert "Trip data" in made.body or "trip" in made.body.lower()


# -- The demo --------------------------------------------------------------------------------

def test_the_demo_drive_has_requests_in_every_state_and_a_league_table(world):
    from suma.members.models import Chapter
    from suma.rights.demo import DRIVE, rights_demo_load

    Chapter.objects.filter(pk=world.chapter.pk).update(slug="paris-drivers")
    uber = controller("letter")
    for n in range(8):
        driver = make_user(f"driver{n}@example.org", f"Driver {n}")
        place = members.chapter_apply(chapter=world.chapter, user=driver)
        members.application_approve(application=place, by=world.steward)
    rights_demo_load(union=world.union)
    made = world.union.drives.get(slug=DRIVE)
    assert made.controller == uber and made.kinds == ["access", "portability",
                                                      "automated_decisions"]
    states = set(DataRequest.objects.filter(drive=made).values_list("status", flat=True))
    assert states == {S.DRAFT, S.SENT, S.ACKNOWLEDGED, S.EXTENDED, S.COMPLETE, S.INCOMPLETE,
                      S.OVERDUE, S.REMINDED}
    [row] = selectors.league_table(union=world.union, today=services.current_date())
    assert row.answered == 3 and row.late >= 2 and row.median_days is not None
    rights_demo_load(union=world.union)  # again: nothing added
    assert DataRequest.objects.filter(drive=made).count() == 9


# -- Concurrency -------------------------------------------------------------------------------

def _in_threads(jobs) -> list:
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(jobs))
    results: list = []

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.mark.django_db(transaction=True)
def test_a_request_sent_and_a_drive_joined_from_four_tabs_at_once_leave_once(settings):
    from django.db import connection

    from tests.conftest import build_world

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads on an in-memory SQLite database fail with 'table is locked' "
                    "instead of waiting; run with SUMA_TEST_DATABASE_NAME=<file>")
    world = build_world()
    request = draft(world)
    results = _in_threads([lambda: services.request_send(
        request=DataRequest.objects.get(pk=request.pk), by=world.member)] * 4)
    assert sum(isinstance(r, DataRequest) for r in results) == 1
    assert all(isinstance(r, (DataRequest, Conflict)) for r in results), results
    made = drive(world, slug="race")
    results = _in_threads([lambda: services.drive_join(
        drive=made, member=world.organiser, identification={"Worker ID": "1"})] * 4)
    assert sum(isinstance(r, DataRequest) for r in results) == 1
    assert all(isinstance(r, (DataRequest, Conflict)) for r in results), results
    assert len(outbox_messages(settings)) == 2
    assert RequestEvent.objects.filter(kind="sent").count() == 2
