"""The REST endpoints of letters to representatives: letter campaigns (public once open; the
organisers write, open and close them), where the caller lives, their representatives in a
campaign, their letter to each (draft, the identikit check, sending once), replies and the
"did they reply?" questionnaire. Thin like the rest of the API (suma/api/api.py)."""

import enum
from datetime import date, datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from suma.api import schemas as s
from suma.api.api import ERRORS, PUBLIC_ERRORS, Pages, _forbid_unless, _Rows, _union
from suma.api.auth import member_auth
from suma.campaigns.models import Campaign
from suma.core.errors import NotFound, SumaError
from suma.tactics.letters import selectors, services, similarity
from suma.tactics.letters.models import Letter, LetterCampaign
from suma.tactics.letters.printing import letter_pdf_bytes
from suma.tactics.petitions.countries import CODES

L = "/unions/{union_slug}/letter-campaigns"
LC = L + "/{letter_campaign_id}"
MINE = LC + "/representatives/{representative_id}/letter"
LETTER = LC + "/letters/{letter_id}"
Text = s.NO_NUL
# The ISO 3166 codes Suma knows: the schema lists them, so a valid request is never refused.
Country = enum.StrEnum("Country", {code: code for code in sorted(CODES)})


def _anyone(request: HttpRequest) -> bool:
    """Public reads: a token or the session when given (organisers then see drafts)."""
    return True


optional_auth = [*member_auth, _anyone]


# -- Shapes --------------------------------------------------------------------------------

class LetterCampaignIn(s.Input):
    title: str = Field(..., min_length=1, max_length=200, pattern=s.NOT_BLANK)
    subject: str = Field(..., min_length=1, max_length=200, pattern=s.NOT_BLANK,
                         description="May hold merge fields, like the template")
    template: str = Field(..., min_length=1, max_length=20000, pattern=s.NOT_BLANK,
                          description="The letter members start from; merge fields such as "
                                      "{representative_name} and {member_name}")
    talking_points: list[Annotated[str, Field(max_length=500, pattern=Text)]] = Field(
        [], max_length=services.MAX_POINTS, description="One point each, shown beside letters")
    country: Country | Literal[""] = Field("", description="ISO 3166 code of the "
                                                          "representatives; empty: each "
                                                          "member's own country")
    body: str = Field("", max_length=200, pattern=Text,
                      description="The parliament, council or office; empty: any")


class LetterCampaignCreateIn(LetterCampaignIn):
    campaign: s.Slug = Field(description="The campaign's short name")


class CountsOut(Schema):
    sent: int
    by_email: int
    by_post: int
    representatives: int
    replied: int = Field(description="Letters with a reply recorded, or a “yes” to the "
                                     "questionnaire")
    no_reply: int
    not_yet: int
    asked: int = Field(description="Letters whose questionnaire was sent")


class RepresentativeCountOut(Schema):
    representative_id: int | None
    name: str
    office: str
    body: str
    sent: int
    replied: int


class LetterCampaignOut(Schema):
    id: int
    campaign: str = Field(description="The campaign's short name")
    title: str
    status: str = Field(description="draft, open or closed")
    country: str
    body: str
    opened_at: datetime | None
    closed_at: datetime | None


class LetterCampaignDetailOut(LetterCampaignOut):
    subject: str | None = Field(description="For those who may write or change it")
    template: str | None = Field(description="For those who may write or change it")
    talking_points: list[str]
    counts: CountsOut
    per_representative: list[RepresentativeCountOut]


class ConstituentIn(s.Input):
    country: Country = Field(description="ISO 3166 code")
    region: str = Field("", max_length=200, pattern=Text,
                        description="Constituency or region, as the directory writes it")
    postcode: str = Field("", max_length=20, pattern=Text)
    address: str = Field("", max_length=1000, pattern=Text,
                         description="Printed on letters sent by post")


class ConstituentOut(Schema):
    country: str
    region: str
    postcode: str
    address: str


class MatchedRepresentativeOut(Schema):
    id: int
    name: str
    office: str
    body: str
    region: str
    party: str
    by_email: bool = Field(description="Whether a letter can go by email")
    by_post: bool = Field(description="Whether a letter can go by post")
    letter: str = Field(description="Your letter to them: none, draft or sent")


class MatchOut(Schema):
    representatives: list[MatchedRepresentativeOut]
    reason: str | None = Field(description="When there is none: why, and what to do")


class ReplyOut(Schema):
    id: int
    received_on: date
    summary: str
    has_file: bool


class MyLetterOut(Schema):
    id: int | None = Field(description="Null for a letter not saved yet (the template, "
                                       "merged for you)")
    representative_id: int | None
    to: str
    status: str = Field(description="new, draft or sent")
    subject: str
    body: str
    method: str = Field(description="email or post, once sent")
    sent_at: datetime | None
    template_similarity: int = Field(description="Percent of three-word runs shared with "
                                                 "the template merged for you")
    limit: int = Field(description="At or above this percent, sending is refused")
    answer: str = Field(description="Did they reply? yes, no, not_yet or empty")
    replies: list[ReplyOut]


class LetterIn(s.Input):
    subject: str = Field(..., min_length=1, max_length=300, pattern=s.NOT_BLANK)
    body: str = Field(..., min_length=1, max_length=20000, pattern=s.NOT_BLANK)


class SendIn(s.Input):
    method: Literal["email", "post"]
    subject: str | None = Field(None, min_length=1, max_length=300, pattern=s.NOT_BLANK,
                                description="Left out: the saved draft's")
    body: str | None = Field(None, min_length=1, max_length=20000, pattern=s.NOT_BLANK,
                             description="Left out: the saved draft's")


class ReplyIn(s.Input):
    received_on: date
    summary: str = Field(..., min_length=1, max_length=5000, pattern=s.NOT_BLANK)


class AnswerIn(s.Input):
    answer: Literal["yes", "no", "not_yet"]


WRITE_ERRORS = {**ERRORS, 409: s.Error}


# -- Helpers -------------------------------------------------------------------------------

def _seen(request: HttpRequest, union_slug: str, pk: int) -> LetterCampaign:
    found = selectors.letter_campaign_get(union=_union(union_slug), pk=pk)
    if not request.user.has_perm("letters.view_letter_campaign", found):
        raise NotFound(_("No such letter campaign."))
    return found


def _summary(c: LetterCampaign) -> dict:
    return {"id": c.pk, "campaign": c.campaign.slug, "title": c.title, "status": c.status,
            "country": c.country, "body": c.body, "opened_at": c.opened_at,
            "closed_at": c.closed_at}


def _detail(request: HttpRequest, c: LetterCampaign) -> dict:
    user = request.user
    shown = (user.has_perm("letters.write_letter", c)
             or user.has_perm("letters.open_letter_campaign", c))
    return {**_summary(c), "talking_points": c.talking_points,
            "subject": c.subject if shown else None, "template": c.template if shown else None,
            "counts": selectors.letter_totals(letter_campaign=c),
            "per_representative": [vars(r) for r in selectors.counts_per_representative(
                letter_campaign=c)]}


def _campaign(union, slug: str) -> Campaign:
    found = Campaign.objects.filter(union=union, slug=slug).first()
    if found is None:
        raise SumaError(_("There is no such campaign in this union."), field="campaign")
    return found


def _letter_out(letter: Letter | None, *, letter_campaign: LetterCampaign, representative,
                user) -> dict:
    constituent = selectors.constituent_of(user=user)
    subject, template = services.letter_prefill(
        letter_campaign=letter_campaign, representative=representative, user=user,
        constituent=constituent) if representative is not None else ("", "")
    if letter is None:
        subject_shown, body = subject, template
    else:
        subject_shown, body = letter.subject, letter.body
    replies = list(letter.replies.all()) if letter is not None else []
    return {
        "id": letter.pk if letter else None,
        "representative_id": representative.pk if representative is not None else None,
        "to": letter.to_name if letter else representative.name,
        "status": letter.status if letter else "new",
        "subject": subject_shown, "body": body,
        "method": letter.method if letter else "", "sent_at": letter.sent_at if letter else None,
        "template_similarity": similarity.Verdict(
            score=similarity.similarity(body, template), against="template",
            index=None).percent if representative is not None else 0,
        "limit": int(similarity.THRESHOLD * 100),
        "answer": letter.answer if letter else "",
        "replies": [{"id": r.pk, "received_on": r.received_on, "summary": r.summary,
                     "has_file": bool(r.file)} for r in replies]}


def _representative(pk: int):
    return selectors.representative_get(pk=pk)


def _writer(request: HttpRequest, union_slug: str, pk: int) -> LetterCampaign:
    found = _seen(request, union_slug, pk)
    _forbid_unless(request, "letters.write_letter", found)
    return found


def _mine(request: HttpRequest, union_slug: str, pk: int, letter_id: int) -> tuple:
    found = _seen(request, union_slug, pk)
    return found, selectors.my_letter_get(letter_campaign=found, user=request.user,
                                          pk=letter_id)


# -- Endpoints -----------------------------------------------------------------------------

router = Router(tags=["letters"], auth=member_auth)


@router.get(L, response={200: list[LetterCampaignOut], **PUBLIC_ERRORS}, auth=optional_auth)
@paginate(Pages)
def letter_campaign_list(request: HttpRequest, union_slug: s.Slug):
    union = _union(union_slug)
    return _Rows(selectors.letter_campaign_list(union=union, viewer=request.user), _summary)


@router.post(L, response={201: LetterCampaignDetailOut, **ERRORS})
def letter_campaign_create(request: HttpRequest, union_slug: s.Slug,
                           payload: LetterCampaignCreateIn):
    """A draft letter campaign of one of the union's campaigns (its organisers)."""
    union = _union(union_slug)
    _forbid_unless(request, "letters.create_letter_campaigns", union)
    campaign = _campaign(union, payload.campaign)
    _forbid_unless(request, "letters.add_letter_campaign", campaign)
    found = services.letter_campaign_create(
        campaign=campaign, by=request.user, title=payload.title, subject=payload.subject,
        template=payload.template, talking_points=payload.talking_points,
        country=payload.country, body=payload.body)
    return 201, _detail(request, selectors.letter_campaign_get(union=union, pk=found.pk))


@router.get(LC, response={200: LetterCampaignDetailOut, **PUBLIC_ERRORS}, auth=optional_auth)
def letter_campaign_get(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id):
    return _detail(request, _seen(request, union_slug, letter_campaign_id))


@router.put(LC, response={200: LetterCampaignDetailOut, **ERRORS})
def letter_campaign_update(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                           payload: LetterCampaignIn):
    found = _seen(request, union_slug, letter_campaign_id)
    _forbid_unless(request, "letters.change_letter_campaign", found)
    services.letter_campaign_update(
        letter_campaign=found, by=request.user, title=payload.title, subject=payload.subject,
        template=payload.template, talking_points=payload.talking_points,
        country=payload.country, body=payload.body)
    return _detail(request, found)


@router.post(f"{LC}/open", response={200: LetterCampaignDetailOut, **ERRORS})
def letter_campaign_open(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id):
    found = _seen(request, union_slug, letter_campaign_id)
    _forbid_unless(request, "letters.open_letter_campaign", found)
    return _detail(request, services.letter_campaign_open(letter_campaign=found,
                                                          by=request.user))


@router.post(f"{LC}/close", response={200: LetterCampaignDetailOut, **ERRORS})
def letter_campaign_close(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id):
    found = _seen(request, union_slug, letter_campaign_id)
    _forbid_unless(request, "letters.open_letter_campaign", found)
    services.letter_campaign_close(letter_campaign=found, by=request.user)
    return _detail(request, selectors.letter_campaign_get(union=found.union, pk=found.pk))


@router.get("/me/constituency", response={200: ConstituentOut, **ERRORS})
def constituent_get(request: HttpRequest):
    """Where you live, as you declared it: every letter campaign matches you by it."""
    found = selectors.constituent_of(user=request.user)
    if found is None:
        raise NotFound(_("You have not said where you live yet."), code="no_place")
    return found


@router.put("/me/constituency", response={200: ConstituentOut, **ERRORS})
def constituent_set(request: HttpRequest, payload: ConstituentIn):
    return services.constituent_set(user=request.user, country=payload.country,
                                    region=payload.region, postcode=payload.postcode,
                                    address=payload.address)


@router.get(f"{LC}/representatives", response={200: MatchOut, **ERRORS})
def representatives_matching(request: HttpRequest, union_slug: s.Slug,
                             letter_campaign_id: s.Id):
    """Your representatives in this letter campaign, found by where you live."""
    found = _writer(request, union_slug, letter_campaign_id)
    constituent = selectors.constituent_of(user=request.user)
    matched = selectors.representatives_matching(letter_campaign=found,
                                                  constituent=constituent)
    letters = {letter.representative_id: letter.status
               for letter in selectors.letters_of(letter_campaign=found, user=request.user)}
    return {"representatives": [
        {"id": r.pk, "name": r.name, "office": r.office, "body": r.body, "region": r.region,
         "party": r.party, "by_email": bool(r.email), "by_post": bool(r.postal_address),
         "letter": letters.get(r.pk, "none")} for r in matched],
        "reason": None if matched else str(selectors.no_match_reason(
            letter_campaign=found, constituent=constituent))}


@router.get(MINE, response={200: MyLetterOut, **ERRORS})
def my_letter_get(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                  representative_id: s.Id):
    """Your letter to this representative: saved, sent, or the template merged for you."""
    found = _seen(request, union_slug, letter_campaign_id)
    representative = _representative(representative_id)
    letter = selectors.letter_of(letter_campaign=found, user=request.user,
                                 representative=representative)
    if letter is None:
        _forbid_unless(request, "letters.write_letter", found)
    return _letter_out(letter, letter_campaign=found, representative=representative,
                       user=request.user)


@router.put(MINE, response={200: MyLetterOut, **WRITE_ERRORS})
def my_letter_save(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                   representative_id: s.Id, payload: LetterIn):
    found = _writer(request, union_slug, letter_campaign_id)
    representative = _representative(representative_id)
    letter = services.letter_save(letter_campaign=found, user=request.user,
                                  representative=representative, subject=payload.subject,
                                  body=payload.body)
    return _letter_out(letter, letter_campaign=found, representative=representative,
                       user=request.user)


@router.post(f"{MINE}/send", response={200: MyLetterOut, **WRITE_ERRORS})
def my_letter_send(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                   representative_id: s.Id, payload: SendIn):
    """Send it once, by email or by post. A letter too close to the template or to another
    member's is refused (400, code `identikit`, the similarity in the message); 409 when
    it was sent already."""
    found = _writer(request, union_slug, letter_campaign_id)
    representative = _representative(representative_id)
    letter = services.letter_send(letter_campaign=found, user=request.user,
                                  representative=representative, method=payload.method,
                                  subject=payload.subject, body=payload.body)
    return _letter_out(letter, letter_campaign=found, representative=representative,
                       user=request.user)


@router.get(f"{LC}/letters", response={200: list[MyLetterOut], **ERRORS})
def my_letters(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id):
    """Your letters in this letter campaign, drafts first."""
    found = _seen(request, union_slug, letter_campaign_id)
    return [_letter_out(letter, letter_campaign=found, representative=letter.representative,
                        user=request.user)
            for letter in selectors.letters_of(letter_campaign=found, user=request.user)]


@router.get(f"{LETTER}/letter.pdf", response={200: None, **ERRORS},
            openapi_extra={"responses": {200: {"description": "The letter, to print", "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}})
def my_letter_pdf(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                  letter_id: s.Id):
    _found, letter = _mine(request, union_slug, letter_campaign_id, letter_id)
    response = HttpResponse(letter_pdf_bytes(letter=letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.pdf"'
    return response


@router.post(f"{LETTER}/replies", response={201: ReplyOut, **ERRORS})
def reply_record(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                 letter_id: s.Id, payload: ReplyIn):
    """Record the representative's reply (a copy of it can be uploaded on the page)."""
    _found, letter = _mine(request, union_slug, letter_campaign_id, letter_id)
    reply = services.reply_record(letter=letter, by=request.user,
                                  received_on=payload.received_on, summary=payload.summary)
    return 201, {"id": reply.pk, "received_on": reply.received_on, "summary": reply.summary,
                 "has_file": False}


@router.put(f"{LETTER}/questionnaire", response={200: MyLetterOut, **ERRORS})
def questionnaire_answer(request: HttpRequest, union_slug: s.Slug, letter_campaign_id: s.Id,
                         letter_id: s.Id, payload: AnswerIn):
    """“Did they reply?”: yes, no or not yet."""
    found, letter = _mine(request, union_slug, letter_campaign_id, letter_id)
    services.questionnaire_answer(letter=letter, user=request.user, answer=payload.answer)
    return _letter_out(letter, letter_campaign=found, representative=letter.representative,
                       user=request.user)
