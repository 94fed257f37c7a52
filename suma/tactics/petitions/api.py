"""The REST endpoints of petitions: reading them (public), signing (members with their token
or session, visitors with a pending signature confirmed from the emailed link), withdrawing,
the organisers' review queue and delivery files. Mounted at the API root by suma/api/api.py.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from suma.api import schemas as s
from suma.api.api import ERRORS, PUBLIC_ERRORS, Pages, _forbid_unless, _Rows, _union
from suma.api.auth import member_auth
from suma.core.errors import NotFound
from suma.tactics.petitions import delivery, limits, selectors, services
from suma.tactics.petitions.models import Petition, Signature

PETITION = "/unions/{union_slug}/petitions/{petition_slug}"
Text = s.NO_NUL


# -- Shapes --------------------------------------------------------------------------------

class PetitionOut(Schema):
    slug: str
    title: str
    campaign: str = Field(description="The campaign's short name")
    status: str = Field(description="draft, open, closed or delivered")
    target: str = Field(description="Who the petition is addressed to")
    opens_at: datetime | None
    closes_at: datetime | None
    signatures: int = Field(description="Valid signatures: confirmed and not withdrawn")


class MilestoneOut(Schema):
    count: int
    label: str
    reached_at: datetime | None


class CountryCountOut(Schema):
    country: str = Field(description="ISO 3166 code")
    name: str
    count: int


class PetitionDetailOut(PetitionOut):
    text: str = Field(description="Markdown")
    milestones: list[MilestoneOut]
    countries: list[CountryCountOut]
    delivered_at: datetime | None


class MemberSignIn(s.Input):
    country: str | None = Field(None, min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$",
                                description="ISO 3166 code; left out: the country of your "
                                            "last signature")


class VisitorSignIn(s.Input):
    name: str = Field(..., min_length=1, max_length=150, pattern=Text)
    email: str = Field(..., min_length=3, max_length=254, pattern=Text)
    country: str = Field(..., min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$",
                         description="ISO 3166 code")
    postcode: str = Field("", max_length=20, pattern=Text)


class SignatureOut(Schema):
    id: int
    status: str = Field(description="pending, confirmed, quarantined (held for review: shown "
                                    "to the signer as confirmed), rejected or withdrawn")
    country: str
    created_at: datetime


class PendingOut(Schema):
    status: Literal["pending"]
    detail: str


class TokenIn(s.Input):
    token: str = Field(..., min_length=1, max_length=500, pattern=Text,
                       description="From the link emailed to the signer")


class StatusOut(Schema):
    status: str
    detail: str


class HeldOut(Schema):
    id: int
    name: str
    email: str
    country: str
    suspicion: str = Field(description="Why screening held it, comma-separated")
    created_at: datetime


class ReviewIn(s.Input):
    decision: Literal["approve", "reject"]


RATE_ERRORS = {**ERRORS, 429: s.Error}
PUBLIC_WRITE_ERRORS = {400: s.Error, 404: s.Error, 422: s.ValidationErrorOut, 429: s.Error}


# -- Helpers -------------------------------------------------------------------------------

def _petition(request: HttpRequest, union_slug: str, petition_slug: str,
              perm: str = "") -> Petition:
    try:
        petition = selectors.petition_get(union_slug=union_slug, slug=petition_slug)
    except NotFound:
        _union(union_slug)  # "No such union." when that is what is missing
        raise
    if not request.user.has_perm("petitions.view_petition", petition):
        raise NotFound(_("No such petition."))
    if perm:
        _forbid_unless(request, perm, petition)
    return petition


def _summary(p: Petition, total: int | None = None) -> dict:
    if total is None:
        total = getattr(p, "signature_count", None)
        total = services.signature_total(petition=p) if total is None else total
    return {"slug": p.slug, "title": p.title, "campaign": p.campaign.slug, "status": p.status,
            "target": p.target, "opens_at": p.opens_at, "closes_at": p.closes_at,
            "signatures": total or 0}


def _detail(p: Petition) -> dict:
    return {**_summary(p, services.signature_total(petition=p)), "text": p.text,
            "milestones": [{"count": m.count, "label": m.label, "reached_at": m.reached_at}
                           for m in p.milestones.all()],
            "countries": selectors.counts_by_country(petition=p),
            "delivered_at": p.delivered_at}


def _signature_out(sig: Signature) -> dict:
    return {"id": sig.pk, "status": sig.status, "country": sig.country,
            "created_at": sig.created_at}


def _file(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_response(content_type: str, description: str) -> dict:
    return {"responses": {200: {"description": description, "content": {
        content_type: {"schema": {"type": "string", "format": "binary"}}}}}}


# -- Endpoints -----------------------------------------------------------------------------

router = Router(tags=["petitions"])


@router.get("/unions/{union_slug}/petitions", response={200: list[PetitionOut], **PUBLIC_ERRORS},
            auth=None)
@paginate(Pages)
def petition_list(request: HttpRequest, union_slug: s.Slug):
    union = _union(union_slug)
    return _Rows(selectors.petition_list(union=union), _summary)


@router.get(PETITION, response={200: PetitionDetailOut, **PUBLIC_ERRORS}, auth=None)
def petition_get(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    return _detail(_petition(request, union_slug, petition_slug))


@router.get(f"{PETITION}/countries", response={200: list[CountryCountOut], **PUBLIC_ERRORS},
            auth=None)
def petition_countries(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    return selectors.counts_by_country(petition=_petition(request, union_slug, petition_slug))


@router.post(f"{PETITION}/signatures", response={201: SignatureOut, **RATE_ERRORS},
             auth=member_auth)
def petition_sign(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug,
                  payload: MemberSignIn):
    """Sign as the member you are: your account's name and email, one click."""
    petition = _petition(request, union_slug, petition_slug)
    signature = services.petition_sign(petition=petition, user=request.user,
                                       country=payload.country or "")
    return 201, _signature_out(signature)


@router.delete(f"{PETITION}/signatures/mine", response={204: None, **ERRORS}, auth=member_auth)
def signature_withdraw(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    petition = _petition(request, union_slug, petition_slug)
    signature = services.member_signature(petition=petition, user=request.user)
    if signature is None:
        raise NotFound(_("You have not signed this petition."), code="not_signed")
    services.signature_withdraw(signature=signature, by=request.user)
    return 204, None


@router.post(f"{PETITION}/visitor-signatures", response={202: PendingOut, **PUBLIC_WRITE_ERRORS},
             auth=None)
def petition_sign_visitor(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug,
                          payload: VisitorSignIn):
    """Sign without an account: the signature waits until confirmed from the emailed link."""
    petition = _petition(request, union_slug, petition_slug)
    services.petition_sign_visitor(petition=petition, name=payload.name, email=payload.email,
                                   country=payload.country, postcode=payload.postcode,
                                   ip=limits.client_ip(request))
    return 202, {"status": "pending",
                 "detail": _("We sent an email with a link to confirm the signature.")}


@router.post(f"{PETITION}/confirmations", response={200: StatusOut, **PUBLIC_WRITE_ERRORS},
             auth=None)
def signature_confirm(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug,
                      payload: TokenIn):
    petition = _petition(request, union_slug, petition_slug)
    services.signature_confirm(petition=petition, token=payload.token)
    # A signature held for review reads as confirmed to its signer (see docs/petitions.md).
    return {"status": "confirmed", "detail": _("Your signature is confirmed. Thank you!")}


@router.post(f"{PETITION}/withdrawals", response={200: StatusOut, **PUBLIC_WRITE_ERRORS},
             auth=None)
def signature_withdraw_link(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug,
                            payload: TokenIn):
    """Withdraw with the token of the withdrawal link emailed to a visitor."""
    petition = _petition(request, union_slug, petition_slug)
    signature = services.signature_of_withdraw_token(petition=petition, token=payload.token)
    services.signature_withdraw(signature=signature)
    return {"status": "withdrawn", "detail": _("Your signature is withdrawn.")}


@router.get(f"{PETITION}/review-queue", response={200: list[HeldOut], **ERRORS},
            auth=member_auth)
@paginate(Pages)
def review_queue(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    petition = _petition(request, union_slug, petition_slug, "petitions.review_signatures")
    return _Rows(selectors.review_queue(petition=petition),
                 lambda x: {"id": x.pk, "name": x.name, "email": x.email, "country": x.country,
                            "suspicion": x.suspicion, "created_at": x.created_at})


@router.post(f"{PETITION}/review-queue/{{signature_id}}", response={200: SignatureOut, **ERRORS},
             auth=member_auth)
def signature_review(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug,
                     signature_id: s.Id, payload: ReviewIn):
    petition = _petition(request, union_slug, petition_slug, "petitions.review_signatures")
    held = Signature.objects.filter(pk=signature_id, petition=petition).first()
    if held is None:
        raise NotFound(_("No such signature."))
    return _signature_out(services.signature_review(signature=held, by=request.user,
                                                    approve=payload.decision == "approve"))


@router.post(f"{PETITION}/delivery", response={200: PetitionDetailOut, **ERRORS},
             auth=member_auth)
def petition_deliver(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    petition = _petition(request, union_slug, petition_slug, "petitions.deliver_petition")
    return _detail(services.petition_deliver(petition=petition, by=request.user))


@router.get(f"{PETITION}/letter.pdf", response={200: None, **ERRORS}, auth=member_auth,
            openapi_extra=_file_response("application/pdf", "The letter to the target"))
def petition_letter(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    petition = _petition(request, union_slug, petition_slug, "petitions.deliver_petition")
    return _file(delivery.letter_pdf(petition=petition), "application/pdf",
                 f"petition-{petition.slug}.pdf")


@router.get(f"{PETITION}/signatures.csv", response={200: None, **ERRORS}, auth=member_auth,
            openapi_extra=_file_response("text/csv", "Names and countries, no emails"))
def petition_signatures_csv(request: HttpRequest, union_slug: s.Slug, petition_slug: s.Slug):
    petition = _petition(request, union_slug, petition_slug, "petitions.deliver_petition")
    return _file(delivery.signatures_csv(petition=petition), "text/csv; charset=utf-8",
                 f"petition-{petition.slug}-signatures.csv")
