"""The REST endpoints of escalation: a follow-up to an incomplete answer, complaints (drafted
from a request, lodged with their date, downloaded as their PDF bundle), the union's Art.
80(1) mandate (its text, a member's consent and its revocation), and collective dossiers.
Mounted at the API root by suma/api/api.py; the same rules as the pages
(suma.rights.escalation_rules)."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from suma.api import schemas as s
from suma.api.api import ERRORS, _forbid_unless, _union
from suma.api.auth import member_auth
from suma.core.errors import Conflict, NotFound
from suma.rights import escalation
from suma.rights import escalation_selectors as selectors
from suma.rights.models import Complaint, DataRequest, Mandate, MandateText

RIGHTS = "/unions/{union_slug}/rights"
REQUEST = RIGHTS + "/requests/{reference}"
COMPLAINT = RIGHTS + "/complaints/{complaint_id}"
Reference = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=20)]
AuthorityKey = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100,
                                    description="The authority's key in the directory, e.g. "
                                                "iedpc; left out: the one Suma proposes")]
WRITE_ERRORS = {**ERRORS, 409: s.Error}


# -- Shapes --------------------------------------------------------------------------------

class FollowUpOut(Schema):
    id: int
    on: date
    channel: Literal["email", "letter"] = Field(
        description="email: Suma sent it to the controller, Reply-To and a copy to you; "
                    "letter: print the PDF and post it")
    sent_to: str = Field(description="The controller's email address, for email")
    pdf_url: str = Field(description="The letter as a PDF (a page of the site)")


class AuthorityOut(Schema):
    slug: str
    name: str
    country: str
    email: str
    webform: str
    postal_address: str
    proposed: bool = Field(description="The lead authority Suma proposes for this controller")


class ComplaintOut(Schema):
    id: int
    status: Literal["draft", "lodged"]
    collective: bool = Field(description="A dossier the union lodges for its mandated members")
    controller: str
    authority: str = Field(description="The authority's key in the directory")
    authority_name: str
    language: str = Field(description="The language of its letters")
    drafted_on: date | None
    lodged_on: date | None
    requests: int = Field(description="How many requests it covers")
    references: list[str] = Field(description="Their references (a dossier's first 1,000)")
    pdf_ready: bool = Field(description="False while a dossier's PDF is being made")


class ComplaintDraftIn(s.Input):
    authority: AuthorityKey | None = None


class LodgeIn(s.Input):
    on: date = Field(description="The day the complaint was sent to the authority")


class DossierIn(s.Input):
    controller_id: s.Id = Field(description="The controller's id in the directory")
    authority: AuthorityKey | None = None


class MandateTextIn(s.Input):
    text: str = Field(..., min_length=1, max_length=escalation.MAX_MANDATE_TEXT,
                      pattern=s.NOT_BLANK)


class MandateTextOut(Schema):
    version: int
    text: str
    published_at: datetime


class MandateGiveIn(s.Input):
    text_version: int = Field(..., ge=1, le=2**31 - 1,
                              description="The version of the text you read: the current one")


class MandateOut(Schema):
    id: int
    version: int = Field(description="The version of the text consented to")
    consented_at: datetime
    revoked_at: datetime | None


class MandateStateOut(Schema):
    current: MandateTextOut | None = Field(description="The text members consent to now")
    mine: MandateOut | None = Field(description="Your mandate in force")
    history: list[MandateOut]


# -- Helpers -------------------------------------------------------------------------------

def _request(request: HttpRequest, union_slug: str, reference: str, perm: str) -> DataRequest:
    found = selectors.request_get(union=_union(union_slug), reference=reference)
    if not (request.user.has_perm(perm, found)
            or request.user.has_perm("rights.view_request", found)):
        raise NotFound(_("No such request."))
    _forbid_unless(request, perm, found)
    return found


def _complaint(request: HttpRequest, union_slug: str, complaint_id: int,
               perm: str = "rights.view_complaint") -> Complaint:
    found = selectors.complaint_get(union=_union(union_slug), pk=complaint_id)
    if not request.user.has_perm("rights.view_complaint", found):
        raise NotFound(_("No such complaint."))
    _forbid_unless(request, perm, found)
    return found


def _authority(slug: str | None):
    return selectors.authority_get(slug=slug) if slug else None


def _complaint_out(complaint: Complaint) -> dict:
    references = list(complaint.requests.order_by("reference")
                      .values_list("reference", flat=True)[:1000])
    return {"id": complaint.pk, "status": complaint.status, "collective": complaint.collective,
            "controller": complaint.controller.name, "authority": complaint.authority.slug,
            "authority_name": complaint.authority.name, "language": complaint.language,
            "drafted_on": complaint.drafted_on, "lodged_on": complaint.lodged_on,
            "requests": complaint.requests.count(), "references": references,
            "pdf_ready": bool(complaint.file) or not complaint.collective}


def _mandate_out(mandate: Mandate) -> dict:
    return {"id": mandate.pk, "version": mandate.text.version,
            "consented_at": mandate.consented_at, "revoked_at": mandate.revoked_at}


def _text_out(text: MandateText) -> dict:
    return {"version": text.version, "text": text.text, "published_at": text.created_at}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


PDF_RESPONSE = {"responses": {200: {"description": "The PDF bundle", "content": {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}}


# -- Endpoints -----------------------------------------------------------------------------

router = Router(tags=["escalation"])


@router.post(f"{REQUEST}/follow-ups", response={201: FollowUpOut, **WRITE_ERRORS},
             auth=member_auth)
def follow_up_send(request: HttpRequest, union_slug: s.Slug, reference: Reference):
    """Ask the controller for what its incomplete answer lacked (once a day at most)."""
    found = _request(request, union_slug, reference, "rights.send_follow_up")
    event = escalation.request_follow_up(request=found, by=request.user)
    email = found.controller.email
    return 201, {"id": event.pk, "on": event.on, "channel": "email" if email else "letter",
                 "sent_to": email, "pdf_url": reverse("followup_pdf", args=[
                     found.union.slug, found.reference, event.pk])}


@router.get(f"{REQUEST}/authorities", response={200: list[AuthorityOut], **ERRORS},
            auth=member_auth)
def authority_list(request: HttpRequest, union_slug: s.Slug, reference: Reference):
    """Every supervisory authority of the directory, the one Suma proposes marked."""
    found = _request(request, union_slug, reference, "rights.draft_complaint")
    authorities = selectors.authority_list()
    proposed = selectors.authority_propose(controller=found.controller, authorities=authorities)
    return [{"slug": a.slug, "name": a.name, "country": a.country, "email": a.email,
             "webform": a.webform, "postal_address": a.postal_address,
             "proposed": proposed is not None and a.pk == proposed.pk} for a in authorities]


@router.post(f"{REQUEST}/complaints", response={201: ComplaintOut, **WRITE_ERRORS},
             auth=member_auth)
def complaint_draft(request: HttpRequest, union_slug: s.Slug, reference: Reference,
                    payload: ComplaintDraftIn):
    """Draft a complaint about an overdue, reminded or incompletely answered request (the
    same draft again if there is one)."""
    found = _request(request, union_slug, reference, "rights.draft_complaint")
    complaint = escalation.complaint_draft(request=found, by=request.user,
                                           authority=_authority(payload.authority))
    return 201, _complaint_out(complaint)


@router.get(COMPLAINT, response={200: ComplaintOut, **ERRORS}, auth=member_auth)
def complaint_get(request: HttpRequest, union_slug: s.Slug, complaint_id: s.Id):
    return _complaint_out(_complaint(request, union_slug, complaint_id))


@router.post(f"{COMPLAINT}/lodge", response={200: ComplaintOut, **WRITE_ERRORS},
             auth=member_auth)
def complaint_lodge(request: HttpRequest, union_slug: s.Slug, complaint_id: s.Id,
                    payload: LodgeIn):
    """Record the day the complaint went to the authority."""
    complaint = _complaint(request, union_slug, complaint_id, "rights.lodge_complaint")
    return _complaint_out(escalation.complaint_lodge(complaint=complaint, by=request.user,
                                                     on=payload.on))


@router.get(f"{COMPLAINT}/complaint.pdf", response={200: None, **WRITE_ERRORS},
            auth=member_auth, openapi_extra=PDF_RESPONSE)
def complaint_pdf(request: HttpRequest, union_slug: s.Slug, complaint_id: s.Id):
    """The PDF bundle: as lodged, or the draft as it stands (409 while a dossier's is made)."""
    complaint = _complaint(request, union_slug, complaint_id)
    if complaint.file:
        with complaint.file.open("rb") as stored:
            return _pdf(stored.read(), f"complaint-{complaint.pk}.pdf")
    if complaint.collective:
        raise Conflict(_("The dossier's PDF is still being made: try again in a moment."),
                       code="not_ready")
    content, _ids = selectors.complaint_pdf_render(complaint=complaint)
    return _pdf(content, f"complaint-{complaint.pk}.pdf")


@router.get(f"{RIGHTS}/mandate", response={200: MandateStateOut, **ERRORS}, auth=member_auth)
def mandate_get(request: HttpRequest, union_slug: s.Slug):
    """The union's mandate text, and your mandates."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.view_mandate", union)
    current = selectors.mandate_text_current(union=union)
    live = selectors.mandate_live(union=union, member=request.user)
    return {"current": _text_out(current) if current else None,
            "mine": _mandate_out(live) if live else None,
            "history": [_mandate_out(m) for m in
                        selectors.mandate_history(union=union, member=request.user)]}


@router.post(f"{RIGHTS}/mandate-texts", response={201: MandateTextOut, **WRITE_ERRORS},
             auth=member_auth)
def mandate_text_publish(request: HttpRequest, union_slug: s.Slug, payload: MandateTextIn):
    """Publish a new version of the mandate text (stewards)."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.publish_mandate_text", union)
    return 201, _text_out(escalation.mandate_text_publish(union=union, by=request.user,
                                                          text=payload.text))


@router.post(f"{RIGHTS}/mandates", response={201: MandateOut, **WRITE_ERRORS},
             auth=member_auth)
def mandate_give(request: HttpRequest, union_slug: s.Slug, payload: MandateGiveIn):
    """Give your consent, dated now, to the version of the text you read (the current one)."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.give_mandate", union)
    return 201, _mandate_out(escalation.mandate_give(union=union, member=request.user,
                                                     text_version=payload.text_version))


@router.post(f"{RIGHTS}/mandates/mine/revoke", response={200: MandateOut, **WRITE_ERRORS},
             auth=member_auth)
def mandate_revoke(request: HttpRequest, union_slug: s.Slug):
    """Revoke your mandate: no later complaint includes your requests."""
    union = _union(union_slug)
    live = selectors.mandate_live(union=union, member=request.user)
    if live is None:
        raise NotFound(_("You have no mandate in force to revoke."), code="no_mandate")
    _forbid_unless(request, "rights.revoke_mandate", live)
    return _mandate_out(escalation.mandate_revoke(mandate=live, by=request.user))


@router.post(f"{RIGHTS}/dossiers", response={201: ComplaintOut, **WRITE_ERRORS},
             auth=member_auth)
def dossier_build(request: HttpRequest, union_slug: s.Slug, payload: DossierIn):
    """Build the collective complaint about a controller (organisers and stewards)."""
    union = _union(union_slug)
    _forbid_unless(request, "rights.build_dossier", union)
    controller = selectors.controller_get(pk=payload.controller_id)
    complaint = escalation.dossier_build(union=union, controller=controller, by=request.user,
                                         authority=_authority(payload.authority))
    return 201, _complaint_out(complaint)
