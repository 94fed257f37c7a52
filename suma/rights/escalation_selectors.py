"""Every read of escalation a page or the API needs: requests and complaints by their key,
the authorities and the one Suma proposes, mandates, the requests a dossier would list, and
the letters and PDF bundles (drawn from the requests as they stand)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Organisation, OrganisationKind
from suma.core.errors import NotFound
from suma.members.models import Union
from suma.rights import deadlines, escalation_authority, escalation_bundle, letters
from suma.rights.escalation_authority import Authority
from suma.rights.models import (
    Complaint,
    ComplaintStatus,
    DataRequest,
    Mandate,
    MandateText,
    RequestEvent,
    RequestStatus,
)
from suma.rights.pdf import bundle_pdf, letter_pdf

# What a complaint may be about: no answer by the deadline (reminded or not), or an
# incomplete one.
COMPLAINABLE = (RequestStatus.OVERDUE, RequestStatus.REMINDED, RequestStatus.INCOMPLETE)


def today_date() -> date:
    """Requests' one "today" (suma.rights.services.current_date)."""
    from suma.rights import services

    return services.current_date()


# -- Objects by their key ------------------------------------------------------------------

def request_get(*, union: Union, reference: str) -> DataRequest:
    found = (DataRequest.objects.filter(union=union, reference=reference)
             .select_related("union", "member", "controller").first())
    if found is None:
        raise NotFound(_("No such request."))
    return found


def complaint_get(*, union: Union, pk: int) -> Complaint:
    found = (Complaint.objects.filter(union=union, pk=pk)
             .select_related("union", "controller", "authority").first())
    if found is None:
        raise NotFound(_("No such complaint."))
    return found


def controller_get(*, pk: int) -> Organisation:
    found = Organisation.objects.filter(pk=pk, is_controller=True).first()
    if found is None:
        raise NotFound(_("No such controller in the directory."))
    return found


def authority_get(*, slug: str) -> Organisation:
    found = Organisation.objects.filter(kind=OrganisationKind.AUTHORITY, slug=slug).first() \
        if slug else None
    if found is None:
        raise NotFound(_("No such supervisory authority in the directory."))
    return found


# -- Authorities ---------------------------------------------------------------------------

def authority_list() -> list[Organisation]:
    """Every supervisory authority of the directory, by country then name."""
    return list(Organisation.objects.filter(kind=OrganisationKind.AUTHORITY)
                .order_by("country", "name"))


def _as_rule_input(organisation: Organisation) -> Authority:
    countries = [c for c in (organisation.relevant_countries or []) if isinstance(c, str)]
    codes = {c.upper() for c in countries if c != "all"} | (
        {organisation.country.upper()} if organisation.country else set())
    return Authority(key=organisation.pk, slug=organisation.slug, name=organisation.name,
                     countries=tuple(sorted(codes)))


def authority_propose(*, controller: Organisation,
                      authorities: Iterable[Organisation] | None = None) -> Organisation | None:
    """The lead authority for a controller (see suma.rights.escalation_authority), or None
    when the directory has none for its country."""
    found = list(authorities) if authorities is not None else authority_list()
    chosen = escalation_authority.propose(
        [_as_rule_input(a) for a in found], slug=controller.slug, country=controller.country,
        address=controller.postal_address)
    return next((a for a in found if a.pk == chosen.key), None) if chosen else None


def complaint_language(*, authority: Organisation) -> str:
    return escalation_authority.complaint_language(
        authority_language=authority.complaint_language, authority_country=authority.country)


# -- Mandates ------------------------------------------------------------------------------

def mandate_text_current(*, union: Union) -> MandateText | None:
    return MandateText.objects.filter(union=union).order_by("-version").first()


def mandate_text_list(*, union: Union) -> QuerySet[MandateText]:
    return (MandateText.objects.filter(union=union).order_by("-version")
            .annotate(live=Count("mandates", filter=Q(mandates__revoked_at__isnull=True))))


def mandate_live(*, union: Union, member) -> Mandate | None:
    if member is None or not member.is_authenticated:
        return None
    return (Mandate.objects.filter(union=union, member=member, revoked_at__isnull=True)
            .select_related("text").first())


def mandate_history(*, union: Union, member) -> QuerySet[Mandate]:
    return (Mandate.objects.filter(union=union, member=member).select_related("text")
            .order_by("-consented_at", "-id"))


def live_mandates(*, union: Union, now: datetime | None = None) -> QuerySet[Mandate]:
    """The mandates in force: given before now, not revoked."""
    now = now or timezone.now()
    return Mandate.objects.filter(union=union, revoked_at__isnull=True, consented_at__lte=now)


# -- Requests as letters tell them ---------------------------------------------------------

def letter_request(request: DataRequest) -> letters.Request:
    """The request as suma.rights.letters takes it: the member as their letters name them,
    the controller, the rights, dated the day it was sent."""
    from suma.rights.selectors import letter_recipient, letter_requester

    return letters.Request(
        requester=letter_requester(request), recipient=letter_recipient(request.controller),
        kinds=list(request.kinds or ()), reference=request.reference,
        date=request.sent_on or request.created_at.date(),
        details={k: v for k, v in (request.details or {}).items() if isinstance(v, str)})


def _reminders(request: DataRequest) -> list[date]:
    events = getattr(request, "reminder_events", None)
    if events is None:
        events = request.events.filter(kind=RequestEvent.Kind.REMINDED)
    days = {event.on for event in events}
    if request.reminded_on:
        days.add(request.reminded_on)
    return sorted(days)


def deadline_of(request: DataRequest) -> date:
    """The stored deadline; for a request stored without one, counted from its receipt (or
    its sending) by Art. 12(3)."""
    if request.deadline:
        return request.deadline
    received = request.received_on or request.sent_on or request.created_at.date()
    try:
        return deadlines.deadline(received=received, country=request.controller.country or "",
                                  extended=request.extended_on is not None)
    except deadlines.DeadlineInputError:
        return deadlines.months_later(received, 3 if request.extended_on else 1)


def timeline_of(request: DataRequest) -> letters.Timeline:
    # "received" is the controller's acknowledgement of receipt, as in the reminders.
    return letters.Timeline(
        sent=request.sent_on or request.created_at.date(), deadline=deadline_of(request),
        received=request.acknowledged_on, extended=request.extended_on,
        reminded=_reminders(request), answered=request.answered_on)


def missing_items(request: DataRequest) -> list[letters.Item]:
    """What the controller's checklist for the rights asked has and the answer lacked."""
    contained = {str(key) for key in request.contained or ()}
    try:
        items = letters.checklist(request.controller.slug, request.kinds or ())
    except ValueError:
        return []
    return [entry for entry in items if entry.key not in contained]


def _case(request: DataRequest, *, member: str = "", mandate: Mandate | None = None
          ) -> escalation_bundle.Case:
    answered = request.answered_on is not None
    return escalation_bundle.Case(
        request=letter_request(request), timeline=timeline_of(request),
        missing=tuple(missing_items(request)) if answered else (), member=member,
        mandate_date=timezone.localdate(mandate.consented_at) if mandate else None,
        mandate_version=mandate.text.version if mandate else None)


def followup_letter(*, request: DataRequest, on: date) -> letters.Letter:
    return letters.followup_letter(letter_request(request), timeline=timeline_of(request),
                                   date=on, missing=missing_items(request))


def followup_pdf(*, request: DataRequest, event: RequestEvent) -> bytes:
    letter = followup_letter(request=request, on=event.on)
    built = letter_request(request)
    return letter_pdf(letter, sender=built.requester, recipient=built.recipient)


def followups(*, request: DataRequest) -> QuerySet[RequestEvent]:
    return request.events.filter(kind=RequestEvent.Kind.FOLLOW_UP).order_by("-on", "-id")


# -- Dossiers ------------------------------------------------------------------------------

def _with_reminders(queryset: QuerySet[DataRequest]) -> QuerySet[DataRequest]:
    return queryset.select_related("member", "controller").prefetch_related(
        Prefetch("events", queryset=RequestEvent.objects.filter(kind=RequestEvent.Kind.REMINDED),
                 to_attr="reminder_events"))


def dossier_requests(*, union: Union, controller: Organisation,
                     now: datetime | None = None) -> QuerySet[DataRequest]:
    """The overdue, reminded or incomplete requests to a controller of every member whose
    mandate is in force."""
    mandated = live_mandates(union=union, now=now).values("member_id")
    return DataRequest.objects.filter(union=union, controller=controller,
                                      status__in=COMPLAINABLE, member_id__in=mandated)


def dossier_controllers(*, union: Union, now: datetime | None = None) -> list[dict]:
    """Controllers with requests a dossier would list, the most first: {controller, count}."""
    mandated = live_mandates(union=union, now=now).values("member_id")
    rows = (DataRequest.objects.filter(union=union, status__in=COMPLAINABLE,
                                       member_id__in=mandated)
            .values("controller_id").annotate(n=Count("id")).order_by("-n", "controller_id"))
    counts = {row["controller_id"]: row["n"] for row in rows}
    found = Organisation.objects.in_bulk(list(counts))
    return [{"controller": found[pk], "count": n} for pk, n in counts.items() if pk in found]


def _names(member_ids: Iterable[int]) -> dict[int, str]:
    """The names an authority needs: the account's name (the email when it has none)."""
    from suma.members.models import User

    return {u.pk: u.name or u.email
            for u in User.objects.filter(pk__in=set(member_ids)).only("pk", "name", "email")}


def mandated_requests(*, union: Union, requests: QuerySet[DataRequest],
                      now: datetime | None = None) -> list[tuple[DataRequest, Mandate, str]]:
    """(request, the member's mandate in force, the member's name) for each of `requests`
    whose member's mandate is in force."""
    mandates = {m.member_id: m for m in live_mandates(union=union, now=now)
                .select_related("text")}
    found = [r for r in _with_reminders(requests).order_by("sent_on", "reference")
             if r.member_id in mandates]
    names = _names(r.member_id for r in found)
    return [(r, mandates[r.member_id], names.get(r.member_id, "")) for r in found]


def dossier_cases(*, union: Union, requests: QuerySet[DataRequest],
                  now: datetime | None = None) -> list[escalation_bundle.Case]:
    """Each request whose member's mandate is in force, with that mandate; the others are
    left out, whatever the queryset held."""
    return [_case(r, member=name, mandate=mandate)
            for r, mandate, name in mandated_requests(union=union, requests=requests, now=now)]


def dossier_statistics(*, union: Union, controller: Organisation, today: date | None = None,
                       now: datetime | None = None) -> escalation_bundle.Statistics:
    today = today or today_date()
    cases = dossier_cases(union=union, requests=dossier_requests(
        union=union, controller=controller, now=now), now=now)
    return escalation_bundle.statistics(cases, today=today)


def item_label(key: str, language: str) -> str:
    """An item's label in a language (a free-text item as written)."""
    try:
        return letters.label(letters.item(key), language)
    except KeyError:
        return key


# -- Complaints ----------------------------------------------------------------------------

def complaint_requests(*, complaint: Complaint) -> QuerySet[DataRequest]:
    return complaint.requests.all()


def complaint_member_ids(*, complaint: Complaint) -> set[int]:
    cached = complaint.__dict__.get("_member_ids")
    if cached is None:
        cached = set(complaint.requests.values_list("member_id", flat=True))
        complaint.__dict__["_member_ids"] = cached
    return cached


def complaint_statistics(*, complaint: Complaint) -> escalation_bundle.Statistics:
    cases = _complaint_cases(complaint)
    return escalation_bundle.statistics(cases, today=complaint.drafted_on
                                        or complaint.lodged_on or today_date())


def _complaint_cases(complaint: Complaint, now: datetime | None = None
                     ) -> list[escalation_bundle.Case]:
    """A draft dossier's requests of members whose mandate is in force; any other
    complaint's requests, all of them (a lodged one keeps what was lodged)."""
    if complaint.collective and complaint.status == ComplaintStatus.DRAFT:
        return dossier_cases(union=complaint.union, requests=complaint.requests.all(), now=now)
    return [_case(r) for r in _with_reminders(complaint.requests.all())]


def _recipient(organisation: Organisation) -> letters.Recipient:
    return letters.Recipient(name=organisation.name, address=organisation.postal_address,
                             email=organisation.email)


def _one_case(request: DataRequest) -> escalation_bundle.Case:
    return _case(_with_reminders(DataRequest.objects.filter(pk=request.pk)).get())


def complaint_preview_parts(*, request: DataRequest, authority: Organisation,
                            today: date) -> list:
    """One member's complaint about a request, drafted as it stands, to `authority`, in that
    authority's language."""
    return escalation_bundle.complaint_parts(
        _one_case(request), authority=_recipient(authority), date=today,
        language=complaint_language(authority=authority))


def bundle(parts: list) -> bytes:
    return bundle_pdf(parts)


def complaint_parts(*, complaint: Complaint, now: datetime | None = None) -> tuple[list, list]:
    """The bundle's parts and the ids of the requests they cover (a collective complaint's
    members whose mandate is in force now)."""
    day = complaint.drafted_on or today_date()
    language = complaint.language or complaint_language(authority=complaint.authority)
    authority = _recipient(complaint.authority)
    if not complaint.collective:
        request = complaint.requests.first()
        if request is None:
            return [], []
        return (escalation_bundle.complaint_parts(_one_case(request), authority=authority,
                                                  date=day, language=language),
                [request.pk])
    found = mandated_requests(union=complaint.union, requests=complaint.requests.all(), now=now)
    if not found:
        return [], []
    cases = [_case(r, member=name, mandate=mandate) for r, mandate, name in found]
    ids = [r.pk for r, _mandate, _name in found]
    texts = dict(MandateText.objects.filter(
        union=complaint.union, version__in={c.mandate_version for c in cases})
        .values_list("version", "text"))
    union = letters.Representative(name=complaint.union.name, mandate_date=day)
    return (escalation_bundle.dossier_parts(
        cases, controller=complaint.controller.name, union=union, authority=authority,
        date=day, language=language, mandate_texts=texts), ids)


def complaint_pdf_render(*, complaint: Complaint, now: datetime | None = None
                         ) -> tuple[bytes, list[int]]:
    """The bundle as it stands now, and the ids of the requests it covers."""
    parts, ids = complaint_parts(complaint=complaint, now=now)
    if not parts:
        raise NotFound(_("This complaint has no request left to lodge."))
    return bundle_pdf(parts), ids


def complaint_list(*, union: Union, collective: bool | None = None,
                   controller: Organisation | None = None) -> QuerySet[Complaint]:
    qs = Complaint.objects.filter(union=union).select_related("controller", "authority")
    if collective is not None:
        qs = qs.filter(collective=collective)
    if controller is not None:
        qs = qs.filter(controller=controller)
    return qs.annotate(request_count=Count("requests")).order_by("-created_at", "-id")


def complaints_of_member(*, union: Union, member) -> QuerySet[Complaint]:
    """The complaints, the member's own and the union's, that include one of their
    requests."""
    return (Complaint.objects.filter(union=union, requests__member=member).distinct()
            .select_related("controller", "authority").order_by("-created_at", "-id"))


def complaints_of_request(*, request: DataRequest) -> QuerySet[Complaint]:
    return (request.complaints.filter(collective=False).select_related("authority")
            .order_by("-created_at"))
