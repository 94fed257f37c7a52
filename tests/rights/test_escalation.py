"""Escalation: follow-ups for incomplete answers, complaints to the lead supervisory authority,
Art. 80(1) mandates with versioned texts, and collective dossiers that never include a member
who revoked their mandate.

The lead-authority rule and the dossier statistics are pure: property tests first. Then the
services, on the database (both engines), from requests built with the models
(tests/rights/escalation_world.py)."""

import dataclasses
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from suma.core.errors import Conflict, NotAllowed, SumaError
from suma.core.models import Notification
from suma.members import services as members
from suma.members.models import User
from suma.rights import escalation
from suma.rights import escalation_authority as rule
from suma.rights import escalation_bundle as bundle
from suma.rights import escalation_selectors as selectors
from suma.rights.letters import (
    Kind,
    Recipient,
    Representative,
    Request,
    Requester,
    Timeline,
    item,
)
from suma.rights.models import (
    Complaint,
    ComplaintStatus,
    DataRequest,
    Mandate,
    MandateText,
    RequestEvent,
    RequestStatus,
)
from tests.conftest import make_user, outbox_messages
from tests.rights.escalation_world import (
    authorities,
    controller,
    make_request,
    mandate,
    publish,
)

TODAY = date(2025, 6, 2)

# -- The lead authority: pure --------------------------------------------------------------

GERMANS = [rule.Authority(key=slug, slug=slug, name=slug, countries=("DE",))
           for slug in ("debfdi", "dekathdsz", "derf", *rule.LAND_AUTHORITIES.values())]
OTHERS = [rule.Authority(key="nlap", slug="nlap", name="AP", countries=("NL",)),
          rule.Authority(key="iedpc", slug="iedpc", name="DPC", countries=("IE",))]


@pytest.mark.parametrize(("address", "land"), [
    ("Marienplatz 1\n80331 München\nDeutschland", "BY"),
    ("Friedrichstraße 10\nD-10117 Berlin", "BE"),
    ("Postfach 11 01 32\n01330 Dresden\nDeutschland", "SN"),
    ("Domplatz 3\n60311 Frankfurt/M.\nDeutschland", "HE"),
    ("Große Scharrnstraße 59\n15230 Frankfurt (Oder)", "BB"),
    ("Berliner Allee 5\n40212 Düsseldorf", "NW"),
    ("Hauptstraße 1\n12345 Kleindorf\nBayern", "BY"),
    ("Hauptstraße 1\n12345 Kleindorf, Sachsen-Anhalt", "ST"),
    ("Muenchner Str. 1\n85774 Unterfoehring", "BY"),
    ("Hauptstraße 1\n12345 Kleindorf\nDeutschland", None),
    ("", None),
])
def test_the_land_of_a_german_address_comes_from_its_city_or_its_name(address, land):
    assert rule.german_land(address) == land


@settings(max_examples=200, deadline=None)
@given(land=st.sampled_from(sorted(rule.LAND_CITIES)), data=st.data(),
       street=st.text(st.sampled_from("abcdefgh straße 0123456789"), max_size=30))
def test_every_known_city_puts_the_address_in_its_land_and_that_lands_authority_leads(
        land, data, street):
    city = data.draw(st.sampled_from(rule.LAND_CITIES[land]))
    # A city another Land also has a longer name for ("Frankfurt" and "Frankfurt (Oder)")
    # keeps its own Land when written in full.
    address = f"{street}\n{data.draw(st.integers(10000, 99999))} {city}\nDeutschland"
    assert rule.german_land(address) == land
    chosen = rule.propose(GERMANS + OTHERS, slug="acme", country="DE", address=address)
    assert chosen.slug == rule.LAND_AUTHORITIES[land]


@settings(max_examples=300, deadline=None)
@given(address=st.text(max_size=200), country=st.sampled_from(["DE", "NL", "IE", "FR", ""]),
       slug=st.sampled_from(["acme", "google", "uber", ""]))
def test_the_proposal_is_always_an_authority_serving_the_lead_country_or_none(
        address, country, slug):
    chosen = rule.propose(GERMANS + OTHERS, slug=slug, country=country, address=address)
    lead = rule.lead_country(slug=slug, country=country)
    if chosen is None:
        assert not rule.serving(GERMANS + OTHERS, lead)
    else:
        assert lead in chosen.countries
        if lead == "DE":  # never the church's or the broadcasters' own authority
            assert chosen.slug in {rule.FEDERAL_GERMAN, *rule.LAND_AUTHORITIES.values()}
    assert rule.german_land(address) in {None, *rule.LAND_AUTHORITIES}


def test_germany_without_a_land_gets_the_federal_commissioner_and_google_the_irish_dpc():
    assert rule.propose(GERMANS, slug="x", country="DE", address="Weg 1\n12345 Nirgendwo") \
        .slug == "debfdi"
    assert rule.propose(GERMANS + OTHERS, slug="google", country="US",
                        address="1600 Amphitheatre Parkway").slug == "iedpc"
    assert rule.propose(GERMANS + OTHERS, slug="acme", country="US", address="") is None


@pytest.mark.parametrize(("language", "country", "expected"), [
    ("de", "DE", "de"), ("nl", "NL", "en"), ("", "BE", "fr"), ("", "RO", "en"),
    ("es", "ES", "es"), ("en", "IE", "en"), ("fr-BE", "BE", "fr")])
def test_a_complaint_is_written_in_the_authoritys_language_when_suma_writes_it(
        language, country, expected):
    assert rule.complaint_language(authority_language=language,
                                   authority_country=country) == expected


# -- Dossier statistics: pure --------------------------------------------------------------

def _case(n: int, *, answered: int | None, deadline: date, missing=()) -> bundle.Case:
    request = Request(requester=Requester(name=f"Member {n}"), recipient=Recipient(name="Uber"),
                      kinds={Kind.ACCESS}, reference=f"R{n}", date=deadline - timedelta(30))
    timeline = Timeline(sent=deadline - timedelta(30), deadline=deadline,
                        answered=None if answered is None else deadline + timedelta(answered))
    return bundle.Case(request=request, timeline=timeline, missing=tuple(missing))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.integers(-20, 60)),
                               st.integers(-40, 40), st.booleans()), max_size=40))
def test_dossier_statistics_count_every_request_once_and_the_median_delay_is_a_delay(rows):
    cases = [_case(n, answered=answered, deadline=TODAY + timedelta(offset),
                   missing=[item("ratings")] if lacking and answered is not None else [])
             for n, (answered, offset, lacking) in enumerate(rows)]
    found = bundle.statistics(cases, today=TODAY)
    assert found.total == len(cases)
    assert sum(found.by_state[key] for key in bundle.STATES) == len(cases)
    delays = [bundle.days_late(c.timeline, TODAY) for c in cases]
    if any(delays):
        assert min(d for d in delays if d) <= found.median_days_late <= max(delays)
    else:
        assert found.median_days_late is None
    lacking = sum(1 for c in cases if c.missing)
    assert dict(found.most_missing).get("ratings", 0) == lacking


def test_the_median_delay_counts_to_the_answer_or_to_today():
    cases = [_case(1, answered=None, deadline=TODAY - timedelta(10)),   # 10 days, no answer
             _case(2, answered=4, deadline=TODAY - timedelta(30)),      # answered 4 days late
             _case(3, answered=-2, deadline=TODAY - timedelta(30)),     # in time
             _case(4, answered=None, deadline=TODAY + timedelta(5))]    # still within it
    found = bundle.statistics(cases, today=TODAY)
    assert found.median_days_late == 7.0
    assert found.by_state == {"no_answer": 1, "pending": 1, "complete": 2, "incomplete": 0,
                              "late": 1}


@settings(max_examples=60, deadline=None)
@given(versions=st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=12),
       language=st.sampled_from(["en", "es", "fr", "it", "de"]))
def test_a_dossier_bundle_holds_exactly_the_cases_given_each_once(versions, language):
    cases = [dataclasses.replace(_case(n, answered=None, deadline=TODAY - timedelta(n)),
                                 member=f"Member {n}", mandate_date=TODAY - timedelta(40),
                                 mandate_version=version)
             for n, version in enumerate(versions)]
    union = Representative(name="Riders' Union", mandate_date=TODAY)
    parts = bundle.dossier_parts(cases, controller="Uber B.V.", union=union,
                                 authority=Recipient(name="AP"), date=TODAY,
                                 language=language,
                                 mandate_texts={1: "One.", 2: "Two.", 3: "Three."})
    summary, letters = parts[0], [p.letter for p in parts if hasattr(p, "letter")]
    references = sorted(c.request.reference for c in cases)
    assert sorted(row[2] for row in summary.rows) == references
    assert sorted(letter.subject.rsplit(" ", 1)[-1] for letter in letters) == references
    # The mandate annexes (four columns): one per version used, each member once, under the
    # version they consented to.
    mandates = [p for p in parts[1:] if not hasattr(p, "letter") and len(p.header) == 4]
    assert len(mandates) == len(set(versions))
    assert sorted(row[2] for annex in mandates for row in annex.rows) == references
    for annex, version in zip(mandates, sorted(set(versions)), strict=True):
        assert {row[2] for row in annex.rows} == {
            c.request.reference for c in cases if c.mandate_version == version}


# -- Follow-ups ----------------------------------------------------------------------------

@pytest.fixture
def uber(db):
    authorities()
    return controller()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Call a service and run what it leaves for after the commit (enqueued jobs), as the
    real commit would; the test's own transaction never commits."""
    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)
    return call


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """Run the background jobs as the worker would, and the jobs those jobs enqueue."""
    from suma.core.worker import run_worker

    def run() -> None:
        for _round in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                run_worker(batch=True, interval=0)
    return run


def test_a_follow_up_emails_the_controller_what_the_answer_lacked(world, uber, commit, jobs,
                                                                  settings):
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    event = commit(escalation.request_follow_up, request=request, by=world.member)
    assert event.kind == RequestEvent.Kind.FOLLOW_UP and event.on == timezone.localdate()
    jobs()
    [mail] = [m for m in outbox_messages(settings) if "privacy@uber.example" in m["To"]]
    assert world.member.email in mail["Cc"] and world.member.email in mail["Reply-To"]
    assert request.reference in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert selectors.item_label("ratings", "en") in body
    assert selectors.item_label("automated_logic", "en") in body
    assert selectors.item_label("purposes", "en") not in body  # the answer had it


def test_a_follow_up_lists_exactly_the_checklist_items_the_member_did_not_tick(world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE,
                           contained=["purposes", "trips", "ratings"])
    letter = selectors.followup_letter(request=request, on=timezone.localdate())
    listed = next(content for kind, content in letter.blocks if kind == "ul")
    expected = [entry for entry in selectors.missing_items(request)]
    assert len(listed) == len(expected)
    assert {"purposes", "trips", "ratings"}.isdisjoint(entry.key for entry in expected)
    assert any("logic" in line.lower() for line in listed)


def test_without_an_email_address_the_follow_up_is_a_pdf_to_post(world, uber, commit, jobs,
                                                                   settings):
    postal = controller(slug="glovo", name="Glovo S.L.", country="ES", email="",
                        address="Calle Llull 108\n08005 Barcelona\nSpain")
    request = make_request(world.union, world.member, postal, status=RequestStatus.INCOMPLETE,
                           contained=["purposes"])
    event = commit(escalation.request_follow_up, request=request, by=world.member)
    jobs()
    assert not [m for m in outbox_messages(settings) if "glovo" in str(m["To"]).lower()]
    assert selectors.followup_pdf(request=request, event=event).startswith(b"%PDF-")


def test_sending_a_follow_up_twice_the_same_day_is_refused(world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    escalation.request_follow_up(request=request, by=world.member)
    with pytest.raises(Conflict, match="already sent today"):
        escalation.request_follow_up(request=request, by=world.member)
    tomorrow = timezone.localdate() + timedelta(days=1)
    escalation.request_follow_up(request=request, by=world.member, today=tomorrow)
    assert RequestEvent.objects.filter(request=request, kind="follow_up").count() == 2


def test_a_follow_up_is_for_an_incomplete_answer_with_something_missing(world, uber):
    overdue = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    with pytest.raises(SumaError, match="incomplete answer"):
        escalation.request_follow_up(request=overdue, by=world.member)
    every = [entry.key for entry in selectors.missing_items(overdue)]
    full = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE,
                        contained=every)
    with pytest.raises(SumaError, match="nothing to ask for"):
        escalation.request_follow_up(request=full, by=world.member)
    assert not RequestEvent.objects.filter(kind="follow_up").exists()


# -- Complaints ----------------------------------------------------------------------------

def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def test_the_proposed_authority_is_the_lead_one_for_the_controllers_country(world, uber):
    found = authorities()
    assert selectors.authority_propose(controller=uber) == found["nlap"]
    meta = controller(slug="facebook", name="Meta Platforms Ireland Limited", country="IE",
                      email="", address="4 Grand Canal Square\nDublin 2\nIreland")
    google = controller(slug="google", name="Google LLC", country="US", email="",
                        address="1600 Amphitheatre Parkway\nMountain View, CA 94043\nUSA")
    munich = controller(slug="acme-de", name="Acme GmbH", country="DE", email="",
                        address="Leopoldstraße 1\n80802 München\nDeutschland")
    hamburg = controller(slug="hh-gmbh", name="HH GmbH", country="DE", email="",
                         address="Jungfernstieg 1\n20354 Hamburg\nDeutschland")
    assert selectors.authority_propose(controller=meta) == found["iedpc"]
    assert selectors.authority_propose(controller=google) == found["iedpc"]
    assert selectors.authority_propose(controller=munich) == found["debaylda"]
    # Hamburg's authority is not in this directory: the federal one.
    assert selectors.authority_propose(controller=hamburg) == found["debfdi"]


def test_an_overdue_request_gets_a_complaint_draft_with_its_pdf_bundle(world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.REMINDED)
    complaint = escalation.complaint_draft(request=request, by=world.member)
    assert complaint.status == ComplaintStatus.DRAFT and not complaint.collective
    assert complaint.authority.slug == "nlap" and complaint.language == "en"
    parts, ids = selectors.complaint_parts(complaint=complaint)
    assert ids == [request.pk]
    letter = parts[0].letter
    assert "Autoriteit" not in letter.body  # the authority is the recipient, not the text
    assert request.reference in letter.subject and "Uber B.V." in letter.subject
    day = f"{request.sent_on.day} {request.sent_on:%B} {request.sent_on.year}"
    assert day in letter.body  # the dates are pre-filled
    assert f"D-{world.member.pk:05d}" in letter.body  # the identification
    assert parts[1].title == "Timeline of the request"
    reminded = [row for row in parts[1].rows if row[1] == "Reminder sent"]
    assert reminded, parts[1].rows
    pdf, _ids = selectors.complaint_pdf_render(complaint=complaint)
    assert pdf.startswith(b"%PDF-") and _pages(pdf) >= 2
    # Drafting again gives the same draft.
    assert escalation.complaint_draft(request=request, by=world.member).pk == complaint.pk


def test_an_incomplete_answer_complaint_lists_the_missing_items_in_the_authoritys_language(
        world, uber):
    found = authorities()
    request = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    complaint = escalation.complaint_draft(request=request, by=world.member,
                                           authority=found["debfdi"])
    assert complaint.language == "de"
    parts, _ids = selectors.complaint_parts(complaint=complaint)
    assert parts[0].letter.language == "de" and "Beschwerde" in parts[0].letter.subject
    missing = parts[2]
    assert len(missing.rows) == len(selectors.missing_items(request))


@pytest.mark.parametrize("status", [RequestStatus.DRAFT, RequestStatus.SENT,
                                    RequestStatus.COMPLETE, RequestStatus.WITHDRAWN,
                                    RequestStatus.COMPLAINT])
def test_only_overdue_reminded_or_incomplete_requests_can_be_complained_about(world, uber,
                                                                               status):
    request = make_request(world.union, world.member, uber, status=status)
    with pytest.raises(SumaError, match="did not answer by the deadline"):
        escalation.complaint_draft(request=request, by=world.member)
    assert not Complaint.objects.exists()


def test_a_controller_in_a_country_without_an_authority_needs_one_chosen(world):
    authorities()
    far = controller(slug="far", name="Far Ltd", country="JP", email="", address="Tokyo")
    request = make_request(world.union, world.member, far, status=RequestStatus.OVERDUE)
    with pytest.raises(SumaError, match="no supervisory authority") as error:
        escalation.complaint_draft(request=request, by=world.member)
    assert error.value.field == "authority"
    chosen = authorities()["iedpc"]
    assert escalation.complaint_draft(request=request, by=world.member,
                                      authority=chosen).authority == chosen
    with pytest.raises(SumaError, match="supervisory authority"):
        escalation.complaint_draft(request=request, by=world.member, authority=far)


def test_lodging_a_complaint_moves_its_request_to_complaint_and_keeps_the_pdf(world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    complaint = escalation.complaint_draft(request=request, by=world.member)
    on = timezone.localdate()
    escalation.complaint_lodge(complaint=complaint, by=world.member, on=on)
    complaint.refresh_from_db()
    request.refresh_from_db()
    assert complaint.status == ComplaintStatus.LODGED and complaint.lodged_on == on
    assert request.status == RequestStatus.COMPLAINT and request.complained_on == on
    assert RequestEvent.objects.filter(request=request, kind="complaint", on=on).exists()
    with complaint.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    with pytest.raises(Conflict, match="already lodged"):
        escalation.complaint_lodge(complaint=complaint, by=world.member, on=on)


def test_a_lodging_date_in_the_future_or_before_the_draft_is_refused(world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    today = timezone.localdate()
    complaint = escalation.complaint_draft(request=request, by=world.member, today=today)
    with pytest.raises(SumaError, match="still to come") as error:
        escalation.complaint_lodge(complaint=complaint, by=world.member,
                                   on=today + timedelta(days=1))
    assert error.value.field == "on"
    with pytest.raises(SumaError, match="cannot have been lodged before"):
        escalation.complaint_lodge(complaint=complaint, by=world.member,
                                   on=today - timedelta(days=1))
    assert Complaint.objects.get().status == ComplaintStatus.DRAFT


def test_a_request_answered_since_the_draft_cannot_be_lodged_about(world, uber):
    request = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    complaint = escalation.complaint_draft(request=request, by=world.member)
    DataRequest.objects.filter(pk=request.pk).update(status=RequestStatus.COMPLETE)
    with pytest.raises(Conflict, match="Answered, complete"):
        escalation.complaint_lodge(complaint=complaint, by=world.member,
                                   on=timezone.localdate())


# -- Mandates ------------------------------------------------------------------------------

def test_each_published_mandate_text_is_a_new_version(world):
    first = publish(world.union, world.steward, "Version one.")
    second = publish(world.union, world.steward, "Version two.")
    assert (first.version, second.version) == (1, 2)
    with pytest.raises(Conflict, match="version 2 already"):
        publish(world.union, world.steward, "Version two.")
    with pytest.raises(SumaError, match="Write the mandate"):
        publish(world.union, world.steward, "   ")


def test_a_mandate_is_explicit_dated_consent_to_the_version_shown(world):
    publish(world.union, world.steward, "Version one.")
    given = escalation.mandate_give(union=world.union, member=world.member, text_version=1)
    assert given.text.version == 1 and given.revoked_at is None
    assert abs((given.consented_at - timezone.now()).total_seconds()) < 60
    with pytest.raises(Conflict, match="already gave"):
        escalation.mandate_give(union=world.union, member=world.member, text_version=1)
    publish(world.union, world.steward, "Version two.")
    # A member who read version 1 cannot consent to it once version 2 is out.
    with pytest.raises(Conflict, match="read version 2"):
        escalation.mandate_give(union=world.union, member=world.member, text_version=1)
    renewed = escalation.mandate_give(union=world.union, member=world.member, text_version=2)
    history = list(selectors.mandate_history(union=world.union, member=world.member))
    assert [m.text.version for m in history] == [2, 1]
    assert history[1].revoked_at is not None and renewed.revoked_at is None


def test_only_members_of_the_union_may_mandate_it_and_only_once_there_is_a_text(world):
    with pytest.raises(SumaError, match="not published a mandate text"):
        escalation.mandate_give(union=world.union, member=world.member, text_version=1)
    publish(world.union, world.steward)
    for outsider in (world.outsider, world.applicant):
        with pytest.raises(NotAllowed):
            escalation.mandate_give(union=world.union, member=outsider, text_version=1)
    assert not Mandate.objects.exists()


def test_a_revoked_mandate_is_revoked_once(world):
    publish(world.union, world.steward)
    given = mandate(world.union, world.member)
    escalation.mandate_revoke(mandate=given, by=world.member)
    given.refresh_from_db()
    assert given.revoked_at is not None
    assert selectors.mandate_live(union=world.union, member=world.member) is None
    with pytest.raises(Conflict, match="was revoked on"):
        escalation.mandate_revoke(mandate=given, by=world.member)


# -- Collective dossiers -------------------------------------------------------------------

def _members(world, *names):
    people = []
    for name in names:
        user = make_user(f"{name.lower().replace(' ', '.')}@example.org", name)
        place = members.chapter_apply(chapter=world.chapter, user=user)
        members.application_approve(application=place, by=world.steward)
        people.append(user)
    return people


def test_a_dossier_lists_the_overdue_or_incomplete_requests_of_mandated_members_only(
        world, uber):
    ana, bo, cy = _members(world, "Ana Quispe", "Bo Lin", "Cy Twombly")
    publish(world.union, world.steward)
    for person in (ana, bo):
        mandate(world.union, person)
    listed = [make_request(world.union, ana, uber, status=RequestStatus.OVERDUE),
              make_request(world.union, ana, uber, status=RequestStatus.INCOMPLETE),
              make_request(world.union, bo, uber, status=RequestStatus.REMINDED)]
    make_request(world.union, bo, uber, status=RequestStatus.SENT)       # not late yet
    make_request(world.union, bo, uber, status=RequestStatus.COMPLETE)   # answered in full
    make_request(world.union, cy, uber, status=RequestStatus.OVERDUE)    # no mandate
    other = controller(slug="bolt", name="Bolt", country="EE", email="")
    make_request(world.union, ana, other, status=RequestStatus.OVERDUE)  # another controller
    dossier = escalation.dossier_build(union=world.union, controller=uber, by=world.organiser)
    assert dossier.collective and dossier.status == ComplaintStatus.DRAFT
    assert set(dossier.requests.values_list("pk", flat=True)) == {r.pk for r in listed}
    assert bool(dossier.file)  # small: made at once
    parts, ids = selectors.complaint_parts(complaint=dossier)
    summary = parts[0]
    assert {row[2] for row in summary.rows} == {r.reference for r in listed}
    assert "Platform Users' Union" in summary.blocks[0][1]
    # Each member's complaint names the union as their representative, with the mandate's
    # date, and the mandate text is enclosed with who gave it.
    letters = [part.letter for part in parts if hasattr(part, "letter")]
    assert len(letters) == 3 and all("Art. 80(1)" in letter.body for letter in letters)
    assert parts[-1].title.startswith("Mandate under Art. 80(1) GDPR, text version 1")
    assert {row[1] for row in parts[-1].rows} == {"Ana Quispe", "Bo Lin"}
    statistics = selectors.complaint_statistics(complaint=dossier)
    assert statistics.total == 3 and statistics.by_state["incomplete"] == 1
    assert statistics.by_state["no_answer"] == 2 and statistics.median_days_late is not None
    assert dict(statistics.most_missing)["ratings"] == 1


def test_building_a_dossier_with_nothing_to_complain_about_is_refused(world, uber):
    publish(world.union, world.steward)
    make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    with pytest.raises(SumaError, match="No member who mandated the union"):
        escalation.dossier_build(union=world.union, controller=uber, by=world.organiser)
    # A mandate given "in the future" (a clock ahead) is not in force yet.
    Mandate.objects.create(union=world.union, member=world.member,
                           text=MandateText.objects.get(),
                           consented_at=timezone.now() + timedelta(days=1))
    with pytest.raises(SumaError, match="No member who mandated the union"):
        escalation.dossier_build(union=world.union, controller=uber, by=world.organiser)


def test_a_member_who_revoked_their_mandate_is_never_in_a_complaint(world, uber):
    ana, bo = _members(world, "Ana Quispe", "Bo Lin")
    publish(world.union, world.steward)
    ana_mandate, bo_mandate = mandate(world.union, ana), mandate(world.union, bo)
    ana_request = make_request(world.union, ana, uber, status=RequestStatus.OVERDUE)
    bo_request = make_request(world.union, bo, uber, status=RequestStatus.OVERDUE)

    # A dossier is drafted with both; then Bo revokes: the draft loses Bo at once, and its
    # PDF is made again without Bo.
    draft = escalation.dossier_build(union=world.union, controller=uber, by=world.organiser)
    assert draft.requests.count() == 2
    escalation.mandate_revoke(mandate=bo_mandate, by=bo)
    draft.refresh_from_db()
    assert list(draft.requests.all()) == [ana_request]
    parts, ids = selectors.complaint_parts(complaint=draft)
    assert ids == [ana_request.pk]
    assert "Bo Lin" not in str([getattr(p, "rows", "") for p in parts])
    assert all("Bo Lin" not in p.letter.body for p in parts if hasattr(p, "letter"))
    assert draft.file  # made again

    # A new dossier leaves Bo out.
    rebuilt = escalation.dossier_build(union=world.union, controller=uber, by=world.organiser)
    assert list(rebuilt.requests.all()) == [ana_request]
    assert not Complaint.objects.filter(pk=draft.pk).exists()  # the old draft is replaced

    # Bo mandates again, a dossier is lodged with both; then Bo revokes: the lodged one keeps
    # its record of what was lodged.
    mandate(world.union, bo, days_ago=0)
    lodged = escalation.dossier_build(union=world.union, controller=uber, by=world.organiser)
    escalation.complaint_lodge(complaint=lodged, by=world.organiser, on=timezone.localdate())
    with lodged.file.open("rb") as stored:
        as_lodged = stored.read()
    escalation.mandate_revoke(mandate=selectors.mandate_live(union=world.union, member=bo),
                              by=bo)
    lodged.refresh_from_db()
    assert set(lodged.requests.all()) == {ana_request, bo_request}
    with lodged.file.open("rb") as stored:
        assert stored.read() == as_lodged
    bo_request.refresh_from_db()
    assert bo_request.status == RequestStatus.COMPLAINT
    assert ana_mandate.pk  # Ana's stays in force throughout
    assert selectors.mandate_live(union=world.union, member=ana) is not None


def test_a_dossier_is_lodged_for_every_request_and_its_members_hear_of_it(world, uber,
                                                                          commit, jobs):
    ana, bo = _members(world, "Ana Quispe", "Bo Lin")
    publish(world.union, world.steward)
    for person in (ana, bo):
        mandate(world.union, person)
        make_request(world.union, person, uber, status=RequestStatus.OVERDUE)
    dossier = escalation.dossier_build(union=world.union, controller=uber, by=world.steward)
    commit(escalation.complaint_lodge, complaint=dossier, by=world.steward,
           on=timezone.localdate())
    assert set(DataRequest.objects.values_list("status", flat=True)) == {"complaint"}
    assert RequestEvent.objects.filter(kind="complaint").count() == 2
    jobs()
    told = Notification.objects.filter(category="rights_complaints")
    assert {n.user for n in told} == {ana, bo}
    assert "Uber B.V." in told.first().title


def test_a_dossier_of_thousands_of_requests_is_made_in_the_background(world, uber, commit,
                                                                     jobs):
    publish(world.union, world.steward)
    text = MandateText.objects.get()
    password = make_password(None)
    people = User.objects.bulk_create([User(email=f"m{n}@example.org", name=f"Member {n}",
                                            password=password) for n in range(1200)])
    now = timezone.now() - timedelta(days=1)
    Mandate.objects.bulk_create([Mandate(union=world.union, member=p, text=text,
                                         consented_at=now) for p in people])
    sent = timezone.localdate() - timedelta(days=60)
    DataRequest.objects.bulk_create([DataRequest(
        union=world.union, member=p, controller=uber, kinds=["access"], language="en",
        reference=f"BULK{n:05d}", channel="email", status=RequestStatus.OVERDUE,
        sent_on=sent, received_on=sent, deadline=sent + timedelta(days=31),
        answered_on=None) for n, p in enumerate(people)])
    dossier = commit(escalation.dossier_build, union=world.union, controller=uber,
                     by=world.organiser)
    assert dossier.requests.count() == 1200 and not dossier.file
    jobs()
    dossier.refresh_from_db()
    with dossier.file.open("rb") as stored:
        pdf = stored.read()
    # The summary's table (about 45 rows a page), then 1,200 complaints with their annexes.
    assert pdf.startswith(b"%PDF-") and _pages(pdf) > 1200 * 2
