"""The REST endpoints of campaigns: the directory of targets, campaigns, grievance lists,
the timeline, the repertoire figures, and muting a campaign's news.

Thin like the rest of the API (suma/api/api.py): each handler checks the same rules as the
pages, calls a service or a selector, and shapes the answer. Mounted at the API root.
Public items (targets, launched campaigns, their demands and timeline, the repertoire) need
no authentication; a member's token or session also shows the drafts they may run.
"""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import StrictBool

from suma.api import schemas as s
from suma.api.api import ERRORS, Pages, _forbid_unless, _Rows, _union
from suma.api.auth import MemberSession, TokenAuth, member_auth
from suma.campaigns import selectors, services
from suma.campaigns.directory_data import CATEGORIES
from suma.campaigns.models import (
    SYSTEM_EVENTS,
    Campaign,
    CampaignStatus,
    Demand,
    DemandStatus,
    OrganisationKind,
)
from suma.campaigns.rules import owner_chapters
from suma.core.errors import NotFound, SumaError


def _anyone(request: HttpRequest) -> bool:
    """Public endpoints: everyone passes; a token or session, when given, says who it is."""
    return True


optional_auth = [TokenAuth(), MemberSession(), _anyone]
router = Router(tags=["campaigns"])
PUBLIC = {**ERRORS}
# Creating or renaming can clash with what exists (a name already taken): 409.
CONFLICT_ERRORS = {**ERRORS, 409: s.Error}
Text = Annotated[str, Field(max_length=2000, pattern=s.NO_NUL)]
# What services._url accepts (the schema may be stricter, never looser): a schema-valid
# address is never refused. No control characters: Python's \s (the services' check) counts
# \x1c-\x1f and \x85 as spaces, the schema's dialect does not, so \S alone admitted them.
Url = Annotated[str, Field(max_length=200, pattern=r"^(https?://[^\s/$.?#\x00-\x1f\x7f-\x9f]"
                                                   r"[^\s\x00-\x1f\x7f-\x9f]+)?$")]
CAMPAIGN = "/unions/{union_slug}/campaigns/{campaign_slug}"
Category = Enum("Category", {c.replace(" ", "_"): c for c in CATEGORIES}, type=str)


# -- Shapes --------------------------------------------------------------------------------

class RequiredElementOut(Schema):
    desc: str = Field(description="What to give, as the controller words it")
    type: str = Field(description="name, email, address, birthdate, input or textarea")
    optional: bool


class BranchOut(Schema):
    slug: str
    relevant_countries: list[str]
    email: str
    webform: str
    phone: str
    fax: str
    postal_address: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    country: str = Field(description="ISO 3166 code of establishment; empty when it acts "
                                     "worldwide")
    website: str
    email: str
    postal_address: str
    contacts: str
    is_controller: bool = Field(description="Takes data-rights requests")
    webform: str
    phone: str
    fax: str
    slug: str = Field(description="The source's key (e.g. datenanfragen's); empty when added "
                                  "by hand")
    source: str = Field(description="\"datenanfragen\", or empty when added by hand")
    relevant_countries: list[str] = Field(description="Upper-case ISO codes, or \"all\"")
    categories: list[str]
    runs: list[str] = Field(description="Brands and services it is responsible for")
    request_language: str = Field(description="ISO 639-1 code for data-rights requests")
    complaint_language: str = Field(description="ISO 639-1 code for complaints (authorities)")
    required_elements: list[RequiredElementOut] = Field(
        description="The identification a request must give")
    needs_id_document: bool
    suggested_transport: str = Field(description="email, letter, fax or webform")
    quality: str = Field(description="The source's: tested, verified, imported or scraped")
    sources: list[str]
    branches: list[BranchOut] = Field(description="Records of the source with the same name "
                                                  "and country: contacts for other countries")


class OrganisationIn(s.Input):
    name: str = Field(..., min_length=1, max_length=200, pattern=s.NOT_BLANK)
    kind: OrganisationKind
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    website: Url = ""
    email: str = Field("", max_length=254, pattern=s.EMAIL_OR_EMPTY)
    postal_address: Text = ""
    contacts: str = Field("", max_length=4000, pattern=s.NO_NUL)
    is_controller: StrictBool = False
    webform: Url = ""
    phone: str = Field("", max_length=50, pattern=s.NO_NUL)


class OrganisationPatch(s.Input):
    name: str | None = Field(None, min_length=1, max_length=200, pattern=s.NOT_BLANK)
    kind: OrganisationKind | None = None
    country: str | None = Field(None, pattern=r"^([A-Za-z]{2})?$")
    website: Url | None = None
    email: str | None = Field(None, max_length=254, pattern=s.EMAIL_OR_EMPTY)
    postal_address: Text | None = None
    contacts: str | None = Field(None, max_length=4000, pattern=s.NO_NUL)
    is_controller: StrictBool | None = None
    webform: Url | None = None
    phone: str | None = Field(None, max_length=50, pattern=s.NO_NUL)


class RepresentativeOut(Schema):
    id: int
    name: str
    office: str
    body: str
    region: str = Field(description="Constituency or region; empty: elected nationally")
    country: str
    email: str
    postal_address: str
    webform: str
    party: str


class TargetOut(Schema):
    id: int
    name: str
    kind: str
    country: str


class CampaignOut(Schema):
    slug: str
    title: str
    summary: str
    status: str
    url: str = Field(description="The public page, site-relative")
    targets: list[TargetOut]
    chapters: list[str] = Field(description="Owner chapters' slugs; empty: the whole union")
    launched_at: datetime | None
    ended_at: datetime | None


class CampaignDetailOut(CampaignOut):
    description: str = Field(description="Markdown")
    muted: bool = Field(description="Whether you stopped this campaign's news")


class CampaignIn(s.Input):
    title: str = Field(..., min_length=1, max_length=200, pattern=s.NOT_BLANK)
    slug: str = Field("", pattern=r"^([a-z0-9]+(-[a-z0-9]+)*)?$", max_length=50,
                      description="Left out: made from the title")
    summary: str = Field("", max_length=300, pattern=s.NO_NUL)
    description: str = Field("", max_length=20000, pattern=s.NO_NUL, description="Markdown")
    targets: list[s.Id] = Field([], max_length=50, description="Organisation ids")
    chapters: list[s.Slug] = Field([], max_length=50, description="Owner chapters' slugs")


class CampaignPatch(s.Input):
    title: str | None = Field(None, min_length=1, max_length=200, pattern=s.NOT_BLANK)
    summary: str | None = Field(None, max_length=300, pattern=s.NO_NUL)
    description: str | None = Field(None, max_length=20000, pattern=s.NO_NUL)
    targets: list[s.Id] | None = Field(None, max_length=50)
    chapters: list[s.Slug] | None = Field(None, max_length=50)


class StatusIn(s.Input):
    status: CampaignStatus = Field(description="draft → active (the launch); active → "
                                               "paused, won, lost; paused → active, won, "
                                               "lost; won or lost → active")
    note: Text = ""


class DemandEventOut(Schema):
    status: str
    on: date
    note: str
    evidence_url: str
    proposal: int | None = Field(description="The proposal whose passing adopted it")


class DemandOut(Schema):
    id: int
    code: str = Field(description="Section code and number, e.g. B2")
    number: int
    text: str
    status: str
    history: list[DemandEventOut]


class SectionOut(Schema):
    id: int
    code: str
    title: str
    demands: list[DemandOut]


class SectionIn(s.Input):
    code: str = Field(..., min_length=1, max_length=10, pattern=s.NOT_BLANK)
    title: str = Field(..., min_length=1, max_length=300, pattern=s.NOT_BLANK)


class DemandIn(s.Input):
    text: str = Field(..., min_length=1, max_length=2000, pattern=s.NOT_BLANK)
    number: int | None = Field(None, ge=1, le=999, description="Left out: the next number")


class DemandStatusIn(s.Input):
    status: DemandStatus
    on: date | None = Field(None, description="Left out: today")
    note: Text = ""
    evidence_url: Url = ""


class EventOut(Schema):
    id: int
    kind: str
    system: bool = Field(description="Recorded by Suma itself, not by an organiser")
    happened_at: datetime
    title: str
    body: str = Field(description="Markdown")
    link: str


class EventIn(s.Input):
    kind: str = Field(..., pattern=r"^(response|press|outcome|note)$",
                      description="response, press, outcome or note")
    title: str = Field(..., min_length=1, max_length=300, pattern=s.NOT_BLANK)
    body: str = Field("", max_length=10000, pattern=s.NO_NUL)
    link: Url = ""
    happened_at: datetime | None = Field(None, description="Left out: now")


class TacticUseOut(Schema):
    tactic: str
    tactic_label: str
    title: str
    url: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    figures: dict[str, int | float]
    labels: dict[str, str]
    succeeded: bool | None
    series: list[tuple[date, int]] = Field(description="Cumulative count per day")


class OutcomesOut(Schema):
    total: int
    now: dict[str, int] = Field(description="Demands per status today")
    rows: list[tuple[date, dict[str, int]]] = Field(
        description="Demands per status on each day one changed")


class CampaignRepertoireOut(Schema):
    uses: list[TacticUseOut]
    outcomes: OutcomesOut


class TacticFiguresOut(Schema):
    key: str
    label: str
    uses: int
    succeeded: int
    failed: int
    running: int
    success_rate: float | None = Field(description="Percent of decided uses that reached "
                                                   "their goal")
    campaigns: int
    demands: int
    demands_met: int
    demands_refused: int


class CampaignFiguresOut(Schema):
    slug: str
    title: str
    status: str
    uses: int
    demands: int
    met: int
    refused: int


class UnionRepertoireOut(Schema):
    tactics: list[TacticFiguresOut]
    campaigns: list[CampaignFiguresOut]
    outcomes: OutcomesOut


class MuteOut(Schema):
    muted: bool


# -- Helpers -------------------------------------------------------------------------------

_ORGANISATION_OUT = ("name", "kind", "country", "website", "email", "postal_address",
                     "contacts", "is_controller", "webform", "phone", "fax", "slug", "source",
                     "relevant_countries", "categories", "runs", "request_language",
                     "complaint_language", "required_elements", "needs_id_document",
                     "suggested_transport", "quality", "sources", "branches")
_BRANCH = {"slug": "", "relevant_countries": [], "email": "", "webform": "", "phone": "",
           "fax": "", "postal_address": ""}


def _organisation_out(o) -> dict:
    found = {"id": o.pk, **{f: getattr(o, f) for f in _ORGANISATION_OUT}}
    found["branches"] = [_BRANCH | b for b in o.branches]
    return found


def _representative_out(r) -> dict:
    return {"id": r.pk, "name": r.name, "office": r.office, "body": r.body, "region": r.region,
            "country": r.country, "email": r.email, "postal_address": r.postal_address,
            "webform": r.webform, "party": r.party}


def _campaign_out(c: Campaign) -> dict:
    return {"slug": c.slug, "title": c.title, "summary": c.summary, "status": c.status,
            "url": c.get_absolute_url(),
            "targets": [{"id": t.pk, "name": t.name, "kind": t.kind, "country": t.country}
                        for t in c.targets.all()],
            "chapters": [ch.slug for ch in c.chapters.all()],
            "launched_at": c.launched_at, "ended_at": c.ended_at}


def _campaign_detail(request: HttpRequest, c: Campaign) -> dict:
    return {**_campaign_out(c), "description": c.description,
            "muted": selectors.is_muted(campaign=c, user=request.user)}


def _campaign(request: HttpRequest, union_slug: str, campaign_slug: str,
              perm: str = "campaigns.view_campaign") -> Campaign:
    campaign = selectors.campaign_get(union=_union(union_slug), slug=campaign_slug)
    if not request.user.has_perm("campaigns.view_campaign", campaign):
        raise NotFound(_("No such campaign."))  # a draft stays unknown to outsiders
    _forbid_unless(request, perm, campaign)
    return campaign


def _targets(ids: list[int]) -> list:
    from suma.campaigns.models import Organisation

    found = Organisation.objects.in_bulk(ids)
    if len(found) != len(set(ids)):
        raise SumaError(_("No such organisation in the directory."), field="targets")
    return [found[i] for i in dict.fromkeys(ids)]


def _owner_chapters(request: HttpRequest, union, slugs: list[str], campaign=None) -> list:
    allowed = {c.slug: c for c in owner_chapters(request.user, union, campaign)}
    unknown = [slug for slug in slugs if slug not in allowed]
    if unknown:
        raise SumaError(_("You may only name chapters you organise as owners."),
                        field="chapters")
    return [allowed[slug] for slug in dict.fromkeys(slugs)]


def _demand_out(d: Demand) -> dict:
    return {"id": d.pk, "code": d.code, "number": d.number, "text": d.text,
            "status": d.status,
            "history": [{"status": e.status, "on": e.on, "note": e.note,
                         "evidence_url": e.evidence_url, "proposal": e.proposal_id}
                        for e in d.history.all()]}


def _sections_out(campaign: Campaign) -> list[dict]:
    return [{"id": sec.pk, "code": sec.code, "title": sec.title,
             "demands": [_demand_out(d) for d in sec.demands.all()]}
            for sec in selectors.grievance_list(campaign=campaign)]


def _event_out(e) -> dict:
    return {"id": e.pk, "kind": e.kind, "system": e.kind in SYSTEM_EVENTS,
            "happened_at": e.happened_at, "title": e.title, "body": e.body, "link": e.link}


def _outcomes_out(outcomes: dict) -> dict:
    return {"total": outcomes["total"], "now": outcomes["now"], "rows": outcomes["rows"]}


# -- The directory of targets ----------------------------------------------------------------

@router.get("/organisations", response={200: list[OrganisationOut], **PUBLIC}, auth=None,
            tags=["targets"])
@paginate(Pages)
def organisation_list(request: HttpRequest,
                      q: Annotated[str, Query(max_length=100, pattern=s.NO_NUL)] = "",
                      kind: OrganisationKind | None = None,
                      country: Annotated[str, Query(pattern=r"^([A-Za-z]{2})?$")] = "",
                      category: Category | None = None,
                      controller: Annotated[bool | None, Query(
                          description="true: only those that take data-rights requests; "
                                      "false: only those that do not")] = None):
    """The directory: search by name, slug or what it runs (\"facebook\" finds Meta),
    contacts or website; filter by kind, country of establishment, category."""
    return _Rows(selectors.organisation_list(q=q.strip(), kind=kind or "", country=country,
                                             category=category.value if category else "",
                                             controller=controller),
                 _organisation_out)


@router.get("/representatives", response={200: list[RepresentativeOut], **PUBLIC}, auth=None,
            tags=["targets"])
@paginate(Pages)
def representative_list(request: HttpRequest,
                        q: Annotated[str, Query(max_length=100, pattern=s.NO_NUL)] = "",
                        country: Annotated[str, Query(pattern=r"^([A-Za-z]{2})?$")] = "",
                        region: Annotated[str, Query(max_length=200, pattern=s.NO_NUL,
                                                     description="Any case, with or without "
                                                                 "accents")] = "",
                        body: Annotated[str, Query(max_length=200, pattern=s.NO_NUL)] = "",
                        party: Annotated[str, Query(max_length=200, pattern=s.NO_NUL)] = ""):
    """Members of parliaments and regulators' offices, for letters."""
    return _Rows(selectors.representative_list(q=q.strip(), country=country,
                                               region=region.strip(), body=body.strip(),
                                               party=party.strip()), _representative_out)


@router.post("/organisations", response={201: OrganisationOut, **CONFLICT_ERRORS}, auth=member_auth,
             tags=["targets"])
def organisation_create(request: HttpRequest, payload: OrganisationIn):
    _forbid_unless(request, "campaigns.add_organisation", None)
    organisation = services.organisation_create(by=request.user, **payload.dict())
    return 201, _organisation_out(organisation)


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **PUBLIC},
            auth=None, tags=["targets"])
def organisation_get(request: HttpRequest, organisation_id: s.Id):
    return _organisation_out(selectors.organisation_get(pk=organisation_id))


@router.patch("/organisations/{organisation_id}",
              response={200: OrganisationOut, **CONFLICT_ERRORS}, auth=member_auth,
              tags=["targets"])
def organisation_update(request: HttpRequest, organisation_id: s.Id,
                        payload: OrganisationPatch):
    organisation = selectors.organisation_get(pk=organisation_id)
    _forbid_unless(request, "campaigns.change_organisation", organisation)
    services.organisation_update(organisation=organisation, by=request.user,
                                 **payload.dict(exclude_none=True))
    return _organisation_out(organisation)


# -- Campaigns -------------------------------------------------------------------------------

@router.get("/unions/{union_slug}/campaigns", response={200: list[CampaignOut], **PUBLIC},
            auth=optional_auth)
@paginate(Pages)
def campaign_list(request: HttpRequest, union_slug: s.Slug,
                  status: CampaignStatus | None = None):
    union = _union(union_slug)
    drafts = request.user.has_perm("campaigns.view_drafts", union)
    found = selectors.campaign_list(union=union, drafts=drafts, status=status or "")
    if drafts:
        editable = [c.pk for c in found.filter(status=CampaignStatus.DRAFT)
                    if request.user.has_perm("campaigns.change_campaign", c)]
        found = found.exclude(status=CampaignStatus.DRAFT) | found.filter(pk__in=editable)
    return _Rows(found, _campaign_out)


@router.post("/unions/{union_slug}/campaigns", response={201: CampaignDetailOut, **CONFLICT_ERRORS},
             auth=member_auth)
def campaign_create(request: HttpRequest, union_slug: s.Slug, payload: CampaignIn):
    union = _union(union_slug)
    _forbid_unless(request, "campaigns.add_campaign", union)
    campaign = services.campaign_create(
        union=union, by=request.user, title=payload.title, slug=payload.slug,
        summary=payload.summary, description=payload.description,
        targets=_targets(payload.targets),
        chapters=_owner_chapters(request, union, payload.chapters))
    return 201, _campaign_detail(request, campaign)


@router.get(CAMPAIGN, response={200: CampaignDetailOut, **PUBLIC}, auth=optional_auth)
def campaign_get(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug):
    return _campaign_detail(request, _campaign(request, union_slug, campaign_slug))


@router.patch(CAMPAIGN, response={200: CampaignDetailOut, **CONFLICT_ERRORS}, auth=member_auth)
def campaign_update(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
                    payload: CampaignPatch):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    services.campaign_update(
        campaign=campaign, by=request.user, title=payload.title, summary=payload.summary,
        description=payload.description,
        targets=_targets(payload.targets) if payload.targets is not None else None,
        chapters=(_owner_chapters(request, campaign.union, payload.chapters, campaign)
                  if payload.chapters is not None else None))
    return _campaign_detail(request, campaign)


@router.post(f"{CAMPAIGN}/status", response={200: CampaignDetailOut, **ERRORS},
             auth=member_auth)
def campaign_status(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
                    payload: StatusIn):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    services.campaign_status_set(campaign=campaign, by=request.user, status=payload.status,
                                 note=payload.note)
    return _campaign_detail(request, campaign)


# -- Grievance lists -------------------------------------------------------------------------

@router.get(f"{CAMPAIGN}/sections", response={200: list[SectionOut], **PUBLIC},
            auth=optional_auth)
def section_list(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug):
    return _sections_out(_campaign(request, union_slug, campaign_slug))


@router.post(f"{CAMPAIGN}/sections", response={201: SectionOut, **CONFLICT_ERRORS},
             auth=member_auth)
def section_create(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
                   payload: SectionIn):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    section = services.section_create(campaign=campaign, code=payload.code,
                                      title=payload.title)
    return 201, {"id": section.pk, "code": section.code, "title": section.title,
                 "demands": []}


@router.post(f"{CAMPAIGN}/sections/{{section_id}}/demands",
             response={201: DemandOut, **CONFLICT_ERRORS}, auth=member_auth)
def demand_create(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
                  section_id: s.Id, payload: DemandIn):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    section = selectors.section_get(campaign=campaign, pk=section_id)
    demand = services.demand_create(section=section, text=payload.text,
                                    number=payload.number, by=request.user)
    return 201, _demand_out(demand)


@router.get(f"{CAMPAIGN}/demands/{{demand_id}}", response={200: DemandOut, **PUBLIC},
            auth=optional_auth)
def demand_get(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
               demand_id: s.Id):
    campaign = _campaign(request, union_slug, campaign_slug)
    return _demand_out(selectors.demand_get(campaign=campaign, pk=demand_id))


@router.post(f"{CAMPAIGN}/demands/{{demand_id}}/status", response={200: DemandOut, **ERRORS},
             auth=member_auth)
def demand_status(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
                  demand_id: s.Id, payload: DemandStatusIn):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    demand = selectors.demand_get(campaign=campaign, pk=demand_id)
    services.demand_status_set(demand=demand, by=request.user, status=payload.status,
                               on=payload.on, note=payload.note,
                               evidence_url=payload.evidence_url)
    return _demand_out(selectors.demand_get(campaign=campaign, pk=demand_id))


# -- The timeline ----------------------------------------------------------------------------

@router.get(f"{CAMPAIGN}/timeline", response={200: list[EventOut], **PUBLIC},
            auth=optional_auth)
@paginate(Pages)
def timeline_list(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug):
    return _Rows(selectors.timeline(campaign=_campaign(request, union_slug, campaign_slug)),
                 _event_out)


@router.post(f"{CAMPAIGN}/timeline", response={201: EventOut, **ERRORS}, auth=member_auth)
def timeline_add(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug,
                 payload: EventIn):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    if payload.happened_at is not None and payload.happened_at > timezone.now():
        raise SumaError(_("An event cannot happen in the future."), field="happened_at")
    event = services.timeline_event_add(campaign=campaign, kind=payload.kind,
                                        title=payload.title, body=payload.body,
                                        link=payload.link, by=request.user,
                                        happened_at=payload.happened_at)
    return 201, _event_out(event)


# -- The repertoire --------------------------------------------------------------------------

@router.get(f"{CAMPAIGN}/repertoire", response={200: CampaignRepertoireOut, **PUBLIC},
            auth=optional_auth, tags=["repertoire"])
def campaign_repertoire(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug):
    found = selectors.campaign_repertoire(
        campaign=_campaign(request, union_slug, campaign_slug))
    uses = []
    for entry in found["uses"]:
        u = entry["use"]
        uses.append({"tactic": u.tactic, "tactic_label": str(entry["label"]), "title": u.title,
                     "url": u.url, "status": str(u.status), "started_at": u.started_at,
                     "ended_at": u.ended_at, "figures": dict(u.figures),
                     "labels": {k: str(v) for k, v in u.labels.items()},
                     "succeeded": u.succeeded, "series": list(u.series)})
    return {"uses": uses, "outcomes": _outcomes_out(found["outcomes"])}


@router.get("/unions/{union_slug}/repertoire", response={200: UnionRepertoireOut, **PUBLIC},
            auth=None, tags=["repertoire"])
def union_repertoire(request: HttpRequest, union_slug: s.Slug):
    found = selectors.union_repertoire(union=_union(union_slug))
    return {"tactics": [{**t, "label": str(t["label"])} for t in found["tactics"]],
            "campaigns": [{"slug": r["campaign"].slug, "title": r["campaign"].title,
                           "status": r["campaign"].status, "uses": r["uses"],
                           "demands": r["demands"], "met": r["met"], "refused": r["refused"]}
                          for r in found["campaigns"]],
            "outcomes": _outcomes_out(found["outcomes"])}


# -- Muting a campaign's news ------------------------------------------------------------------

@router.put(f"{CAMPAIGN}/mute", response={200: MuteOut, **ERRORS}, auth=member_auth)
def campaign_mute(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.follow_campaign")
    services.campaign_mute(campaign=campaign, user=request.user)
    return {"muted": True}


@router.delete(f"{CAMPAIGN}/mute", response={200: MuteOut, **ERRORS}, auth=member_auth)
def campaign_unmute(request: HttpRequest, union_slug: s.Slug, campaign_slug: s.Slug):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.follow_campaign")
    services.campaign_unmute(campaign=campaign, user=request.user)
    return {"muted": False}

