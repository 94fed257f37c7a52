"""Every write to data-rights requests and request drives.

A request moves through the states of suma.rights.models (draft → sent → acknowledged →
extended → complete | incomplete, or overdue → reminded → complaint, or withdrawn); each
change is a dated RequestEvent, and those of consequence an audit entry. Every service locks
the request's row first, so a request is sent (or reminded) once however often the button
is pressed. Dates members give are checked against today and the request's own dates: a
date in the future, or before the request existed, is refused with the reason.

`current_date()` is the one clock of this app: services, views, jobs and the API take the
date from it, so a test may move it (monkeypatch `suma.rights.services.current_date`).
"""

import email
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from email import policy
from email.utils import formataddr, parseaddr, parsedate_to_datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Campaign, Organisation
from suma.core.audit import audit_append
from suma.core.errors import Conflict, NotAllowed, SumaError
from suma.core.i18n import interpolate_lazy
from suma.members.models import Chapter, Union
from suma.members.roles import standing
from suma.rights import deadlines, letters
from suma.rights.models import (
    Channel,
    DataRequest,
    Drive,
    DriveStatus,
    Reply,
    RequestEvent,
    RequestStatus,
)

S = RequestStatus
# Which states each action starts from (the model's docstring draws the whole graph).
ACKNOWLEDGEABLE = (S.SENT,)
EXTENDABLE = (S.SENT, S.ACKNOWLEDGED, S.OVERDUE)  # overdue: the notice came in time after all
ANSWERABLE = (S.SENT, S.ACKNOWLEDGED, S.EXTENDED, S.OVERDUE, S.REMINDED, S.INCOMPLETE,
              S.COMPLETE)  # an answered one again: a later answer, or a corrected check
REMINDABLE = (S.OVERDUE,)
WITHDRAWABLE = (S.DRAFT, S.SENT, S.ACKNOWLEDGED, S.EXTENDED, S.OVERDUE, S.REMINDED,
                S.INCOMPLETE)
REPLYABLE = tuple(s for s in S if s not in (S.DRAFT, S.WITHDRAWN))

REFERENCE_PREFIX = "SR-"
# No 0/O, 1/I/L: a reference is read aloud and typed from paper.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
MAX_REPLY_BYTES = 10 * 1024 * 1024
MAX_IDENTIFICATION = 12
DRIVE_MILESTONES = (10, 100, 1_000, 10_000, 100_000)
KINDS = {kind.value for kind in letters.Kind}
RESERVED_SLUGS = {"new"}  # the drive pages' own names (drives/new/)


def current_date() -> date:
    """The date of every default in this app (one place to move the clock in tests)."""
    return timezone.localdate()


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _site(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


# -- Checking what members give ---------------------------------------------------------------

def _clean_kinds(kinds: Iterable[str]) -> list[str]:
    found = []
    for kind in kinds or ():
        value = str(kind).strip()
        if value not in KINDS:
            raise SumaError(interpolate_lazy(
                _("“%(kind)s” is not a right Suma can ask for: choose among access, "
                  "rectification, erasure, restriction, portability, objection and "
                  "automated_decisions."), {"kind": value[:50]}), field="kinds",
                code="unknown_kind")
        if value not in found:
            found.append(value)
    if not found:
        raise SumaError(_("Choose at least one right to exercise."), field="kinds",
                        code="no_kind")
    return sorted(found, key=lambda k: letters.ARTICLES[letters.Kind(k)])


def _text(value: object, *, field: str, limit: int, one_line: bool = False) -> str:
    text = " ".join(str(value or "").split()) if one_line else str(value or "").strip()
    if "\x00" in text:
        raise SumaError(_("The text holds a character that is not allowed."), field=field)
    if len(text) > limit:
        raise SumaError(interpolate_lazy(_("That is too long: %(limit)s characters at most."),
                                         {"limit": limit}), field=field, code="too_long")
    return text


def directory_url(union: Union, controller: Organisation) -> str:
    try:
        return _site(reverse("organisation_detail", args=[union.slug, controller.pk]))
    except NoReverseMatch:  # pragma: no cover - the campaigns app is always installed
        return ""


def channel_for(controller: Organisation) -> str | None:
    """How the request reaches the controller: email when it has an address (Suma sends it),
    else a letter by post (a printable PDF), else its web form, else fax; None: no way."""
    if controller.email:
        return Channel.EMAIL
    if controller.postal_address.strip():
        return Channel.LETTER
    if controller.webform:
        return Channel.WEBFORM
    if controller.fax.strip():
        return Channel.FAX
    return None


def no_channel_message(union: Union, controller: Organisation):
    """What a member does when the directory knows no way to reach the controller."""
    return interpolate_lazy(
        _("The directory has no email address, postal address, web form or fax for "
          "%(controller)s, so Suma cannot send your request. Look for a privacy or data-"
          "protection contact in its privacy policy (often under “Contact” or “Your rights”), "
          "and ask your union's organisers to add it to the directory entry: %(url)s"),
        {"controller": controller.name, "url": directory_url(union, controller)})


def _check_controller(union: Union, controller: Organisation) -> str:
    if not controller.is_controller:
        raise SumaError(interpolate_lazy(
            _("%(name)s does not take data-rights requests in the directory: choose a data "
              "controller."), {"name": controller.name}), field="controller",
            code="not_a_controller")
    channel = channel_for(controller)
    if channel is None:
        raise SumaError(no_channel_message(union, controller), field="controller",
                        code="no_channel")
    return channel


def _element_key(element: Mapping) -> str:
    return str(element.get("desc") or element.get("type") or "").strip()


def _pairs(identification) -> list[tuple[str, str]]:
    if identification is None:
        return []
    if isinstance(identification, Mapping):
        items = list(identification.items())
    else:
        items = []
        for pair in identification:
            if isinstance(pair, Mapping):
                items.append((pair.get("label", ""), pair.get("value", "")))
            elif isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 2:
                items.append((pair[0], pair[1]))
            else:
                raise SumaError(_("Identification is a list of labels and values."),
                                field="identification")
    return [(_text(k, field="identification", limit=100, one_line=True),
             _text(v, field="identification", limit=500)) for k, v in items]


def identification_defaults(*, controller: Organisation, member) -> dict[str, str]:
    """The controller's required elements, with what the member's account knows filled in
    (their name and email address)."""
    known = {"name": member.name or "", "email": member.email or ""}
    return {_element_key(e): known.get(str(e.get("type", "")), "")
            for e in controller.required_elements or () if _element_key(e)}


def _clean_identification(controller: Organisation, member, identification) -> list[list[str]]:
    """[label, value] pairs: the controller's elements first (a required one must be given;
    a name or email left empty is taken from the account), then any others the member adds."""
    given = dict(_pairs(identification))
    defaults = identification_defaults(controller=controller, member=member)
    result, seen = [], set()
    for element in controller.required_elements or ():
        key = _element_key(element)
        if not key or key in seen:
            continue
        seen.add(key)
        value = given.get(key) or defaults.get(key, "")
        if not value and not element.get("optional", False):
            raise SumaError(interpolate_lazy(
                _("%(controller)s needs “%(element)s” to find your data: fill it in."),
                {"controller": controller.name, "element": key}), field="identification",
                code="identification_missing")
        if value and element.get("type") == "email":
            try:
                validate_email(value)
            except ValidationError:
                raise SumaError(interpolate_lazy(
                    _("“%(value)s” is not an email address: the controller answers there."),
                    {"value": value[:100]}), field="identification", code="bad_email") from None
        if value:
            result.append([key, value])
    for key, value in given.items():
        if key not in seen and key and value:
            seen.add(key)
            result.append([key, value])
    if len(result) > MAX_IDENTIFICATION:
        raise SumaError(interpolate_lazy(_("At most %(n)s identification elements."),
                                         {"n": MAX_IDENTIFICATION}), field="identification")
    return result


def _clean_details(details, kinds: list[str]) -> dict[str, str]:
    cleaned = {}
    for kind, text in (details or {}).items():
        if kind not in kinds:
            raise SumaError(interpolate_lazy(
                _("Details are given for the rights asked for only, not “%(kind)s”."),
                {"kind": str(kind)[:50]}), field="details")
        text = _text(text, field="details", limit=2000)
        if text:
            cleaned[kind] = text
    return cleaned


def _future(day: date, now: date, what):
    if day > now:
        raise SumaError(interpolate_lazy(
            _("%(what)s cannot be %(day)s: that is in the future (today is %(today)s)."),
            {"what": what, "day": _day(day), "today": _day(now)}), field="on",
            code="date_in_future")


def _before(day: date, earliest: date | None, message, **params) -> None:
    if earliest is not None and day < earliest:
        raise SumaError(interpolate_lazy(message, {"day": _day(day), "earliest": _day(earliest),
                                                   **params}), field="on",
                        code="date_before_request")


def _check_received(*, received: date, now: date, sent: date) -> None:
    try:
        deadlines.check_received(received=received, today=now, sent=sent)
    except deadlines.ReceivedInFuture:
        raise SumaError(interpolate_lazy(
            _("The controller cannot have received it on %(day)s: that is in the future "
              "(today is %(today)s)."), {"day": _day(received), "today": _day(now)}),
            field="received_on", code="date_in_future") from None
    except deadlines.ReceivedBeforeSent:
        raise SumaError(interpolate_lazy(
            _("The controller cannot have received it on %(day)s: you sent it on %(sent)s, "
              "later."), {"day": _day(received), "sent": _day(sent)}),
            field="received_on", code="date_before_request") from None


def _refuse_unless(request: DataRequest, allowed: Sequence[str], message) -> None:
    if request.status not in allowed:
        raise SumaError(interpolate_lazy(message, {"status": request.get_status_display()}),
                        code="wrong_status")


# -- Deadlines ---------------------------------------------------------------------------------

def deadline_country(controller: Organisation) -> str | None:
    """Whose public holidays count: the controller's country of establishment, else the first
    country it serves; None when neither is a known code."""
    for code in (controller.country, *(controller.relevant_countries or ())):
        if not code or str(code).lower() == "all":
            continue
        try:
            return deadlines.country_code(str(code))
        except deadlines.UnknownCountry:
            continue
    return None


def deadline_for(*, controller: Organisation, received: date, extended: bool = False) -> date:
    """Art. 12(3): one month of receipt (three once extended), by Reg. 1182/71; with no known
    country only Saturdays and Sundays move the end."""
    country = deadline_country(controller)
    if country is not None:
        return deadlines.deadline(received=received, country=country, extended=extended)
    due = deadlines.months_later(received, deadlines.EXTENDED_MONTHS if extended
                                 else deadlines.MONTHS)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due


def _extension_in_time(request: DataRequest, on: date) -> bool:
    return request.received_on <= on <= deadline_for(controller=request.controller,
                                                     received=request.received_on)


# -- Requests --------------------------------------------------------------------------------

def _reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET)
                                      for _i in range(REFERENCE_LENGTH))


def _event(request: DataRequest, kind: str, on: date, by=None, note: str = "") -> RequestEvent:
    return RequestEvent.objects.create(request=request, kind=kind, on=on, by=by,
                                       note=note[:2000])


def _locked(request: DataRequest) -> DataRequest:
    return (DataRequest.objects.select_for_update(of=("self",))
            .select_related("controller", "member", "union", "drive")
            .get(pk=request.pk))


def request_create(*, member, union: Union, controller: Organisation, kinds: Iterable[str],
                   identification=None, details: Mapping[str, str] | None = None,
                   language: str = "", drive: Drive | None = None) -> DataRequest:
    """A draft request of a member to a controller, with a short reference of its own.

    Refused: a controller that takes no requests or that the directory knows no way to
    reach (the message says what to do instead), an unknown right, a required
    identification element left empty, and a second request of the member in one drive.
    """
    kinds = _clean_kinds(kinds)
    channel = _check_controller(union, controller)
    identification = _clean_identification(controller, member, identification)
    details = _clean_details(details, kinds)
    language = letters.language_of(language or member.language)
    if drive is not None and (drive.union_id != union.pk or drive.controller_id != controller.pk):
        raise SumaError(_("This request does not belong to that drive."), field="drive")
    with transaction.atomic():
        for _attempt in range(8):
            try:
                with transaction.atomic():
                    request = DataRequest.objects.create(
                        union=union, member=member, drive=drive, controller=controller,
                        kinds=kinds, details=details, identification=identification,
                        language=language, reference=_reference(), channel=channel)
                break
            except IntegrityError:
                if drive is not None and DataRequest.objects.filter(drive=drive,
                                                                    member=member).exists():
                    raise Conflict(_("You have already joined this drive: your request is on "
                                     "your requests page."), code="already_joined") from None
                continue  # two references alike: draw again
        else:  # pragma: no cover - 31^6 references; eight collisions in a row do not happen
            raise SumaError(_("Please try again."))
        _event(request, RequestEvent.Kind.CREATED, current_date(), by=member)
        audit_append(action="rights.request_created", actor=member, obj=request,
                     data={"reference": request.reference, "controller": controller.pk,
                           "kinds": kinds, "drive": drive.pk if drive else None})
        return request


def _mail(request: DataRequest, letter: letters.Letter) -> None:
    """Email a letter to the controller from Suma, replies going to the member, who gets a
    copy."""
    from suma.rights.selectors import letter_requester

    requester = letter_requester(request)
    member_address = requester.email or request.member.email
    _name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    message = EmailMessage(
        subject=letter.subject.replace("\n", " "), body=letter.body,
        from_email=formataddr((f"{requester.name} (Suma)", sender or "noreply@localhost")),
        to=[request.controller.email], cc=[member_address], reply_to=[member_address],
        headers={"X-Suma-Reference": request.reference})
    message.send()


def _mark_sent(request: DataRequest, *, by, sent_on: date, received_on: date,
               note: str = "") -> None:
    from suma.rights.selectors import request_letter

    letter = request_letter(request, on=sent_on)
    request.subject, request.body = letter.subject[:300], letter.body
    request.sent_on, request.received_on = sent_on, received_on
    request.deadline = deadline_for(controller=request.controller, received=received_on)
    request.status = S.SENT
    request.save(update_fields=["subject", "body", "sent_on", "received_on", "deadline",
                                "status", "updated_at"])
    _event(request, RequestEvent.Kind.SENT, sent_on, by=by, note=note)
    audit_append(action="rights.request_sent", actor=by, obj=request,
                 data={"reference": request.reference, "channel": request.channel,
                       "sent_on": sent_on.isoformat(), "received_on": received_on.isoformat(),
                       "deadline": request.deadline.isoformat()})
    if request.drive_id:
        _drive_progress(request.drive_id)


def _refuse_unless_draft(request: DataRequest) -> None:
    if request.status == S.DRAFT:
        return
    if request.sent_on is not None:
        raise Conflict(interpolate_lazy(
            _("This request was already sent on %(day)s: it is not sent twice."),
            {"day": _day(request.sent_on)}), code="already_sent")
    raise SumaError(interpolate_lazy(_("This request cannot be sent: it is %(status)s."),
                                     {"status": request.get_status_display()}),
                    code="wrong_status")


def request_send(*, request: DataRequest, by, today: date | None = None) -> DataRequest:
    """Email a draft to the controller (a controller with an email address): dated today,
    received today, the one-month deadline counted from today."""
    day = today or current_date()
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless_draft(request)
        if request.channel != Channel.EMAIL:
            raise SumaError(_("Suma cannot email this controller: send the letter yourself "
                              "(print it, or paste it into the web form), then record the "
                              "date with “I've sent it”."), code="not_email")
        _mark_sent(request, by=by, sent_on=day, received_on=day,
                   note=request.controller.email)
        # Last: if the mail cannot leave, the request stays a draft and nothing is recorded.
        _mail(request, letters.Letter(subject=request.subject, body=request.body,
                                      language=request.language, date=day))
        return request


def request_mark_sent(*, request: DataRequest, by, sent_on: date,
                      received_on: date | None = None, today: date | None = None) -> DataRequest:
    """“I've sent it”: a letter posted, a web form filled in, a fax sent, on `sent_on`; the
    controller received it on `received_on` (the same day unless known otherwise)."""
    now = today or current_date()
    received_on = received_on or sent_on
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless_draft(request)
        if request.channel == Channel.EMAIL:
            raise SumaError(_("Suma sends this request by email: use “Send”."),
                            code="email_channel")
        if sent_on > now:
            raise SumaError(interpolate_lazy(
                _("You cannot have sent it on %(day)s: that is in the future (today is "
                  "%(today)s)."), {"day": _day(sent_on), "today": _day(now)}),
                field="sent_on", code="date_in_future")
        created = timezone.localdate(request.created_at)
        if sent_on < created:
            raise SumaError(interpolate_lazy(
                _("You cannot have sent it on %(day)s: the request was written on "
                  "%(created)s, later."), {"day": _day(sent_on), "created": _day(created)}),
                field="sent_on", code="date_before_request")
        _check_received(received=received_on, now=now, sent=sent_on)
        _mark_sent(request, by=by, sent_on=sent_on, received_on=received_on)
        return request


def request_acknowledge(*, request: DataRequest, by, on: date,
                        today: date | None = None) -> DataRequest:
    """The controller confirmed it received the request."""
    now = today or current_date()
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless(request, ACKNOWLEDGEABLE, _("Only a request that was sent and not "
                                                   "answered yet can be acknowledged; this "
                                                   "one is %(status)s."))
        _future(on, now, _("The acknowledgement's date"))
        _before(on, request.received_on, _("The controller cannot have acknowledged it on "
                                           "%(day)s, before it received it on %(earliest)s."))
        request.status, request.acknowledged_on = S.ACKNOWLEDGED, on
        request.save(update_fields=["status", "acknowledged_on", "updated_at"])
        _event(request, RequestEvent.Kind.ACKNOWLEDGED, on, by=by)
        return request


def request_extend(*, request: DataRequest, by, on: date, reasons: str,
                   today: date | None = None) -> DataRequest:
    """The controller extended the period by two months (Art. 12(3)): it counts only when it
    told the member within the first month, with reasons; the deadline becomes three months
    of receipt."""
    now = today or current_date()
    reasons = _text(reasons, field="reasons", limit=5000)
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless(request, EXTENDABLE, _("Only a request waiting for its answer can be "
                                              "extended; this one is %(status)s."))
        if not reasons:
            raise SumaError(_("An extension counts only with reasons: copy the reasons the "
                              "controller gave."), field="reasons", code="no_reasons")
        _future(on, now, _("The extension notice's date"))
        _before(on, request.received_on, _("The controller cannot have extended the period "
                                           "on %(day)s, before it received the request on "
                                           "%(earliest)s."))
        if not _extension_in_time(request, on):
            first = deadline_for(controller=request.controller, received=request.received_on)
            raise SumaError(interpolate_lazy(
                _("An extension counts only if the controller told you within the first "
                  "month, by %(deadline)s; %(day)s is too late, so the one-month deadline "
                  "stands."), {"deadline": _day(first), "day": _day(on)}), field="on",
                code="extension_late")
        request.extended_on, request.extension_reasons = on, reasons
        request.deadline = deadline_for(controller=request.controller,
                                        received=request.received_on, extended=True)
        if request.deadline < now:  # recorded after even the extended period ran out
            request.status, request.overdue_on = S.OVERDUE, request.deadline + timedelta(days=1)
        else:
            request.status, request.overdue_on = S.EXTENDED, None
        request.save(update_fields=["status", "extended_on", "extension_reasons", "deadline",
                                    "overdue_on", "updated_at"])
        _event(request, RequestEvent.Kind.EXTENDED, on, by=by, note=reasons)
        audit_append(action="rights.request_extended", actor=by, obj=request,
                     data={"reference": request.reference, "on": on.isoformat(),
                           "deadline": request.deadline.isoformat()})
        return request


def checklist_keys(request: DataRequest) -> list[str]:
    return [entry.key for entry in letters.checklist(request.controller.slug, request.kinds)]


def request_answer(*, request: DataRequest, by, on: date, contained: Iterable[str],
                   today: date | None = None) -> DataRequest:
    """The completeness check: what the answer of `on` contained, ticked off against the
    request's checklist. Complete when it has every item, else incomplete (a follow-up
    letter asks for the rest)."""
    now = today or current_date()
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless(request, ANSWERABLE, _("Only a request that was sent can be answered; "
                                              "this one is %(status)s."))
        keys = checklist_keys(request)
        ticked = {str(key) for key in contained or ()}
        unknown = sorted(ticked - set(keys))
        if unknown:
            raise SumaError(interpolate_lazy(
                _("“%(key)s” is not on this request's checklist."), {"key": unknown[0][:50]}),
                field="contained", code="unknown_item")
        _future(on, now, _("The answer's date"))
        _before(on, request.sent_on, _("The answer cannot have come on %(day)s, before the "
                                       "request was sent on %(earliest)s."))
        again = request.answered_on is not None
        complete = set(keys) <= ticked
        request.contained = [key for key in keys if key in ticked]
        request.answered_on = on
        request.status = S.COMPLETE if complete else S.INCOMPLETE
        request.save(update_fields=["contained", "answered_on", "status", "updated_at"])
        missing = len(keys) - len(request.contained)
        _event(request, RequestEvent.Kind.CHECKED if again else RequestEvent.Kind.ANSWERED, on,
               by=by, note=f"{len(request.contained)}/{len(keys)}")
        audit_append(action="rights.request_answered", actor=by, obj=request,
                     data={"reference": request.reference, "on": on.isoformat(),
                           "complete": complete, "missing": missing,
                           "late": bool(request.deadline and on > request.deadline)})
        return request


def _reply_kind(upload) -> tuple[str, bytes]:
    head = upload.read(5)
    upload.seek(0)
    name = (upload.name or "").lower()
    if head.startswith(b"%PDF-"):
        return "application/pdf", head
    if name.endswith(".pdf"):
        raise SumaError(_("This file is not a PDF, though its name ends in .pdf."),
                        field="upload", code="bad_file")
    if name.endswith(".eml") or (getattr(upload, "content_type", "") or "") == "message/rfc822":
        return "message/rfc822", head
    raise SumaError(_("Attach the reply as an email file (.eml: in your mail program, “Save "
                      "as” or forward it as an attachment) or as a PDF. Other kinds of file "
                      "are not kept."), field="upload", code="bad_file")


def _parse_eml(data: bytes) -> tuple[str, str, date | None]:
    message = email.message_from_bytes(data, policy=policy.default)
    try:
        sender, subject = str(message.get("From") or ""), str(message.get("Subject") or "")
        sent = message.get("Date")
    except Exception:  # a header policy.default cannot parse: not a usable email
        sender, subject, sent = "", "", None
    if not sender and not subject:
        raise SumaError(_("This file is not an email: it has no sender and no subject."),
                        field="upload", code="bad_file")
    day = None
    if sent:
        try:
            day = parsedate_to_datetime(str(sent)).date()
        except (TypeError, ValueError, IndexError):
            day = None
    return " ".join(sender.split())[:300], " ".join(subject.split())[:300], day


def request_reply_attach(*, request: DataRequest, by, upload, received_on: date | None = None,
                         today: date | None = None) -> Reply:
    """Keep the controller's reply with the request: an .eml (its sender, subject and date are
    read) or a PDF, 10 MB at most. It shows in the request's history."""
    now = today or current_date()
    if upload is None:
        raise SumaError(_("Choose the file of the reply."), field="upload", code="no_file")
    if upload.size > MAX_REPLY_BYTES:
        raise SumaError(interpolate_lazy(_("The file is too large: %(mb)s MB at most."),
                                         {"mb": MAX_REPLY_BYTES // (1024 * 1024)}),
                        field="upload", code="too_large")
    if upload.size == 0:
        raise SumaError(_("The file is empty."), field="upload", code="bad_file")
    content_type, _head = _reply_kind(upload)
    sender = subject = ""
    if content_type == "message/rfc822":
        data = upload.read()
        upload.seek(0)
        sender, subject, dated = _parse_eml(data)
        received_on = received_on or dated
    received_on = received_on or now
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless(request, REPLYABLE, _("A reply can be attached once the request was "
                                             "sent; this one is %(status)s."))
        _future(received_on, now, _("The reply's date"))
        _before(received_on, request.sent_on, _("The reply cannot have come on %(day)s, "
                                                "before the request was sent on "
                                                "%(earliest)s."))
        filename = (upload.name or "reply").replace("\\", "/").rsplit("/", 1)[-1][:200]
        reply = Reply(request=request, filename=filename, content_type=content_type,
                      size=upload.size, received_on=received_on, sender=sender,
                      subject=subject, uploaded_by=by)
        suffix = ".pdf" if content_type == "application/pdf" else ".eml"
        reply.file.save(f"{request.reference}{suffix}", upload, save=False)
        reply.save()
        _event(request, RequestEvent.Kind.REPLY, received_on, by=by,
               note=" — ".join(filter(None, (sender, subject))) or filename)
        return reply


def request_remind(*, request: DataRequest, by, today: date | None = None) -> DataRequest:
    """The deadline passed with no answer: the reminder letter (14 days to comply, or a
    complaint follows), emailed like the request, or printed for the post; sent once."""
    from suma.rights.selectors import reminder_letter

    day = today or current_date()
    with transaction.atomic():
        request = _locked(request)
        if request.status == S.REMINDED:
            raise Conflict(interpolate_lazy(
                _("A reminder was already sent on %(day)s: it is not sent twice."),
                {"day": _day(request.reminded_on)}), code="already_reminded")
        _refuse_unless(request, REMINDABLE, _("A reminder is sent once the deadline has "
                                              "passed with no answer; this request is "
                                              "%(status)s."))
        request.status, request.reminded_on = S.REMINDED, day
        request.save(update_fields=["status", "reminded_on", "updated_at"])
        letter = reminder_letter(request)
        _event(request, RequestEvent.Kind.REMINDED, day, by=by, note=letter.subject)
        audit_append(action="rights.request_reminded", actor=by, obj=request,
                     data={"reference": request.reference, "channel": request.channel})
        if request.channel == Channel.EMAIL:
            _mail(request, letter)
        return request


def request_withdraw(*, request: DataRequest, by, today: date | None = None) -> DataRequest:
    """The member drops the request (Suma sends nothing more about it)."""
    day = today or current_date()
    with transaction.atomic():
        request = _locked(request)
        _refuse_unless(request, WITHDRAWABLE, _("This request cannot be withdrawn: it is "
                                                "%(status)s."))
        request.status = S.WITHDRAWN
        request.save(update_fields=["status", "updated_at"])
        _event(request, RequestEvent.Kind.WITHDRAWN, day, by=by)
        audit_append(action="rights.request_withdrawn", actor=by, obj=request,
                     data={"reference": request.reference})
        return request


# -- Drives --------------------------------------------------------------------------------

def drive_create(*, union: Union, by, title: str, controller: Organisation,
                 kinds: Iterable[str], slug: str = "", description: str = "",
                 chapter: Chapter | None = None, campaign: Campaign | None = None,
                 closes_at: datetime | None = None) -> Drive:
    """A draft drive: the union's (or a chapter's) members each ask one controller for the
    same rights. Its organisers see it until it opens."""
    title = _text(title, field="title", limit=200, one_line=True)
    if not title:
        raise SumaError(_("A drive needs a title."), field="title")
    description = _text(description, field="description", limit=20000)
    kinds = _clean_kinds(kinds)
    if not controller.is_controller:
        raise SumaError(interpolate_lazy(
            _("%(name)s does not take data-rights requests in the directory: choose a data "
              "controller."), {"name": controller.name}), field="controller",
            code="not_a_controller")
    if chapter is not None and chapter.union_id != union.pk:
        raise SumaError(_("That chapter is not in this union."), field="chapter")
    if campaign is not None and campaign.union_id != union.pk:
        raise SumaError(_("That campaign is not in this union."), field="campaign")
    slug = slugify(slug or title)[:50].strip("-") or "drive"
    if slug in RESERVED_SLUGS:
        raise SumaError(_("That short name is taken by a page of its own: choose another."),
                        field="slug")
    if closes_at is not None and closes_at <= timezone.now():
        raise SumaError(_("The closing date must be in the future."), field="closes_at")
    try:
        with transaction.atomic():
            drive = Drive.objects.create(
                union=union, slug=slug, title=title, description=description,
                controller=controller, kinds=kinds, chapter=chapter, campaign=campaign,
                closes_at=closes_at, created_by=by)
            audit_append(action="rights.drive_created", actor=by, obj=drive,
                         data={"slug": slug, "controller": controller.pk, "kinds": kinds,
                               "chapter": chapter.slug if chapter else None})
            return drive
    except IntegrityError:
        raise Conflict(_("Another drive of this union has that short name."), field="slug",
                       code="duplicate") from None


def _locked_drive(drive: Drive) -> Drive:
    return (Drive.objects.select_for_update(of=("self",))
            .select_related("union", "controller", "campaign", "chapter").get(pk=drive.pk))


def drive_open(*, drive: Drive, by, now: datetime | None = None) -> Drive:
    """Members may join from now on; the campaign's timeline says so."""
    now = now or timezone.now()
    with transaction.atomic():
        drive = _locked_drive(drive)
        if drive.status != DriveStatus.DRAFT:
            raise SumaError(_("Only a draft drive can be opened."), code="wrong_status")
        if drive.closes_at is not None and drive.closes_at <= now:
            raise SumaError(_("Its closing date has passed: choose a later one first."),
                            field="closes_at")
        drive.status, drive.opens_at = DriveStatus.OPEN, now
        drive.save(update_fields=["status", "opens_at", "updated_at"])
        audit_append(action="rights.drive_opened", actor=by, obj=drive)
        if drive.campaign_id:
            from suma.campaigns.services import timeline_event_add

            timeline_event_add(campaign=drive.campaign, kind="launch", happened_at=now,
                               title=interpolate_lazy(_("Request drive launched: %(title)s"),
                                                      {"title": drive.title}),
                               link=_site(drive.get_absolute_url()))
        return drive


def drive_close(*, drive: Drive, by=None, now: datetime | None = None) -> Drive:
    now = now or timezone.now()
    with transaction.atomic():
        drive = _locked_drive(drive)
        if drive.status != DriveStatus.OPEN:
            raise SumaError(_("Only an open drive can be closed."), code="wrong_status")
        drive.status = DriveStatus.CLOSED
        if drive.closes_at is None or drive.closes_at > now:
            drive.closes_at = now
        drive.save(update_fields=["status", "closes_at", "updated_at"])
        audit_append(action="rights.drive_closed", actor=by, obj=drive)
        return drive


def drives_close_due(*, now: datetime | None = None) -> int:
    """Close the open drives whose closing date has passed (the daily job)."""
    now = now or timezone.now()
    closed = 0
    for drive in Drive.objects.filter(status=DriveStatus.OPEN, closes_at__lte=now):
        try:
            drive_close(drive=drive, now=now)
            closed += 1
        except SumaError:
            continue  # closed meanwhile
    return closed


def drive_eligible(*, drive: Drive, user) -> bool:
    """An active member of the drive's chapter, or (a drive of the whole union) a member."""
    if user is None or not user.is_authenticated:
        return False
    mine = standing(user, drive.union_id)
    return mine.is_active_in(drive.chapter_id) if drive.chapter_id else mine.is_member


def drive_join(*, drive: Drive, member, identification=None,
               details: Mapping[str, str] | None = None,
               today: date | None = None) -> DataRequest:
    """One click: the member's own request to the drive's controller, sent at once when Suma
    can email it; otherwise a draft with the letter to print or paste, and “I've sent it”."""
    now = timezone.now()
    # As it is now, not as the caller read it.
    status, closes_at = Drive.objects.filter(pk=drive.pk).values_list("status",
                                                                    "closes_at").get()
    if status != DriveStatus.OPEN or (closes_at is not None and closes_at <= now):
        raise SumaError(_("This drive is not open: it takes no requests now."),
                        code="not_open")
    if not drive_eligible(drive=drive, user=member):
        scope = drive.chapter.name if drive.chapter_id else drive.union.name
        raise NotAllowed(interpolate_lazy(
            _("Only active members of %(scope)s may join this drive."), {"scope": scope}),
            code="not_eligible")
    with transaction.atomic():
        request = request_create(member=member, union=drive.union, controller=drive.controller,
                                 kinds=drive.kinds, identification=identification,
                                 details=details, drive=drive)
        if request.channel == Channel.EMAIL:
            request = request_send(request=request, by=member, today=today)
        return request


def _drive_progress(drive_id: int) -> None:
    """After a request of the drive is sent: mark a milestone once (the drive's row is locked
    and requests that left are never unsent, so each count is reached exactly once)."""
    drive = (Drive.objects.select_for_update(of=("self",))
             .select_related("union", "campaign", "chapter").get(pk=drive_id))
    count = DataRequest.objects.filter(drive_id=drive_id, sent_on__isnull=False).count()
    if count not in DRIVE_MILESTONES:
        return
    audit_append(action="rights.drive_milestone", obj=drive, data={"sent": count})
    if drive.campaign_id:
        from suma.campaigns.services import timeline_event_add

        timeline_event_add(campaign=drive.campaign, kind="milestone",
                           title=interpolate_lazy(_("%(count)s requests sent: %(title)s"),
                                                  {"count": f"{count:,}",
                                                   "title": drive.title}),
                           link=_site(drive.get_absolute_url()))
    from suma.rights.notifications import drive_milestone_notify

    drive_milestone_notify(drive=drive, count=count)
