"""Every read the request and drive pages and the API need, and the letters of a request.

The letters (suma.rights.letters) are pure: `letter_input` and `letter_timeline` turn a
DataRequest into their inputs, so that the escalation's follow-ups and complaints quote the
same request the same way.
"""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suma.campaigns.models import Organisation
from suma.core.errors import NotFound
from suma.members.models import Union
from suma.rights import deadlines, letters
from suma.rights.models import (
    AWAITING,
    DataRequest,
    Drive,
    DriveStatus,
    Reply,
    RequestEvent,
    RequestStatus,
)

S = RequestStatus


# -- Requests ----------------------------------------------------------------------------------

def request_get(*, union: Union, reference: str) -> DataRequest:
    found = (DataRequest.objects.select_related("controller", "member", "union", "drive",
                                                "drive__chapter")
             .filter(union=union, reference=(reference or "").upper()[:20]).first())
    if found is None:
        raise NotFound(_("No such request."))
    return found


def request_list(*, union: Union, member) -> QuerySet[DataRequest]:
    """A member's requests in a union, newest first."""
    return (DataRequest.objects.filter(union=union, member=member)
            .select_related("controller", "drive", "union").order_by("-created_at", "-pk"))


@dataclass(frozen=True)
class HistoryLine:
    on: date
    kind: str
    label: str
    note: str = ""
    reply: Reply | None = None


def request_history(*, request: DataRequest) -> list[HistoryLine]:
    """The request's events, oldest first; a reply attached shows with its file."""
    # Both are in date order, then in the order they were stored: the n-th reply event is
    # the n-th reply.
    replies = list(request.replies.all())
    lines = []
    for event in request.events.all():
        reply = None
        if event.kind == RequestEvent.Kind.REPLY and replies:
            reply = replies.pop(0)
        lines.append(HistoryLine(on=event.on, kind=event.kind, label=event.get_kind_display(),
                                 note=event.note, reply=reply))
    return lines


def request_replies(*, request: DataRequest) -> list[Reply]:
    return list(request.replies.all())


def reply_get(*, request: DataRequest, pk: int) -> Reply:
    found = Reply.objects.filter(request=request, pk=pk).first()
    if found is None:
        raise NotFound(_("No such reply."))
    return found


def checklist(*, request: DataRequest) -> list[dict]:
    """The completeness checklist in the page's language, each item ticked if the (last)
    answer contained it."""
    language = _page_language()
    contained = set(request.contained or ())
    return [{"key": entry.key, "label": letters.label(entry, language),
             "ticked": entry.key in contained}
            for entry in letters.checklist(request.controller.slug, request.kinds)]


def _page_language() -> str:
    from django.utils.translation import get_language

    return letters.language_of(get_language())


def kind_label(kind: str, language: str | None = None) -> str:
    """A right in the page's language, as the letters name it: Right of access (Art. 15
    GDPR)."""
    language = letters.language_of(language or _page_language())
    cite = letters.TEXTS["cite"][language].format(n=letters.ARTICLES[letters.Kind(kind)])
    return f"{letters.TEXTS[f'kind.{kind}.title'][language]} ({cite})"


def kind_labels(kinds) -> list[str]:
    return [kind_label(kind) for kind in kinds]


# -- Letters ---------------------------------------------------------------------------------

def letter_requester(request: DataRequest) -> letters.Requester:
    """The member as their letters name them: the identification they gave for their name,
    email and address, their account's otherwise; the other elements listed as given."""
    types = {str(e.get("desc") or e.get("type") or "").strip(): str(e.get("type", ""))
             for e in request.controller.required_elements or ()}
    name, email, address, extra = "", "", "", []
    for label, value in request.identification or ():
        kind = types.get(label, "")
        if kind == "name" and not name:
            name = value
        elif kind == "email" and not email:
            email = value
        elif kind == "address" and not address:
            address = value
        else:
            extra.append((label, value))
    member = request.member
    return letters.Requester(name=name or member.name or member.email.split("@")[0],
                             email=email or member.email, address=address,
                             language=request.language, identification=tuple(extra))


def letter_recipient(controller: Organisation) -> letters.Recipient:
    return letters.Recipient(name=controller.name, address=controller.postal_address,
                             email=controller.email)


def letter_input(request: DataRequest, *, on: date | None = None) -> letters.Request:
    """The request as the letters module takes it, dated `on` (the day it was sent)."""
    kinds = set(request.kinds)
    asks_data = bool(kinds & {letters.Kind.ACCESS.value, letters.Kind.PORTABILITY.value})
    return letters.Request(
        requester=letter_requester(request), recipient=letter_recipient(request.controller),
        kinds=request.kinds, reference=request.reference,
        date=on or request.sent_on or _today(), details=request.details or {},
        items=letters.extra_items(request.controller.slug) if asks_data else ())


def letter_timeline(request: DataRequest) -> letters.Timeline:
    """What happened to a sent request, for reminders, follow-ups and complaints."""
    reminded = tuple(request.events.filter(kind=RequestEvent.Kind.REMINDED)
                     .values_list("on", flat=True))
    return letters.Timeline(sent=request.sent_on, deadline=request.deadline,
                            received=request.acknowledged_on, extended=request.extended_on,
                            reminded=reminded, answered=request.answered_on)


def request_letter(request: DataRequest, *, on: date | None = None) -> letters.Letter:
    """The letter in the request's language: as sent (its date) or, for a draft, dated
    `on` (today by default)."""
    return letters.request_letter(letter_input(request, on=on))


def reminder_letter(request: DataRequest) -> letters.Letter:
    return letters.reminder_letter(letter_input(request), timeline=letter_timeline(request),
                                   date=request.reminded_on or _today())


def _today() -> date:
    from suma.rights.services import current_date

    return current_date()


def letter_pdf(request: DataRequest, letter: letters.Letter) -> bytes:
    from suma.rights.pdf import letter_pdf as draw

    return draw(letter, sender=letter_requester(request),
                recipient=letter_recipient(request.controller))


# -- Deadlines, in words -------------------------------------------------------------------------

def deadline_explanation(*, request: DataRequest) -> list[str]:
    """How the request's deadline was counted, in the page's language (empty for a draft)."""
    from suma.rights.services import deadline_country

    if request.received_on is None or request.deadline is None:
        return []
    country = deadline_country(request.controller)
    extended = request.extended_on is not None
    day = _date
    if country is None:
        return [_("Received %(received)s; the deadline is %(due)s. The directory names no "
                  "country for this controller, so only Saturdays and Sundays move the "
                  "deadline.") % {"received": day(request.received_on),
                                  "due": day(request.deadline)}]
    e = deadlines.explain(received=request.received_on, country=country, extended=extended)
    months = ngettext("%(n)s month", "%(n)s months", e.months) % {"n": e.months}
    lines = [_("Received %(received)s + %(months)s: %(nominal)s.")
             % {"received": day(e.received), "months": months, "nominal": day(e.nominal)}]
    if e.missing_day is not None:
        lines.append(_("That month has no day %(n)s: the period ends on its last day.")
                     % {"n": e.missing_day})
    if not e.holiday_data:
        lines.append(_("No public-holiday calendar for %(country)s: only Saturdays and "
                       "Sundays are skipped.") % {"country": e.country})
    for off in e.days_off:
        if off.holiday:
            lines.append(_("%(day)s is a public holiday in %(country)s: %(holiday)s.")
                         % {"day": day(off.day), "country": e.country, "holiday": off.holiday})
        else:
            lines.append(_("%(day)s is a Saturday or a Sunday.") % {"day": day(off.day)})
    if e.days_off:
        lines.append(_("The deadline moves to the next working day: %(due)s.")
                     % {"due": day(e.due)})
    else:
        lines.append(_("That is a working day in %(country)s: the deadline.")
                     % {"country": e.country})
    if e.notify_by is not None:
        lines.append(_("Extended: the controller had to say so, with reasons, by %(day)s.")
                     % {"day": day(e.notify_by)})
    return lines


def _date(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


# -- Drives ----------------------------------------------------------------------------------

def drive_get(*, union: Union, slug: str) -> Drive:
    found = (Drive.objects.select_related("union", "controller", "chapter", "campaign")
             .filter(union=union, slug=slug).first())
    if found is None:
        raise NotFound(_("No such drive."))
    return found


def drive_list(*, union: Union, viewer=None) -> list[Drive]:
    """The union's drives, open ones first; drafts only for those who may run them."""
    drives = list(Drive.objects.filter(union=union)
                  .select_related("union", "controller", "chapter", "campaign")
                  .annotate(sent=Count("requests", filter=Q(requests__sent_on__isnull=False)))
                  .order_by("status", "-opens_at", "-created_at"))
    order = {DriveStatus.OPEN: 0, DriveStatus.DRAFT: 1, DriveStatus.CLOSED: 2}
    shown = [d for d in drives if d.status != DriveStatus.DRAFT or (
        viewer is not None and viewer.has_perm("rights.change_drive", d))]
    return sorted(shown, key=lambda d: order.get(d.status, 3))


def member_request_in_drive(*, drive: Drive, user) -> DataRequest | None:
    if user is None or not user.is_authenticated:
        return None
    return DataRequest.objects.filter(drive=drive, member=user).first()


def drive_sent_count(*, drive: Drive) -> int:
    return DataRequest.objects.filter(drive=drive, sent_on__isnull=False).count()


# -- The dashboard ---------------------------------------------------------------------------------

# Each request counts in one bucket: where it stands now. "sent" counts every request that
# left, whatever happened after.
BUCKETS = {
    "total": Q(),
    "draft": Q(status=S.DRAFT),
    "sent": Q(sent_on__isnull=False),
    "awaiting": Q(status=S.SENT),
    "acknowledged": Q(status=S.ACKNOWLEDGED),
    "extended": Q(status=S.EXTENDED),
    "complete": Q(status=S.COMPLETE),
    "incomplete": Q(status=S.INCOMPLETE),
    "overdue": Q(status=S.OVERDUE),
    "escalated": Q(status__in=(S.REMINDED, S.COMPLAINT)),
    "withdrawn": Q(status=S.WITHDRAWN),
}


def _counts() -> dict:
    return {name: Count("id", filter=q) if q else Count("id") for name, q in BUCKETS.items()}


def drive_dashboard(*, drive: Drive) -> dict[str, int]:
    """The drive's requests by where they stand, in one aggregate query."""
    return DataRequest.objects.filter(drive=drive).aggregate(**_counts())


def controller_dashboard(*, union: Union) -> list[dict]:
    """Every controller the union's members wrote to, with its requests by where they stand:
    one grouped query."""
    rows = list(DataRequest.objects.filter(union=union).values("controller")
                .annotate(**_counts(), name=F("controller__name"),
                          country=F("controller__country"))
                .order_by("-total", "name"))
    return rows


# -- The league table --------------------------------------------------------------------------

@dataclass
class LeagueRow:
    controller_id: int
    name: str
    country: str
    sent: int
    answered: int
    in_time: int
    due: int
    late: int
    median_days: float | None

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.due if self.due else None

    @property
    def percent_in_time(self) -> int | None:
        share = self.share_in_time
        return None if share is None else round(100 * share)


def league_table(*, union: Union, today: date) -> list[LeagueRow]:
    """Controllers ranked by how they answer the union's members: the median days from
    receipt to answer (fastest first; none answered last), then the share answered by the
    deadline, of the requests answered or past their deadline; and how many are late
    (answered after the deadline, or still unanswered past it)."""
    sent = Q(received_on__isnull=False) & ~Q(status=S.WITHDRAWN)
    answered = Q(answered_on__isnull=False)
    past = Q(answered_on__isnull=True, deadline__lt=today)
    rows = (DataRequest.objects.filter(union=union).filter(sent).values("controller")
            .annotate(name=F("controller__name"), country=F("controller__country"),
                      sent=Count("id"), answered=Count("id", filter=answered),
                      in_time=Count("id", filter=answered & Q(answered_on__lte=F("deadline"))),
                      due=Count("id", filter=answered | past),
                      late=Count("id", filter=(answered & Q(answered_on__gt=F("deadline")))
                                 | past))
            .order_by())
    medians = _median_days(union)
    table = [LeagueRow(controller_id=r["controller"], name=r["name"], country=r["country"],
                       sent=r["sent"], answered=r["answered"], in_time=r["in_time"],
                       due=r["due"], late=r["late"], median_days=medians.get(r["controller"]))
             for r in rows]
    table.sort(key=lambda r: (r.median_days is None, r.median_days or 0,
                              -(r.share_in_time or 0), -r.sent, r.name))
    return table


_MEDIAN_SQL = """
SELECT r.controller_id,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY (r.answered_on - r.received_on))
FROM {table} r
WHERE r.union_id = %s AND r.answered_on IS NOT NULL AND r.received_on IS NOT NULL
  AND r.status <> %s
GROUP BY r.controller_id
"""


def _median_days(union: Union) -> dict[int, float]:
    """Median days from receipt to answer per controller: in SQL on PostgreSQL; SQLite has no
    percentile function, so there the days are read and the median taken here."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_MEDIAN_SQL.format(table=DataRequest._meta.db_table),
                           [union.pk, S.WITHDRAWN])
            return {pk: float(median) for pk, median in cursor.fetchall()}
    days: dict[int, list[int]] = {}
    for pk, received, answered in (DataRequest.objects.filter(
            union=union, answered_on__isnull=False, received_on__isnull=False)
            .exclude(status=S.WITHDRAWN)
            .values_list("controller", "received_on", "answered_on")):
        days.setdefault(pk, []).append((answered - received).days)
    return {pk: float(statistics.median(values)) for pk, values in days.items()}


def awaiting_with_deadline(*, on: date) -> QuerySet[DataRequest]:
    """Requests still awaiting their answer whose deadline is `on` (for the reminders)."""
    return (DataRequest.objects.filter(status__in=AWAITING, deadline=on)
            .select_related("member", "controller", "union"))


def became_overdue(*, on: date) -> QuerySet[DataRequest]:
    return (DataRequest.objects.filter(status=S.OVERDUE, overdue_on=on)
            .select_related("member", "controller", "union"))


# -- The campaign's repertoire -------------------------------------------------------------------

def drive_uses(*, campaign) -> list:
    """The campaign's drives in its repertoire dashboard: requests sent, answered complete,
    late; a cumulative daily series of requests sent."""
    from django.utils.translation import gettext_lazy

    from suma.campaigns.repertoire import TacticUse

    drives = (Drive.objects.filter(campaign=campaign).exclude(status=DriveStatus.DRAFT)
              .select_related("union").order_by("opens_at", "pk")
              .annotate(sent=Count("requests", filter=Q(requests__sent_on__isnull=False)),
                        complete=Count("requests", filter=Q(requests__status=S.COMPLETE)),
                        overdue=Count("requests", filter=Q(requests__overdue_on__isnull=False))))
    uses = []
    for drive in drives:
        days = (DataRequest.objects.filter(drive=drive, sent_on__isnull=False)
                .values("sent_on").order_by("sent_on").annotate(n=Count("id")))
        total, series = 0, []
        for day in days:
            total += day["n"]
            series.append((day["sent_on"], total))
        uses.append(TacticUse(
            tactic="drive", title=drive.title, url=drive.get_absolute_url(),
            status=str(drive.get_status_display()), started_at=drive.opens_at,
            ended_at=drive.closes_at if drive.status == DriveStatus.CLOSED else None,
            figures={"sent": drive.sent, "complete": drive.complete, "overdue": drive.overdue},
            labels={"sent": gettext_lazy("Requests sent"),
                    "complete": gettext_lazy("Answered completely"),
                    "overdue": gettext_lazy("Overdue at some point")},
            series=tuple(series)))
    return uses
