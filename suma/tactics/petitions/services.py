"""Every write to petitions, milestones and signatures.

A petition moves draft → open → closed → delivered. Members sign with their account; visitors
sign, then confirm by a POST from the link emailed to them (double opt-in). Only confirmed
signatures count: the counter (SignatureCount, sharded) changes in the same transaction as
the signature's status, so it always equals the valid signatures. Milestones are checked
after the commit, on the committed count, and each is reached exactly once (a conditional
UPDATE); whichever signing commits last sees every signature before it, so none is missed.
"""

import functools
import hashlib
import hmac
import logging
import random
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import CharField, Count, Min, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from suma.core.audit import audit_append
from suma.core.errors import NotFound, SumaError
from suma.core.i18n import interpolate_lazy
from suma.tactics.petitions import limits, screening
from suma.tactics.petitions.countries import CODES
from suma.tactics.petitions.emails import normalise_email
from suma.tactics.petitions.models import (
    Milestone,
    Petition,
    PetitionStatus,
    Signature,
    SignatureCount,
    SignatureStatus,
)

logger = logging.getLogger(__name__)

MAX_MILESTONES = 20
WITHDRAW_SALT = "suma.petitions.withdraw"
ANONYMISED = "anonymised"
_UNSET = object()


def _settings(name: str, default):
    return getattr(settings, name, default)


# -- Petitions -------------------------------------------------------------------------------

def _clean_milestones(milestones) -> list[tuple[int, str]]:
    found: dict[int, str] = {}
    for count, label in milestones:
        if not isinstance(count, int) or count < 1 or count > 1_000_000_000:
            raise SumaError(_("A milestone is a number of signatures, at least 1."),
                            field="milestones")
        label = str(label).strip()[:100]
        if not label:
            raise SumaError(_("Each milestone needs a label, e.g. “a response”."),
                            field="milestones")
        if count in found:
            raise SumaError(_("Two milestones have the same number of signatures."),
                            field="milestones")
        found[count] = label
    if len(found) > MAX_MILESTONES:
        raise SumaError(interpolate_lazy(_("At most %(n)s milestones."), {"n": MAX_MILESTONES}),
                        field="milestones")
    return sorted(found.items())


def _check_text(title: str, text: str, target: str) -> None:
    if not title.strip():
        raise SumaError(_("A petition needs a title."), field="title")
    if not text.strip():
        raise SumaError(_("A petition needs a text."), field="text")
    if not target.strip():
        raise SumaError(_("Say who the petition is addressed to."), field="target")


def petition_create(*, campaign, by, slug: str, title: str, text: str, target: str,
                    closes_at: datetime | None = None, milestones=(),
                    anonymise_after_days: int = 90) -> Petition:
    """A draft petition of a campaign; nobody but its organisers sees it until it opens."""
    _check_text(title, text, target)
    cleaned = _clean_milestones(milestones)
    if Petition.objects.filter(union_id=campaign.union_id, slug=slug).exists():
        raise SumaError(_("Another petition of this union has that short name."), field="slug")
    with transaction.atomic():
        petition = Petition.objects.create(
            union_id=campaign.union_id, campaign=campaign, slug=slug, title=title.strip(),
            text=text, target=target.strip(), closes_at=closes_at, created_by=by,
            anonymise_after_days=anonymise_after_days)
        Milestone.objects.bulk_create([Milestone(petition=petition, count=c, label=label)
                                       for c, label in cleaned])
        audit_append(action="petition.created", actor=by, obj=petition,
                     data={"campaign": campaign.pk, "slug": slug})
        return petition


def petition_update(*, petition: Petition, by, title: str, text: str, target: str,
                    closes_at: datetime | None, anonymise_after_days: int,
                    milestones=_UNSET) -> Petition:
    """Change a petition. Its words are fixed once it opens: people signed those."""
    if petition.status == PetitionStatus.DELIVERED:
        raise SumaError(_("A delivered petition cannot be changed."), code="delivered")
    _check_text(title, text, target)
    worded = (title.strip(), text, target.strip()) != (petition.title, petition.text,
                                                       petition.target)
    if worded and petition.status != PetitionStatus.DRAFT:
        raise SumaError(_("The title, text and addressee cannot change once people can sign: "
                          "they signed these words."), field="text", code="signed_text")
    with transaction.atomic():
        petition.title, petition.text, petition.target = title.strip(), text, target.strip()
        petition.closes_at = closes_at
        petition.anonymise_after_days = anonymise_after_days
        petition.save()
        if milestones is not _UNSET:
            milestones_set(petition=petition, by=by, milestones=milestones)
        audit_append(action="petition.updated", actor=by, obj=petition)
    if petition.status == PetitionStatus.OPEN:
        milestones_check(petition=petition)
    return petition


def milestones_set(*, petition: Petition, by, milestones) -> list[Milestone]:
    """Replace the milestones; one already reached keeps when it was reached."""
    cleaned = _clean_milestones(milestones)
    with transaction.atomic():
        current = {m.count: m for m in Milestone.objects.select_for_update().filter(
            petition=petition)}
        wanted = dict(cleaned)
        Milestone.objects.filter(petition=petition).exclude(count__in=list(wanted)).filter(
            reached_at__isnull=True).delete()
        for count, label in cleaned:
            if count in current:
                if current[count].label != label:
                    Milestone.objects.filter(pk=current[count].pk).update(label=label)
            else:
                Milestone.objects.create(petition=petition, count=count, label=label)
        return list(petition.milestones.all())


def petition_open(*, petition: Petition, by, now: datetime | None = None) -> Petition:
    now = now or timezone.now()
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if petition.status != PetitionStatus.DRAFT:
            raise SumaError(_("Only a draft can be opened."), code="wrong_status")
        if petition.closes_at is not None and petition.closes_at <= now:
            raise SumaError(_("Its closing date has passed: choose a later one first."),
                            field="closes_at")
        petition.status, petition.opens_at = PetitionStatus.OPEN, now
        petition.save(update_fields=["status", "opens_at", "updated_at"])
        audit_append(action="petition.opened", actor=by, obj=petition)
        from suma.campaigns.services import timeline_event_add

        timeline_event_add(campaign=petition.campaign, kind="launch",
                           title=interpolate_lazy(_("Petition launched: %(title)s"),
                                                  {"title": petition.title}),
                           link=_site(petition.get_absolute_url()), happened_at=now)
        return petition


def petition_close(*, petition: Petition, by=None, now: datetime | None = None) -> Petition:
    now = now or timezone.now()
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if petition.status != PetitionStatus.OPEN:
            raise SumaError(_("Only an open petition can be closed."), code="wrong_status")
        petition.status, petition.closed_at = PetitionStatus.CLOSED, now
        if petition.closes_at is None or petition.closes_at > now:
            petition.closes_at = now
        petition.save(update_fields=["status", "closed_at", "closes_at", "updated_at"])
        audit_append(action="petition.closed", actor=by, obj=petition,
                     data={"signatures": signature_total(petition=petition)})
        return petition


def petitions_close_due(*, now: datetime | None = None) -> int:
    """Close open petitions whose closing date has passed (a periodic job)."""
    now = now or timezone.now()
    closed = 0
    for petition in Petition.objects.filter(status=PetitionStatus.OPEN, closes_at__lte=now):
        try:
            petition_close(petition=petition, now=now)
            closed += 1
        except SumaError:
            continue  # closed by someone else meanwhile
    return closed


def _site(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


# -- The counter ----------------------------------------------------------------------------

_COUNT_ADD = ("INSERT INTO {t} (petition_id, country, shard, n) VALUES (%s, %s, %s, %s) "
              "ON CONFLICT (petition_id, country, shard) DO UPDATE SET n = {t}.n + excluded.n")


def _count_add(petition_id: int, country: str, delta: int) -> None:
    """Add to the valid signatures of a petition, in a random shard of the country's rows:
    concurrent signings seldom wait on the same row, and the sum stays exact."""
    shards = max(1, int(_settings("SUMA_PETITION_COUNTER_SHARDS", 16)))
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_ADD.format(t=SignatureCount._meta.db_table),
                       [petition_id, country, random.randrange(shards), delta])


def signature_total(*, petition: Petition) -> int:
    """The valid signatures (confirmed, not withdrawn), from the counter."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {SignatureCount._meta.db_table} "
                       f"WHERE petition_id = %s", [petition.pk])
        return int(cursor.fetchone()[0])


def signature_count_recompute(*, petition: Petition) -> int:
    """Rebuild the counter from the signatures (a repair; never needed in normal use)."""
    with transaction.atomic():
        Petition.objects.select_for_update().filter(pk=petition.pk).first()
        SignatureCount.objects.filter(petition=petition).delete()
        rows = (Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED)
                .values("country").order_by().annotate(n=Count("id")))
        SignatureCount.objects.bulk_create([SignatureCount(petition=petition, shard=0,
                                                           country=r["country"], n=r["n"])
                                            for r in rows])
        return sum(r["n"] for r in rows)


# -- Milestones -----------------------------------------------------------------------------

def _next_milestone(petition: Petition) -> int | None:
    """The smallest milestone not reached yet (read with the petition by the selectors)."""
    found = getattr(petition, "next_milestone", _UNSET)
    if found is _UNSET:
        found = Milestone.objects.filter(petition=petition, reached_at__isnull=True).aggregate(
            n=Min("count"))["n"]
    return found


# How far below its next milestone a petition's count must be for a signing to skip the
# milestone check. The count a signing goes by is its statement's snapshot (on PostgreSQL),
# or, further from a milestone, the count read with the petition, at most
# SUMA_PETITION_READ_SECONDS earlier: either misses only the signatures committed meanwhile,
# far fewer than this. (Were more to come in within that second, the next signing or the
# 5-minute housekeeping job would mark the milestone.)
MILESTONE_MARGIN = 2000


def _after_counting(petition: Petition, count: int | None = None) -> None:
    """Check milestones once the signature that may reach one is committed; skipped when
    `count` (the count with it, if known) is still far below the next milestone."""
    next_count = _next_milestone(petition)
    if next_count is None or (count is not None and count + MILESTONE_MARGIN < next_count):
        return
    transaction.on_commit(lambda: milestones_check(petition=petition))


def milestones_check(*, petition: Petition, now: datetime | None = None) -> list[Milestone]:
    """Mark every milestone the committed count has reached, each exactly once: the timeline
    shows it and the petition's signers who are members hear of it."""
    next_count = _next_milestone(petition)
    if next_count is None:
        return []
    total = signature_total(petition=petition)
    if total < next_count:
        return []
    now = now or timezone.now()
    reached = []
    with transaction.atomic():
        for milestone in Milestone.objects.filter(petition=petition, reached_at__isnull=True,
                                                  count__lte=total):
            # Whoever updates the row first reached it; any other finds it set and stops.
            if Milestone.objects.filter(pk=milestone.pk, reached_at__isnull=True).update(
                    reached_at=now):
                milestone.reached_at = now
                reached.append(milestone)
        for milestone in reached:
            _milestone_announce(petition, milestone, now)
    petition.__dict__.pop("next_milestone", None)
    return reached


def _milestone_announce(petition: Petition, milestone: Milestone, now: datetime) -> None:
    from suma.campaigns.services import timeline_event_add
    from suma.tactics.petitions.tasks import milestone_notify

    params = {"title": petition.title, "count": f"{milestone.count:,}", "label": milestone.label}
    timeline_event_add(
        campaign=petition.campaign, kind="milestone", happened_at=now,
        title=interpolate_lazy(_("%(count)s signatures: %(label)s (%(title)s)"), params),
        link=_site(petition.get_absolute_url()))
    audit_append(action="petition.milestone_reached", obj=petition,
                 data={"count": milestone.count, "label": milestone.label})
    if not _notifications_muted():
        transaction.on_commit(lambda: milestone_notify.enqueue(milestone.pk))


def _notifications_muted() -> bool:
    """While the demo loads, nobody is told anything (suma.core.notifications)."""
    from suma.core import notifications

    return bool(getattr(notifications._muted, "on", False))


def milestone_notify_signers(*, milestone: Milestone) -> int:
    """Tell the petition's signers who are members that it reached a milestone."""
    from suma.campaigns.services import campaign_notify
    from suma.members.models import User

    petition = milestone.petition
    params = {"title": petition.title, "count": f"{milestone.count:,}", "label": milestone.label}
    user_ids = list(Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED,
                                             user__isnull=False).values_list("user_id", flat=True))
    told = 0
    for start in range(0, len(user_ids), 1000):
        for user in User.objects.filter(pk__in=user_ids[start:start + 1000], is_active=True):
            told += campaign_notify(
                campaign=petition.campaign, user=user,
                title=interpolate_lazy(_("The petition you signed reached %(count)s signatures:"
                                         " %(label)s"), params),
                body=interpolate_lazy(_("“%(title)s” reached a milestone. Thank you for "
                                        "signing."), params),
                url=petition.get_absolute_url())
    return told


# -- Signing --------------------------------------------------------------------------------

def _refuse_unless_open(petition: Petition, now: datetime) -> None:
    if petition.status != PetitionStatus.OPEN or (
            petition.closes_at is not None and petition.closes_at <= now):
        if petition.status == PetitionStatus.DRAFT:
            raise SumaError(_("This petition is not open for signatures yet."), code="not_open")
        raise SumaError(_("This petition is closed: it no longer takes signatures."),
                        code="closed")


def _clean_country(country: str) -> str:
    country = (country or "").strip().upper()
    if country not in CODES:
        raise SumaError(_("Choose your country from the list."), field="country",
                        code="bad_country")
    return country


def _clean_email(email: str) -> tuple[str, str]:
    email = (email or "").strip()
    if len(email) > 254:
        raise SumaError(_("That email address is too long."), field="email", code="bad_email")
    try:
        validate_email(email)
        return email, normalise_email(email)
    except (ValidationError, ValueError):
        raise SumaError(_("Enter a valid email address, like name@example.org."),
                        field="email", code="bad_email") from None


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SumaError(_("Give your name: it is what the petition shows the target."),
                        field="name", code="bad_name")
    if len(name) > 150:
        raise SumaError(_("Your name is too long (150 characters at most)."), field="name",
                        code="bad_name")
    return name


# One signature row, only while the petition takes signatures (the petition the view read
# may be a second old: see selectors.petition_get), and only once per mailbox.
_SIGN = ("INSERT INTO {t} (petition_id, user_id, name, email, email_normalised, country, "
         "postcode, status, suspicion, token_hash, token_issued_at, created_at, confirmed_at, "
         "withdrawn_at, anonymised, language) "
         "SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s "
         "WHERE EXISTS (SELECT 1 FROM {p} WHERE id = %s AND status = %s "
         "AND (closes_at IS NULL OR closes_at > %s)) "
         "ON CONFLICT DO NOTHING RETURNING id")
# On PostgreSQL the signature, its count and, near a milestone, a look at the total are one
# statement, so one round trip and one commit: the total is the count before this statement
# (its snapshot).
_SIGN_AND_COUNT = ("WITH s AS ({sign}), c AS (INSERT INTO {c} (petition_id, country, shard, n) "
                   "SELECT %s, %s, %s, 1 FROM s ON CONFLICT (petition_id, country, shard) "
                   "DO UPDATE SET n = {c}.n + excluded.n) "
                   "SELECT (SELECT id FROM s), CASE WHEN %s THEN (SELECT COALESCE(SUM(n), 0) "
                   "FROM {c} WHERE petition_id = %s) END")


@functools.cache
def _sign_sql() -> tuple[str, str]:
    """The signing statements with their tables' names, built once per process: signing is
    the hot path."""
    sign = _SIGN.format(t=Signature._meta.db_table, p=Petition._meta.db_table)
    return sign, _SIGN_AND_COUNT.format(sign=sign, c=SignatureCount._meta.db_table)


def _near_milestone(petition: Petition) -> bool:
    """Whether a signing should look at the total: unless the count read with the petition
    (`total_seen`, see selectors.petition_get) is far below its next milestone."""
    next_count = _next_milestone(petition)
    seen = getattr(petition, "total_seen", None)
    return next_count is not None and (seen is None or seen + MILESTONE_MARGIN >= next_count)


def _sign(petition: Petition, *, user_id, name, email, mailbox, country, postcode, status,
          suspicion, now, counted, email_owed=False) -> tuple[int | None, int | None]:
    """Store a signature (and count it when `counted`): its id, None when the mailbox already
    signed or the petition no longer takes signatures; and, on PostgreSQL near a milestone,
    the count just before it (None otherwise). `email_owed`: a confirmation email is to be
    sent (its token is not issued yet; see signature_confirmations_send)."""
    when = Signature._meta.get_field("created_at").get_db_prep_value(now, connection)
    sign, sign_and_count = _sign_sql()
    params = [petition.pk, user_id, name, email, mailbox, country, postcode, status, suspicion,
              "", None if email_owed else when, when, when if counted else None, None, False,
              (translation.get_language() or "")[:10], petition.pk, PetitionStatus.OPEN, when]
    if connection.vendor == "postgresql" and counted:
        shards = max(1, int(_settings("SUMA_PETITION_COUNTER_SHARDS", 16)))
        with connection.cursor() as cursor:
            cursor.execute(sign_and_count,
                           [*params, petition.pk, country, random.randrange(shards),
                            _near_milestone(petition), petition.pk])
            pk, before = cursor.fetchone()
        return pk, before
    if not counted:  # one statement, nothing to count
        with connection.cursor() as cursor:
            cursor.execute(sign, params)
            row = cursor.fetchone()
        return (row[0] if row else None), None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sign, params)
        row = cursor.fetchone()
        if row is not None:
            _count_add(petition.pk, country, 1)
    return (row[0] if row else None), None


def _refuse_unless_still_open(petition: Petition, now: datetime) -> None:
    """After a refused insert: say the petition closed if it did (read afresh)."""
    fresh = Petition.objects.filter(pk=petition.pk).only("status", "closes_at").first()
    if fresh is not None:
        _refuse_unless_open(fresh, now)


def member_country(*, user) -> str:
    """The country a member gave when they last signed a petition ("" if never)."""
    found = (Signature.objects.filter(user=user).exclude(country="")
             .order_by("-created_at").values_list("country", flat=True).first())
    return found or ""


def petition_sign(*, petition: Petition, user, country: str = "",
                  now: datetime | None = None) -> Signature:
    """A member signs with one click: their name and email are their account's; their
    country is asked once, then taken from their last signature.

    No rate limit applies: a member signs once, as their account, so members cannot sign
    more than the union has members; and they often sign from one network (a workplace, a
    meeting), which the per-address limits and burst screening meant for visitors, known
    only by an email address, would refuse or hold.
    """
    now = now or timezone.now()
    _refuse_unless_open(petition, now)
    country = _clean_country(country or member_country(user=user))
    mailbox = normalise_email(user.email)
    name = (user.name or user.email.split("@")[0])[:150]
    reasons = screening.screen(name=name, email="", burst=False)
    status = SignatureStatus.QUARANTINED if reasons else SignatureStatus.CONFIRMED
    counted = status == SignatureStatus.CONFIRMED
    pk, before = _sign(petition, user_id=user.pk, name=name, email=user.email, mailbox=mailbox,
                       country=country, postcode="", status=status,
                       suspicion=",".join(reasons), now=now, counted=counted)
    if pk is None:
        _refuse_unless_still_open(petition, now)
        raise SumaError(_("You have already signed this petition."), code="already_signed")
    if counted:
        seen = getattr(petition, "total_seen", None)
        _after_counting(petition, before + 1 if before is not None
                        else seen + 1 if seen is not None and connection.vendor == "postgresql"
                        else None)
    return Signature(pk=pk, petition=petition, user=user, name=name, email=user.email,
                     email_normalised=mailbox, country=country, status=status,
                     created_at=now, confirmed_at=now)


def petition_sign_visitor(*, petition: Petition, name: str, email: str, country: str,
                          postcode: str = "", ip: str = "", now: datetime | None = None,
                          send_email: bool = True) -> Signature:
    """A visitor signs: a pending signature, confirmed from the link emailed to them.

    Signing again while the first is unconfirmed sends a new link. Suspicious signatures
    (screening.py) are held for review once confirmed; the visitor is told nothing else.
    """
    now = now or timezone.now()
    _refuse_unless_open(petition, now)
    name = _clean_name(name)
    email, mailbox = _clean_email(email)
    country = _clean_country(country)
    postcode = " ".join((postcode or "").split()).upper()
    if len(postcode) > 20:
        raise SumaError(_("That postcode is too long."), field="postcode", code="bad_postcode")
    burst = limits.check(petition_id=petition.pk, ip=ip, mailbox=mailbox)
    reasons = screening.screen(name=name, email=email, burst=burst)
    pk, _before = _sign(petition, user_id=None, name=name, email=email, mailbox=mailbox,
                        country=country, postcode=postcode, status=SignatureStatus.PENDING,
                        suspicion=",".join(reasons), now=now, counted=False,
                        email_owed=send_email)
    if pk is None:
        _refuse_unless_still_open(petition, now)
        existing = Signature.objects.filter(
            petition=petition, email_normalised=mailbox).exclude(
            status=SignatureStatus.WITHDRAWN).first()
        if existing is None or existing.status != SignatureStatus.PENDING:
            raise SumaError(_("This email address has already signed this petition."),
                            field="email", code="already_signed")
        pk = existing.pk  # not confirmed yet: send a new link
        if send_email:
            Signature.objects.filter(pk=pk, status=SignatureStatus.PENDING).update(
                token_issued_at=None)
    if send_email:
        transaction.on_commit(confirmations_kick)
    return Signature(pk=pk, petition=petition, name=name, email=email, email_normalised=mailbox,
                     country=country, postcode=postcode, status=SignatureStatus.PENDING,
                     created_at=now)


# -- Confirmation ---------------------------------------------------------------------------

def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def signature_token_issue(*, signature: Signature, now: datetime | None = None) -> str:
    """A new confirmation token for a pending signature; only its hash is stored, and it
    replaces any earlier one."""
    secret = secrets.token_urlsafe(24)
    Signature.objects.filter(pk=signature.pk).update(token_hash=_hash(secret),
                                                     token_issued_at=now or timezone.now())
    return f"{signature.pk}.{secret}"


def confirm_url(signature: Signature, token: str) -> str:
    from django.urls import reverse

    return reverse("signature_confirm", args=[signature.petition.union.slug,
                                              signature.petition.slug, token])


def withdraw_token(signature: Signature) -> str:
    return signing.dumps(signature.pk, salt=WITHDRAW_SALT)


def withdraw_url(signature: Signature) -> str:
    from django.urls import reverse

    return reverse("signature_withdraw_link", args=[signature.petition.union.slug,
                                                    signature.petition.slug,
                                                    withdraw_token(signature)])


def signature_confirmation_send(*, signature_id: int) -> bool:
    """Email a pending signature's confirmation link (and its withdrawal link) if one is owed.
    The signature is claimed first (its token issued only where none was), so two senders
    never both send it; if the email cannot be sent the claim is undone for the next run."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    signature = (Signature.objects.select_related("petition__union")
                 .filter(pk=signature_id, status=SignatureStatus.PENDING,
                         token_issued_at__isnull=True).first())
    if signature is None or signature.anonymised:
        return False
    secret = secrets.token_urlsafe(24)
    if not Signature.objects.filter(pk=signature.pk, token_issued_at__isnull=True).update(
            token_hash=_hash(secret), token_issued_at=timezone.now()):
        return False  # another sender claimed it
    token = f"{signature.pk}.{secret}"
    try:
        with translation.override(signature.language or settings.LANGUAGE_CODE):
            context = {"signature": signature, "petition": signature.petition,
                       "confirm_link": _site(confirm_url(signature, token)),
                       "withdraw_link": _site(withdraw_url(signature)),
                       "days": _settings("SUMA_PETITION_CONFIRM_DAYS", 7)}
            text = render_to_string("petitions/email/confirm.txt", context)
            subject = str(interpolate_lazy(_("Confirm your signature: %(title)s"),
                                           {"title": signature.petition.title}))
        EmailMultiAlternatives(subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"
                               .replace("\n", " "), body=text, to=[signature.email]).send()
    except Exception:
        Signature.objects.filter(pk=signature.pk, token_hash=_hash(secret)).update(
            token_issued_at=None)
        raise
    return True


def signature_confirmations_send() -> int:
    """Send every confirmation email owed (a job: see confirmations_kick); returns how many."""
    sent = 0
    while True:
        owed = list(Signature.objects.filter(status=SignatureStatus.PENDING,
                                             token_issued_at__isnull=True, anonymised=False)
                    .order_by("pk").values_list("pk", flat=True)[:500])
        if not owed:
            return sent
        sent += sum(signature_confirmation_send(signature_id=pk) for pk in owed)


_kicked_until = 0.0  # when the job this process last enqueued may start (a Unix time)


def confirmations_kick() -> None:
    """After a visitor signs: have the owed confirmation emails sent by a job.

    Each signature enqueuing a job of its own cost a visitor's signing a fifth of its time, so
    a process enqueues one job at most every SUMA_PETITION_CONFIRM_BATCH_SECONDS, to start
    that long after, and it sends every email owed by then. A signature committed while such a
    job waits to start needs no other: the job will see it. (The 5-minute housekeeping job
    sends any email still owed, say after a crash.) With 0 seconds, or a job backend that
    cannot delay jobs, every signature enqueues the job at once.
    """
    global _kicked_until
    from suma.tactics.petitions.tasks import signature_confirmations_send as job

    delay = float(_settings("SUMA_PETITION_CONFIRM_BATCH_SECONDS", 1.0))
    if delay <= 0 or not job.get_backend().supports_defer:
        job.enqueue()
        return
    now = time.time()
    if now < _kicked_until - delay / 4:  # a margin for clocks and slow commits
        return
    _kicked_until = now + delay
    job.using(run_after=datetime.fromtimestamp(_kicked_until, UTC)).enqueue()


def _signature_of_token(petition: Petition, token: str) -> tuple[Signature, str]:
    head, _dot, secret = (token or "").partition(".")
    if not head.isdigit() or not secret or len(token) > 200 or int(head) > 2**63 - 1:
        raise NotFound(_("This confirmation link is not valid. Copy the whole link from the "
                         "email."), code="bad_token")
    signature = (Signature.objects.select_for_update()
                 .filter(pk=int(head), petition=petition).first())
    if signature is None:
        raise NotFound(_("This confirmation link is not valid. Copy the whole link from the "
                         "email."), code="bad_token")
    return signature, secret


def signature_confirm(*, petition: Petition, token: str,
                      now: datetime | None = None) -> Signature:
    """Confirm a visitor's signature: it counts from now on (or, if it looked suspicious,
    waits for an organiser). A second confirmation changes nothing and says so."""
    now = now or timezone.now()
    with transaction.atomic():
        signature, secret = _signature_of_token(petition, token)
        if not signature.token_hash or not hmac.compare_digest(signature.token_hash,
                                                               _hash(secret)):
            if signature.status in (SignatureStatus.CONFIRMED, SignatureStatus.QUARANTINED):
                raise SumaError(_("Your signature is already confirmed."),
                                code="already_confirmed")
            raise SumaError(_("This confirmation link was replaced by a newer one, or is not "
                              "valid. Use the link in the latest email."), code="bad_token")
        if signature.status in (SignatureStatus.CONFIRMED, SignatureStatus.QUARANTINED):
            raise SumaError(_("Your signature is already confirmed: it counts once."),
                            code="already_confirmed")
        if signature.status != SignatureStatus.PENDING:
            raise SumaError(_("This signature was withdrawn or rejected; sign again to count."),
                            code="not_pending")
        days = _settings("SUMA_PETITION_CONFIRM_DAYS", 7)
        if signature.token_issued_at and signature.token_issued_at + timedelta(days=days) < now:
            raise SumaError(_("This confirmation link has expired. Sign again to receive a new "
                              "one."), code="expired")
        _refuse_unless_open(petition, now)
        status = SignatureStatus.QUARANTINED if signature.suspicion \
            else SignatureStatus.CONFIRMED
        Signature.objects.filter(pk=signature.pk).update(status=status, confirmed_at=now)
        signature.status, signature.confirmed_at = status, now
        if status == SignatureStatus.CONFIRMED:
            _count_add(petition.pk, signature.country, 1)
            _after_counting(petition)
        return signature


# -- Withdrawal and review ------------------------------------------------------------------

def signature_of_withdraw_token(*, petition: Petition, token: str) -> Signature:
    try:
        pk = signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        pk = None
    signature = Signature.objects.filter(pk=pk, petition=petition).first() \
        if isinstance(pk, int) else None
    if signature is None:
        raise NotFound(_("This withdrawal link is not valid. Copy the whole link from the "
                         "email."), code="bad_token")
    return signature


def member_signature(*, petition: Petition, user) -> Signature | None:
    """The member's signature of a petition that still stands (not withdrawn)."""
    if not user.is_authenticated:
        return None
    return (Signature.objects.filter(petition=petition, user=user)
            .exclude(status=SignatureStatus.WITHDRAWN).first())


def signature_withdraw(*, signature: Signature, by=None,
                       now: datetime | None = None) -> Signature:
    """Take a signature back: it no longer counts, and its mailbox may sign again."""
    now = now or timezone.now()
    with transaction.atomic():
        signature = Signature.objects.select_for_update().get(pk=signature.pk)
        if signature.status == SignatureStatus.WITHDRAWN:
            raise SumaError(_("This signature is already withdrawn."), code="already_withdrawn")
        if signature.status == SignatureStatus.REJECTED:
            raise SumaError(_("This signature was not counted."), code="rejected")
        if signature.petition.status == PetitionStatus.DELIVERED:
            raise SumaError(_("The petition was delivered with your signature; it can no "
                              "longer be withdrawn."), code="delivered")
        counted = signature.status == SignatureStatus.CONFIRMED
        signature.status, signature.withdrawn_at = SignatureStatus.WITHDRAWN, now
        signature.token_hash = ""
        signature.save(update_fields=["status", "withdrawn_at", "token_hash"])
        if counted:
            _count_add(signature.petition_id, signature.country, -1)
        audit_append(action="signature.withdrawn", actor=by, obj=signature.petition,
                     data={"signature": signature.pk, "counted": counted})
        return signature


def signature_review(*, signature: Signature, by, approve: bool,
                     now: datetime | None = None) -> Signature:
    """An organiser decides on a signature held for review: approved, it counts."""
    with transaction.atomic():
        signature = Signature.objects.select_for_update().select_related("petition").get(
            pk=signature.pk)
        if signature.status != SignatureStatus.QUARANTINED:
            raise SumaError(_("This signature is not waiting for review."), code="not_held")
        signature.status = SignatureStatus.CONFIRMED if approve else SignatureStatus.REJECTED
        signature.save(update_fields=["status"])
        if approve:
            _count_add(signature.petition_id, signature.country, 1)
            _after_counting(signature.petition)
        audit_append(action="signature.approved" if approve else "signature.rejected",
                     actor=by, obj=signature.petition, data={"signature": signature.pk,
                                                             "suspicion": signature.suspicion})
        return signature


# -- Delivery and privacy ------------------------------------------------------------------

def petition_deliver(*, petition: Petition, by, now: datetime | None = None) -> Petition:
    """Record that the petition was handed to its target: it closes, and the campaign's
    timeline shows the delivery with the count."""
    from suma.campaigns.services import timeline_event_add

    now = now or timezone.now()
    with transaction.atomic():
        petition = Petition.objects.select_for_update().select_related("campaign", "union").get(
            pk=petition.pk)
        if petition.status not in (PetitionStatus.OPEN, PetitionStatus.CLOSED):
            raise SumaError(_("Only an open or closed petition can be delivered."),
                            code="wrong_status")
        total = signature_total(petition=petition)
        if petition.status == PetitionStatus.OPEN:
            petition.closed_at = now
            if petition.closes_at is None or petition.closes_at > now:
                petition.closes_at = now
        petition.status, petition.delivered_at = PetitionStatus.DELIVERED, now
        petition.save()
        timeline_event_add(
            campaign=petition.campaign, kind="delivery", happened_at=now, by=by,
            title=interpolate_lazy(_("Petition delivered to %(target)s with %(count)s "
                                     "signatures"), {"target": petition.target,
                                                     "count": f"{total:,}"}),
            link=_site(petition.get_absolute_url()))
        audit_append(action="petition.delivered", actor=by, obj=petition,
                     data={"signatures": total})
        return petition


def petitions_anonymise(*, now: datetime | None = None) -> int:
    """Erase what identifies visitors (name, email, postcode) on petitions closed longer than
    their anonymise_after_days; countries and counts stay. Members' signatures are kept: the
    member can see and withdraw them from their account. Returns signatures anonymised."""
    now = now or timezone.now()
    done = 0
    due = Petition.objects.filter(
        status__in=(PetitionStatus.CLOSED, PetitionStatus.DELIVERED), anonymised_at__isnull=True,
        closed_at__isnull=False)
    for petition in due:
        if petition.closed_at + timedelta(days=petition.anonymise_after_days) > now:
            continue
        with transaction.atomic():
            done += Signature.objects.filter(petition=petition, user__isnull=True,
                                             anonymised=False).update(
                name="", email="", postcode="", token_hash="", anonymised=True,
                # Unique per petition, still: the erased address becomes the row's id.
                email_normalised=Concat(Value(f"{ANONYMISED}-"),
                                        Cast("id", output_field=CharField())))
            Petition.objects.filter(pk=petition.pk).update(anonymised_at=now)
            audit_append(action="petition.anonymised", obj=petition)
    return done


def signatures_valid(*, petition: Petition):
    return Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED)

