"""Petitions through their services: signing, confirming, withdrawing, milestones, abuse,
privacy and delivery, on both engines."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from suma.campaigns.models import TimelineEvent
from suma.campaigns.repertoire import TACTICS, tactic_uses
from suma.core.errors import SumaError
from suma.core.models import Notification
from suma.tactics.petitions import delivery, selectors, services
from suma.tactics.petitions.limits import RateLimited
from suma.tactics.petitions.models import (
    Milestone,
    Petition,
    PetitionStatus,
    Signature,
    SignatureStatus,
)
from tests.conftest import build_world, make_user, outbox_messages
from tests.petitions.world import campaign_for, make_petition, visitor_confirmed

pytestmark = pytest.mark.django_db


def counted(petition) -> tuple[int, int]:
    """The counter and the stored valid signatures: always equal."""
    return (services.signature_total(petition=petition),
            selectors.stored_valid_count(petition=petition))


def test_a_member_signs_with_one_click_and_counts_at_once(world):
    petition = make_petition(world)
    signature = services.petition_sign(petition=petition, user=world.member, country="ke")
    assert signature.status == SignatureStatus.CONFIRMED
    assert signature.name == "Achieng Atieno" and signature.country == "KE"
    assert counted(petition) == (1, 1)
    # Their country is asked once: the next petition takes it from this signature.
    other = make_petition(world, slug="second")
    assert services.petition_sign(petition=other, user=world.member).country == "KE"


def test_a_member_who_never_gave_a_country_is_asked_for_it(world):
    petition = make_petition(world)
    with pytest.raises(SumaError) as refused:
        services.petition_sign(petition=petition, user=world.member)
    assert refused.value.field == "country"


def test_signing_twice_is_refused_and_counts_once(world):
    petition = make_petition(world)
    services.petition_sign(petition=petition, user=world.member, country="KE")
    with pytest.raises(SumaError) as refused:
        services.petition_sign(petition=petition, user=world.member, country="KE")
    assert refused.value.code == "already_signed"
    assert counted(petition) == (1, 1)


def test_a_visitor_confirms_from_the_emailed_link_and_counts_once(
        world, run_jobs, settings, django_capture_on_commit_callbacks):
    petition = make_petition(world)
    with django_capture_on_commit_callbacks(execute=True):
        signature = services.petition_sign_visitor(
            petition=petition, name="Jane Roe", email="jane@example.org", country="IE")
    run_jobs()
    [message] = outbox_messages(settings)
    body = message.get_body(preferencelist=("plain",)).get_content()
    token = re.search(r"/confirm/([^/\s]+)/", body).group(1)
    assert "/withdraw/" in body
    stored = Signature.objects.get(pk=signature.pk)
    assert stored.token_hash and token not in stored.token_hash  # only the hash is kept
    services.signature_confirm(petition=petition, token=token)
    assert counted(petition) == (1, 1)
    with pytest.raises(SumaError) as replayed:
        services.signature_confirm(petition=petition, token=token)
    assert replayed.value.code == "already_confirmed"
    assert counted(petition) == (1, 1)


def test_one_signature_per_mailbox_whatever_the_spelling(world):
    petition = make_petition(world)
    visitor_confirmed(petition, name="Jane Roe", email="jane.roe@gmail.com")
    for spelling in ("Jane.Roe+petition@gmail.com", "janeroe@googlemail.com"):
        with pytest.raises(SumaError) as refused:
            services.petition_sign_visitor(petition=petition, name="Jane", email=spelling,
                                           country="KE", send_email=False)
        assert refused.value.code == "already_signed"
    assert counted(petition) == (1, 1)


def test_signing_again_before_confirming_sends_a_new_link_and_the_old_one_stops(world):
    petition = make_petition(world)
    first = services.petition_sign_visitor(petition=petition, name="Jane", country="KE",
                                           email="jane@example.org", send_email=False)
    old = services.signature_token_issue(signature=first)
    again = services.petition_sign_visitor(petition=petition, name="Jane", country="KE",
                                           email="JANE@example.org", send_email=False)
    assert again.pk == first.pk
    new = services.signature_token_issue(signature=again)
    with pytest.raises(SumaError) as refused:
        services.signature_confirm(petition=petition, token=old)
    assert refused.value.code == "bad_token"
    services.signature_confirm(petition=petition, token=new)
    assert counted(petition) == (1, 1)


def test_an_expired_or_forged_link_says_so_and_counts_nothing(world):
    petition = make_petition(world)
    signature = services.petition_sign_visitor(petition=petition, name="Jane", country="KE",
                                               email="jane@example.org", send_email=False)
    token = services.signature_token_issue(signature=signature,
                                           now=timezone.now() - timedelta(days=8))
    with pytest.raises(SumaError) as expired:
        services.signature_confirm(petition=petition, token=token)
    assert expired.value.code == "expired"
    for forged in ("nonsense", f"{signature.pk}.wrong", "99999999.x", "9" * 40 + ".x"):
        with pytest.raises(SumaError):
            services.signature_confirm(petition=petition, token=forged)
    assert counted(petition) == (0, 0)


@pytest.mark.parametrize("bad", ["not-an-email", "a@b", "x" * 250 + "@example.org", ""])
def test_invalid_emails_are_refused_with_a_clear_message(world, bad):
    petition = make_petition(world)
    with pytest.raises(SumaError) as refused:
        services.petition_sign_visitor(petition=petition, name="Jane", email=bad, country="KE")
    assert refused.value.field == "email"
    assert Signature.objects.count() == 0


def test_a_closed_or_draft_petition_refuses_signatures_clearly(world):
    draft = make_petition(world, slug="draft", open_it=False)
    with pytest.raises(SumaError) as refused:
        services.petition_sign(petition=draft, user=world.member, country="KE")
    assert refused.value.code == "not_open"
    petition = make_petition(world)
    services.petition_close(petition=petition, by=world.organiser)
    petition.refresh_from_db()
    with pytest.raises(SumaError) as refused:
        services.petition_sign(petition=petition, user=world.member, country="KE")
    assert refused.value.code == "closed"
    # Past its closing date, it refuses even before the job closes it.
    late = make_petition(world, slug="late", closes_at=timezone.now() + timedelta(hours=1))
    late.closes_at = timezone.now() - timedelta(seconds=1)
    with pytest.raises(SumaError) as refused:
        services.petition_sign_visitor(petition=late, name="J", email="j@example.org",
                                       country="KE")
    assert refused.value.code == "closed"
    Petition.objects.filter(pk=late.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    assert services.petitions_close_due() == 1


def test_withdrawing_stops_counting_and_the_signer_may_sign_again(world):
    petition = make_petition(world)
    signature = services.petition_sign(petition=petition, user=world.member, country="KE")
    services.signature_withdraw(signature=signature, by=world.member)
    assert counted(petition) == (0, 0)
    with pytest.raises(SumaError):
        services.signature_withdraw(signature=signature)
    services.petition_sign(petition=petition, user=world.member, country="KE")
    assert counted(petition) == (1, 1)
    # A visitor withdraws with the signed link of their email, and signs again.
    visitor = visitor_confirmed(petition, name="Jane", email="jane@example.org")
    found = services.signature_of_withdraw_token(petition=petition,
                                                 token=services.withdraw_token(visitor))
    services.signature_withdraw(signature=found)
    assert counted(petition) == (1, 1)
    visitor_confirmed(petition, name="Jane", email="jane@example.org")
    assert counted(petition) == (2, 2)
    with pytest.raises(SumaError):
        services.signature_of_withdraw_token(petition=petition, token="forged")


def test_suspicious_signatures_are_held_silently_until_an_organiser_approves(world):
    petition = make_petition(world)
    held = visitor_confirmed(petition, name="Jаne Doe", email="jane@example.org")  # noqa: RUF001
    assert held.status == SignatureStatus.QUARANTINED
    disposable = visitor_confirmed(petition, name="Bob", email="bob@mailinator.com")
    assert counted(petition) == (0, 0)
    assert list(selectors.review_queue(petition=petition)) == [held, disposable]
    services.signature_review(signature=held, by=world.organiser, approve=True)
    services.signature_review(signature=disposable, by=world.organiser, approve=False)
    assert counted(petition) == (1, 1)
    with pytest.raises(SumaError):
        services.signature_review(signature=held, by=world.organiser, approve=False)


def test_rate_limits_per_ip_email_and_petition_refuse_and_bursts_are_held(world, settings):
    petition = make_petition(world)
    settings.SUMA_PETITION_LIMITS = {"ip": "3/h", "burst": "2/h", "email": "2/h",
                                     "petition": "100/h"}
    statuses = []
    for i in range(3):
        visitor_confirmed_ip = services.petition_sign_visitor(
            petition=petition, name=f"Person {i}", email=f"p{i}@example.org", country="KE",
            ip="203.0.113.9", send_email=False)
        statuses.append(Signature.objects.get(pk=visitor_confirmed_ip.pk).suspicion)
    assert statuses == ["", "", "ip_burst"]
    with pytest.raises(RateLimited) as refused:
        services.petition_sign_visitor(petition=petition, name="P", email="p9@example.org",
                                       country="KE", ip="203.0.113.9")
    assert refused.value.status == 429
    for _attempt in range(2):
        try:
            services.petition_sign_visitor(petition=petition, name="Q", email="q@example.org",
                                           country="KE", ip="", send_email=False)
        except SumaError:
            pass
    with pytest.raises(RateLimited):
        services.petition_sign_visitor(petition=petition, name="Q", email="Q@example.org",
                                       country="KE")
    # Members are not limited: each signs once, as their account.
    settings.SUMA_PETITION_LIMITS = {"petition": "1/h", "email": "1/h", "ip": "1/h",
                                     "burst": "1/h"}
    from django.core.cache import cache

    cache.clear()
    for user in (world.member, world.organiser, world.steward):
        signature = services.petition_sign(petition=petition, user=user, country="KE")
        assert signature.status == SignatureStatus.CONFIRMED


def test_milestones_are_reached_once_on_the_timeline_and_signers_hear_of_them(
        world, run_jobs, django_capture_on_commit_callbacks):
    petition = make_petition(world, milestones=((2, "a response"), (3, "delivery")))
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(petition=petition, user=world.member, country="KE")
        services.petition_sign(petition=petition, user=world.organiser, country="KE")
    first = Milestone.objects.get(petition=petition, count=2)
    assert first.reached_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        visitor_confirmed(petition, name="Jane", email="jane@example.org")
        visitor_confirmed(petition, name="John", email="john@example.org")
    milestones = TimelineEvent.objects.filter(campaign=petition.campaign, kind="milestone")
    assert milestones.count() == 2
    # Withdrawing and signing again does not reach a milestone twice.
    mine = services.member_signature(petition=petition, user=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_withdraw(signature=mine)
        services.petition_sign(petition=petition, user=world.member, country="KE")
    assert milestones.count() == 2
    assert services.milestones_check(petition=petition) == []
    run_jobs()
    told = Notification.objects.filter(category="campaigns", title__contains="reached")
    assert {n.user for n in told} == {world.member, world.organiser}
    assert told.count() == 4  # two milestones, two member signers


def test_the_counter_is_exact_when_many_sign_at_once_and_a_milestone_is_reached_once(
        transactional_db):
    world = build_world()
    petition = make_petition(world, milestones=((25, "a response"),))
    users = [make_user(f"signer{i}@example.org", f"Signer {i}") for i in range(30)]
    errors = []
    barrier = threading.Barrier(10)

    def sign(chunk):
        try:
            barrier.wait(timeout=30)
            for user in chunk:
                services.petition_sign(petition=petition, user=user, country="KE")
            if chunk is chunks[0]:
                # A visitor too, with a confirmation racing the others.
                signature = services.petition_sign_visitor(
                    petition=petition, name="Jane", email="jane@example.org", country="IE",
                    send_email=False)
                services.signature_confirm(
                    petition=petition,
                    token=services.signature_token_issue(signature=signature))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    chunks = [users[i::10] for i in range(10)]
    threads = [threading.Thread(target=sign, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counted(petition) == (31, 31)
    assert TimelineEvent.objects.filter(campaign=petition.campaign, kind="milestone").count() == 1
    assert Milestone.objects.get(petition=petition).reached_at is not None
    assert {c["country"]: c["count"] for c in selectors.counts_by_country(petition=petition)} \
        == {"KE": 30, "IE": 1}


def test_visitors_are_anonymised_after_the_set_days_keeping_countries_and_counts(world):
    petition = make_petition(world)
    services.petition_sign(petition=petition, user=world.member, country="KE")
    visitor_confirmed(petition, name="Jane Roe", email="jane@example.org", country="IE")
    visitor_confirmed(petition, name="John Roe", email="john@example.org", country="IE")
    services.petition_close(petition=petition, by=world.organiser)
    assert services.petitions_anonymise() == 0  # not yet: 90 days after the close
    later = timezone.now() + timedelta(days=91)
    assert services.petitions_anonymise(now=later) == 2
    visitors = Signature.objects.filter(petition=petition, user__isnull=True)
    assert set(visitors.values_list("name", "email", "postcode", "anonymised")) == {
        ("", "", "", True)}
    assert set(visitors.values_list("country", flat=True)) == {"IE"}
    member = Signature.objects.get(petition=petition, user=world.member)
    assert member.name == "Achieng Atieno" and not member.anonymised
    assert counted(petition) == (3, 3)
    assert services.petitions_anonymise(now=later) == 0  # once
    assert "(anonymised)" in delivery.signatures_csv(petition=petition)


def test_delivery_gives_a_letter_and_names_without_emails_and_goes_on_the_timeline(world):
    petition = make_petition(world)
    services.petition_sign(petition=petition, user=world.member, country="KE")
    visitor_confirmed(petition, name="=cmd|calc", email="evil@example.org", country="IE")
    pdf = delivery.letter_pdf(petition=petition)
    assert pdf.startswith(b"%PDF")
    text = delivery.signatures_csv(petition=petition)
    assert "Achieng Atieno,Kenya" in text and "'=cmd|calc,Ireland" in text
    assert "@" not in text
    services.petition_deliver(petition=petition, by=world.organiser)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.DELIVERED and petition.closed_at
    event = TimelineEvent.objects.get(campaign=petition.campaign, kind="delivery")
    assert "2" in event.title
    with pytest.raises(SumaError):
        services.petition_deliver(petition=petition, by=world.organiser)


def test_the_words_are_fixed_once_open_but_milestones_still_change(world):
    petition = make_petition(world)
    with pytest.raises(SumaError) as refused:
        services.petition_update(petition=petition, by=world.organiser, title="Other",
                                 text=petition.text, target=petition.target, closes_at=None,
                                 anonymise_after_days=30)
    assert refused.value.code == "signed_text"
    services.petition_update(petition=petition, by=world.organiser, title=petition.title,
                             text=petition.text, target=petition.target, closes_at=None,
                             anonymise_after_days=30, milestones=[(10, "a reply"),
                                                                  (20, "a meeting")])
    assert [(m.count, m.label) for m in petition.milestones.all()] == [(10, "a reply"),
                                                                       (20, "a meeting")]
    with pytest.raises(SumaError):
        services.milestones_set(petition=petition, by=world.organiser,
                                milestones=[(5, "a"), (5, "b")])


def test_petitions_join_the_repertoire_with_signatures_goal_and_a_daily_series(world):
    assert "petition" in TACTICS
    petition = make_petition(world, milestones=((1, "delivery"),))
    services.petition_sign(petition=petition, user=world.member, country="KE")
    services.milestones_check(petition=petition)
    [use] = tactic_uses(campaign=campaign_for(world))
    assert use.tactic == "petition" and use.figures == {"signatures": 1, "goal": 1}
    assert use.succeeded is True
    assert use.series == ((timezone.now().date(), 1),)


def test_signing_takes_few_queries(world, django_assert_max_num_queries):
    petition = make_petition(world)
    petition = selectors.petition_get(union_slug="users", slug=petition.slug)
    # On PostgreSQL the signature, its count and a look at the total are one statement.
    most = 1 if connection.vendor == "postgresql" else 4
    with django_assert_max_num_queries(most):
        services.petition_sign(petition=petition, user=world.member, country="KE")
    with django_assert_max_num_queries(most):
        services.petition_sign_visitor(petition=petition, name="Jane", country="KE",
                                       email="jane@example.org")


def test_a_milestone_passed_while_signings_went_by_an_older_count_is_marked_by_the_next(
        world, monkeypatch, django_capture_on_commit_callbacks):
    petition = make_petition(world, milestones=((3, "a response"),))
    monkeypatch.setattr(services, "MILESTONE_MARGIN", 0)
    stale = selectors.petition_get(union_slug="users", slug=petition.slug)
    assert stale.total_seen == 0
    signers = [make_user(f"signer{i}@example.org", f"Signer {i}") for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in signers[:3]:
            services.petition_sign(petition=stale, user=user, country="KE")
    milestone = Milestone.objects.get(petition=petition)
    if connection.vendor == "postgresql":  # went by the count read first (0): no check yet
        assert milestone.reached_at is None
    fresh = selectors.petition_get(union_slug="users", slug=petition.slug)
    assert fresh.total_seen == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(petition=fresh, user=signers[3], country="KE")
    milestone.refresh_from_db()
    assert milestone.reached_at is not None
    assert TimelineEvent.objects.filter(campaign=petition.campaign, kind="milestone").count() == 1


def test_a_petition_closed_since_signing_read_it_refuses_and_stores_nothing(world, settings):
    settings.SUMA_PETITION_READ_SECONDS = 60
    petition = make_petition(world)
    selectors.petition_get(union_slug="users", slug=petition.slug, recent=True)
    services.petition_close(petition=petition, by=world.organiser)
    remembered = selectors.petition_get(union_slug="users", slug=petition.slug, recent=True)
    assert remembered.status == PetitionStatus.OPEN  # read a moment ago, before the close
    with pytest.raises(SumaError) as refused:
        services.petition_sign(petition=remembered, user=world.member, country="KE")
    assert refused.value.code == "closed"
    with pytest.raises(SumaError) as refused:
        services.petition_sign_visitor(petition=remembered, name="Jane", country="KE",
                                       email="jane@example.org")
    assert refused.value.code == "closed"
    assert not Signature.objects.filter(petition=petition).exists()
    assert counted(petition) == (0, 0)
    fresh = selectors.petition_get(union_slug="users", slug=petition.slug)
    assert fresh.status == PetitionStatus.CLOSED


def test_one_job_sends_the_confirmations_of_visitors_signing_together_each_once(
        world, settings, run_jobs, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.SUMA_PETITION_CONFIRM_BATCH_SECONDS = 0.5
    services._kicked_until = 0.0
    petition = make_petition(world)
    run_jobs()  # the petition's own
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("ana", "ben", "cai"):
            services.petition_sign_visitor(petition=petition, name=name.title(), country="KE",
                                           email=f"{name}@example.org")
    jobs = DBTaskResult.objects.filter(task_path__endswith="signature_confirmations_send")
    assert jobs.count() == 1
    assert run_jobs() == 0 and outbox_messages(settings) == []  # it starts half a second on
    time.sleep(0.6)
    run_jobs()
    assert sorted(m["To"] for m in outbox_messages(settings)) == [
        "ana@example.org", "ben@example.org", "cai@example.org"]
    assert services.signature_confirmations_send() == 0  # each sent once
    # Signing again before confirming owes a new link, sent by the next job.
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign_visitor(petition=petition, name="Ana", country="KE",
                                       email="ana@example.org")
    time.sleep(0.6)
    run_jobs()
    assert [m["To"] for m in outbox_messages(settings)].count("ana@example.org") == 2
