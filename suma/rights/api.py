"""The REST endpoints of data-rights requests and drives.

Thin like the rest of the API (suma/api/api.py): each handler checks the same rules as the
pages, calls a service or a selector, and shapes the answer. A member's requests are theirs
(and their organisers'): another's reference answers 404. Drives that left the draft are
public; joining, the dashboards and the league table need a member.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from suma.api import schemas as s
from suma.api.api import ERRORS, PUBLIC_ERRORS, Pages, _forbid_unless, _Rows, _union
from suma.api.auth import member_auth
from suma.campaigns.models import Organisation
from suma.core.errors import NotFound, SumaError
from suma.rights import batch, selectors, services
from suma.rights.models import DataRequest, Drive

KindName = Literal["access", "rectification", "erasure", "restriction", "portability",
                   "objection", "automated_decisions"]
Reference = Annotated[str, Field(pattern=r"^[-A-Za-z0-9]+$", max_length=20)]
ControllerKey = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
ItemKey = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=50)]


def _anyone(request: HttpRequest) -> bool:
    """Public reads: a token or the session when given (to say what the caller did), else
    an anonymous visitor."""
    return True


optional_auth = [*member_auth, _anyone]


# -- Shapes --------------------------------------------------------------------------------

class RequestIdentificationIn(s.Input):
    label: str = Field(..., min_length=1, max_length=100, pattern=s.NOT_BLANK,
                       description="As the controller's directory entry names it, e.g. Name")
    value: str = Field(..., max_length=500, pattern=s.NO_NUL)


class RequestIn(s.Input):
    controller: ControllerKey = Field(description="The controller's key in the directory "
                                                  "(for example uber), or its id there")
    kinds: list[KindName] = Field(..., min_length=1, max_length=7)
    identification: list[RequestIdentificationIn] = Field(
        [], max_length=services.MAX_IDENTIFICATION,
        description="What the controller requires; a name or email left out is the "
                    "account's")
    details: dict[KindName, Annotated[str, Field(max_length=2000, pattern=s.NO_NUL)]] = Field(
        {}, description="Per right asked for: what to correct, erase, object to")
    language: Literal["", "en", "es", "fr", "it", "de"] = Field(
        "", description="The letter's language (letters.LANGUAGES); empty: the member's")


class RequestMarkSentIn(s.Input):
    sent_on: date
    received_on: date | None = Field(None, description="Empty: the day it was sent")


class RequestDateIn(s.Input):
    on: date


class RequestExtendIn(s.Input):
    on: date = Field(description="The day the controller told the member")
    reasons: str = Field(..., min_length=1, max_length=5000, pattern=s.NOT_BLANK)


class RequestAnswerIn(s.Input):
    on: date = Field(description="The day the answer came")
    contained: list[ItemKey] = Field([], max_length=60,
                                     description="Keys of the request's checklist items the "
                                                 "answer contained")


class DriveJoinIn(s.Input):
    identification: list[RequestIdentificationIn] = Field(
        [], max_length=services.MAX_IDENTIFICATION)


class RequestControllerOut(Schema):
    id: int
    name: str
    country: str


class RequestOut(Schema):
    reference: str
    status: str
    controller: RequestControllerOut
    kinds: list[str]
    channel: str
    language: str
    drive: str | None = Field(description="The drive's slug, if made in one")
    created_at: datetime
    sent_on: date | None
    received_on: date | None
    acknowledged_on: date | None
    extended_on: date | None
    deadline: date | None
    answered_on: date | None
    overdue_on: date | None
    reminded_on: date | None


class ChecklistItemOut(Schema):
    key: str
    label: str
    ticked: bool


class RequestEventOut(Schema):
    kind: str
    on: date
    note: str


class RequestIdentificationOut(Schema):
    label: str
    value: str


class RequestDetailOut(RequestOut):
    subject: str
    body: str = Field(description="The letter as sent (for a draft: as it would be today)")
    identification: list[RequestIdentificationOut]
    checklist: list[ChecklistItemOut]
    history: list[RequestEventOut]
    deadline_explanation: list[str]


class RequestCountsOut(Schema):
    total: int
    draft: int
    sent: int = Field(description="Every request that left, whatever happened after")
    awaiting: int
    acknowledged: int
    extended: int
    complete: int
    incomplete: int
    overdue: int
    escalated: int = Field(description="Reminded, or a complaint lodged")
    withdrawn: int


class ControllerRequestCountsOut(RequestCountsOut):
    controller: RequestControllerOut


class YourDriveRequestOut(Schema):
    joined: bool
    reference: str | None
    eligible: bool


class DriveOut(Schema):
    slug: str
    title: str
    controller: RequestControllerOut
    kinds: list[str]
    chapter: str | None = Field(description="The chapter's slug; null for the whole union")
    campaign: str | None
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    sent: int


class DriveDetailOut(DriveOut):
    description: str
    channel: str | None = Field(description="How requests reach the controller; null: no way")
    what_to_do: str = Field(description="When there is no channel: what a member does instead")
    you: YourDriveRequestOut


class DriveLettersOut(Schema):
    state: Literal["none", "running", "stalled", "ready"] = Field(
        description="none: never made; stalled: stopped before it was ready, or the file is "
                    "gone (start again)")
    total: int = Field(description="Letters to make: the drive's requests but the withdrawn")
    done: int
    percent: int
    per_second: float | None = Field(description="Letters made a second so far")
    started_at: datetime | None
    finished_at: datetime | None
    size: int | None = Field(description="The ZIP's size in bytes, once ready")
    download: str | None = Field(description="Once ready: where to download the ZIP")


class ControllerLeagueRowOut(Schema):
    rank: int
    controller: RequestControllerOut
    sent: int
    answered: int
    median_days: float | None
    answered_in_time: int
    due: int
    share_in_time: float | None
    late: int


# -- Helpers -------------------------------------------------------------------------------

def _controller_out(o: Organisation) -> dict:
    return {"id": o.pk, "name": o.name, "country": o.country}


def _request_out(r: DataRequest) -> dict:
    return {"reference": r.reference, "status": r.status,
            "controller": _controller_out(r.controller), "kinds": list(r.kinds),
            "channel": r.channel, "language": r.language,
            "drive": r.drive.slug if r.drive_id else None, "created_at": r.created_at,
            "sent_on": r.sent_on, "received_on": r.received_on,
            "acknowledged_on": r.acknowledged_on, "extended_on": r.extended_on,
            "deadline": r.deadline, "answered_on": r.answered_on, "overdue_on": r.overdue_on,
            "reminded_on": r.reminded_on}


def _request_detail(r: DataRequest) -> dict:
    if r.sent_on is None:
        letter = selectors.request_letter(r, on=services.current_date())
        subject, body = letter.subject, letter.body
    else:
        subject, body = r.subject, r.body
    return {**_request_out(r), "subject": subject, "body": body,
            "identification": [{"label": k, "value": v} for k, v in r.identification],
            "checklist": selectors.checklist(request=r),
            "history": [{"kind": e.kind, "on": e.on, "note": e.note} for e in r.events.all()],
            "deadline_explanation": selectors.deadline_explanation(request=r)}


def _seen(request: HttpRequest, union_slug: str, reference: str,
          perm: str = "rights.view_request") -> DataRequest:
    found = selectors.request_get(union=_union(union_slug), reference=reference)
    if not request.user.has_perm("rights.view_request", found):
        raise NotFound(_("No such request."))
    _forbid_unless(request, perm, found)
    return found


def _fresh(found: DataRequest) -> dict:
    return _request_detail(selectors.request_get(union=found.union, reference=found.reference))


def _drive_out(d: Drive, sent: int | None = None) -> dict:
    return {"slug": d.slug, "title": d.title, "controller": _controller_out(d.controller),
            "kinds": list(d.kinds), "chapter": d.chapter.slug if d.chapter_id else None,
            "campaign": d.campaign.slug if d.campaign_id else None, "status": d.status,
            "opens_at": d.opens_at, "closes_at": d.closes_at,
            "sent": sent if sent is not None else selectors.drive_sent_count(drive=d)}


def _drive_detail(request: HttpRequest, d: Drive) -> dict:
    joined = selectors.member_request_in_drive(drive=d, user=request.user)
    channel = services.channel_for(d.controller)
    return {**_drive_out(d), "description": d.description, "channel": channel,
            "what_to_do": "" if channel else str(services.no_channel_message(d.union,
                                                                             d.controller)),
            "you": {"joined": joined is not None,
                    "reference": joined.reference if joined else None,
                    "eligible": services.drive_eligible(drive=d, user=request.user)}}


def _drive_seen(request: HttpRequest, union_slug: str, drive_slug: str) -> Drive:
    drive = selectors.drive_get(union=_union(union_slug), slug=drive_slug)
    if not request.user.has_perm("rights.view_drive", drive):
        raise NotFound(_("No such drive."))
    return drive


def _letters_out(d: Drive) -> dict:
    p = batch.drive_letters_progress(drive=d)
    state = ("ready" if p["ready"] else "running" if p["running"]
             else "stalled" if p["started"] else "none")
    return {"state": state, **{k: p[k] for k in ("total", "done", "percent", "per_second",
                                                  "started_at", "finished_at", "size")},
            "download": (reverse("api:rights_drive_letters_zip", kwargs={
                "union_slug": d.union.slug, "drive_slug": d.slug}) if p["ready"] else None)}


def _pairs(items: list[RequestIdentificationIn]) -> list[tuple[str, str]]:
    return [(i.label, i.value) for i in items]


def _controller(key: str) -> Organisation:
    found = Organisation.objects.filter(slug=key).first() if key else None
    if found is None and key.isdigit() and len(key) < 19:
        found = Organisation.objects.filter(pk=int(key)).first()
    if found is None:
        raise SumaError(_("The directory has no such controller."), field="controller")
    return found


# -- Endpoints -----------------------------------------------------------------------------

router = Router(tags=["rights"], auth=member_auth)
U = "/unions/{union_slug}/rights"
R = U + "/requests/{reference}"
D = U + "/drives/{drive_slug}"


@router.get(f"{U}/requests", response={200: list[RequestOut], **ERRORS})
@paginate(Pages)
def request_list(request: HttpRequest, union_slug: s.Slug):
    """Your own data-rights requests in the union, newest first."""
    return _Rows(selectors.request_list(union=_union(union_slug), member=request.user),
                 _request_out)


@router.post(f"{U}/requests", response={201: RequestDetailOut, **ERRORS})
def request_create(request: HttpRequest, union_slug: s.Slug, payload: RequestIn):
    """A draft request to a controller of the directory; send it, or record that you did."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.add_request", union)
    created = services.request_create(
        member=request.user, union=union, controller=_controller(payload.controller),
        kinds=payload.kinds, identification=_pairs(payload.identification),
        details=payload.details, language=payload.language)
    return 201, _fresh(created)


@router.get(R, response={200: RequestDetailOut, **ERRORS})
def request_get(request: HttpRequest, union_slug: s.Slug, reference: Reference):
    return _request_detail(_seen(request, union_slug, reference))


@router.post(f"{R}/send", response={200: RequestDetailOut, 409: s.Error, **ERRORS})
def request_send(request: HttpRequest, union_slug: s.Slug, reference: Reference):
    """Suma emails the request (a controller with an email address); once only."""
    found = _seen(request, union_slug, reference, "rights.act_on_request")
    return _fresh(services.request_send(request=found, by=request.user))


@router.post(f"{R}/mark-sent", response={200: RequestDetailOut, 409: s.Error, **ERRORS})
def request_mark_sent(request: HttpRequest, union_slug: s.Slug, reference: Reference,
                      payload: RequestMarkSentIn):
    """“I've sent it”: the letter was posted, the web form filled in or the fax sent."""
    found = _seen(request, union_slug, reference, "rights.act_on_request")
    return _fresh(services.request_mark_sent(request=found, by=request.user,
                                             sent_on=payload.sent_on,
                                             received_on=payload.received_on))


@router.post(f"{R}/acknowledge", response={200: RequestDetailOut, **ERRORS})
def request_acknowledge(request: HttpRequest, union_slug: s.Slug, reference: Reference,
                        payload: RequestDateIn):
    found = _seen(request, union_slug, reference, "rights.act_on_request")
    return _fresh(services.request_acknowledge(request=found, by=request.user, on=payload.on))


@router.post(f"{R}/extend", response={200: RequestDetailOut, **ERRORS})
def request_extend(request: HttpRequest, union_slug: s.Slug, reference: Reference,
                   payload: RequestExtendIn):
    """The controller extended the period (Art. 12(3)): in time and with reasons only."""
    found = _seen(request, union_slug, reference, "rights.act_on_request")
    return _fresh(services.request_extend(request=found, by=request.user, on=payload.on,
                                          reasons=payload.reasons))


@router.post(f"{R}/answer", response={200: RequestDetailOut, **ERRORS})
def request_answer(request: HttpRequest, union_slug: s.Slug, reference: Reference,
                   payload: RequestAnswerIn):
    """The completeness check: what the answer contained, from the request's checklist."""
    found = _seen(request, union_slug, reference, "rights.check_answer")
    return _fresh(services.request_answer(request=found, by=request.user, on=payload.on,
                                          contained=payload.contained))


@router.get(f"{U}/drives", response={200: list[DriveOut], **PUBLIC_ERRORS},
            auth=optional_auth)
@paginate(Pages)
def drive_list(request: HttpRequest, union_slug: s.Slug):
    drives = selectors.drive_list(union=_union(union_slug), viewer=request.user)
    return [_drive_out(d, sent=d.sent) for d in drives]


@router.get(D, response={200: DriveDetailOut, **PUBLIC_ERRORS}, auth=optional_auth)
def drive_get(request: HttpRequest, union_slug: s.Slug, drive_slug: s.Slug):
    return _drive_detail(request, _drive_seen(request, union_slug, drive_slug))


@router.post(f"{D}/join", response={201: RequestDetailOut, 409: s.Error, **ERRORS})
def drive_join(request: HttpRequest, union_slug: s.Slug, drive_slug: s.Slug,
               payload: DriveJoinIn):
    """Join with one click: your request, sent at once when Suma can email it."""
    drive = _drive_seen(request, union_slug, drive_slug)
    joined = services.drive_join(drive=drive, member=request.user,
                                 identification=_pairs(payload.identification))
    return 201, _fresh(joined)


@router.get(f"{D}/dashboard", response={200: RequestCountsOut, **ERRORS})
def drive_dashboard(request: HttpRequest, union_slug: s.Slug, drive_slug: s.Slug):
    """The drive's requests by where they stand (its organisers)."""
    drive = _drive_seen(request, union_slug, drive_slug)
    _forbid_unless(request, "rights.view_dashboard", drive)
    return selectors.drive_dashboard(drive=drive)


@router.post(f"{D}/letters", response={202: DriveLettersOut, 409: s.Error, **ERRORS})
def drive_letters_start(request: HttpRequest, union_slug: s.Slug, drive_slug: s.Slug):
    """Make every request's letter as a PDF, in one ZIP, in the background (its organisers);
    409 while they are being made."""
    drive = _drive_seen(request, union_slug, drive_slug)
    _forbid_unless(request, "rights.change_drive", drive)
    batch.drive_letters_start(drive=drive, by=request.user)
    return 202, _letters_out(drive)


@router.get(f"{D}/letters", response={200: DriveLettersOut, **ERRORS})
def drive_letters_progress(request: HttpRequest, union_slug: s.Slug, drive_slug: s.Slug):
    """How far the drive's printable letters are (its organisers)."""
    drive = _drive_seen(request, union_slug, drive_slug)
    _forbid_unless(request, "rights.change_drive", drive)
    return _letters_out(drive)


@router.get(f"{D}/letters.zip", response={200: None, **ERRORS},
            url_name="rights_drive_letters_zip",
            openapi_extra={"responses": {200: {
                "description": "One PDF letter per request, to print and post",
                "content": {"application/zip": {"schema": {"type": "string",
                                                           "format": "binary"}}}}}})
def drive_letters_zip(request: HttpRequest, union_slug: s.Slug, drive_slug: s.Slug):
    """The drive's printable letters, once ready (its organisers); 404 until then."""
    drive = _drive_seen(request, union_slug, drive_slug)
    _forbid_unless(request, "rights.change_drive", drive)
    progress = batch.drive_letters_progress(drive=drive)
    try:
        zipped = progress["path"].open("rb") if progress["ready"] else None
    except FileNotFoundError:  # a newer run finished just now and replaced it
        zipped = None
    if zipped is None:
        raise NotFound(_("The letters of this drive are not ready."))
    return FileResponse(zipped, as_attachment=True, filename=f"{drive.slug}-letters.zip",
                        content_type="application/zip")


@router.get(f"{U}/dashboard", response={200: list[ControllerRequestCountsOut], **ERRORS})
def controller_dashboard(request: HttpRequest, union_slug: s.Slug):
    """Every controller the union's members wrote to, their requests by where they stand."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.view_dashboard", union)
    return [{**{k: row[k] for k in selectors.BUCKETS},
             "controller": {"id": row["controller"], "name": row["name"],
                            "country": row["country"]}}
            for row in selectors.controller_dashboard(union=union)]


@router.get(f"{U}/league", response={200: list[ControllerLeagueRowOut], **ERRORS})
def league_table(request: HttpRequest, union_slug: s.Slug):
    """Controllers ranked by how fast they answer the union's members."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.view_league", union)
    rows = selectors.league_table(union=union, today=services.current_date())
    return [{"rank": n, "controller": {"id": r.controller_id, "name": r.name,
                                       "country": r.country},
             "sent": r.sent, "answered": r.answered, "median_days": r.median_days,
             "answered_in_time": r.in_time, "due": r.due, "share_in_time": r.share_in_time,
             "late": r.late} for n, r in enumerate(rows, 1)]
