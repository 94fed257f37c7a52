"""The REST endpoints of pledges and strikes, and the strikes in effect for the gateway.

Thin like the rest of the API (suma/api/api.py): each handler checks the same rules as the
pages (user.has_perm), calls a service or a selector, and shapes the answer. Launched
pledges and the strikes in effect are public; writing needs a member.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime

from suma.api import schemas as s
from suma.api.api import ERRORS, PUBLIC_ERRORS, Pages, _forbid_unless, _Rows, _union
from suma.api.auth import member_auth
from suma.campaigns.models import Campaign, Organisation
from suma.core.errors import NotFound, SumaError
from suma.members import selectors as member_selectors
from suma.tactics.pledges import selectors, services
from suma.tactics.pledges.models import Pledge, PledgeKind, PledgeStatus, StrikeAction


def _anyone(request: HttpRequest) -> bool:
    """Public reads: a token or the session when given (to say what the caller did), else
    an anonymous visitor."""
    return True


optional_auth = [*member_auth, _anyone]


# -- Shapes --------------------------------------------------------------------------------

class PledgeIn(s.Input):
    campaign: s.Slug = Field(description="The campaign's slug")
    chapter: s.Slug | None = Field(None, description="The chapter whose active members may "
                                                     "pledge; left out for the whole union")
    kind: PledgeKind = PledgeKind.PLEDGE
    title: str = Field(..., min_length=1, max_length=200, pattern=s.NO_NUL)
    action: str = Field(..., min_length=1, max_length=300, pattern=s.NO_NUL,
                        description="What each pledger will do: “I will …”")
    details: str = Field("", max_length=10000, pattern=s.NO_NUL, description="Markdown")
    threshold: int = Field(..., ge=1, le=services.MAX_THRESHOLD,
                           description="Pledgers needed, every pledger counted")
    deadline: AwareDatetime
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    confidential: bool = False
    strike_action: StrikeAction | Literal[""] = Field("", description="For a strike")
    target: s.Id | None = Field(None, description="For a strike: the organisation's id")


class YourPledgeOut(Schema):
    pledged: bool
    eligible: bool
    checked_in_today: bool
    followup: str = Field(description="Your follow-up answer: yes, partly, no or empty")


class FollowupOut(Schema):
    yes: int
    partly: int
    no: int
    answered: int
    pledgers: int


class DayOut(Schema):
    day: str
    checked_in: int
    pledgers: int


class PledgeOut(Schema):
    id: int
    kind: str
    title: str
    action: str
    campaign: str = Field(description="The campaign's slug")
    scope: str | None = Field(description="The chapter's slug; null for the whole union")
    status: str
    threshold: int
    count: int = Field(description="Valid pledges now")
    confidential: bool
    deadline: datetime
    starts_at: datetime
    ends_at: datetime
    launched_at: datetime | None
    activated_at: datetime | None
    strike_action: str
    target: int | None


class PledgeDetailOut(PledgeOut):
    details: str
    pledgers: list[str] | None = Field(description="Names, when the caller may see them")
    participation: list[DayOut]
    followup: FollowupOut | None
    you: YourPledgeOut


class FollowupIn(s.Input):
    answer: Literal["yes", "partly", "no"]


class CheckInOut(Schema):
    day: str


class StrikeOut(Schema):
    id: int
    union: str
    title: str
    strike_action: str
    target: int
    target_name: str
    starts_at: datetime
    ends_at: datetime
    count: int


# -- Helpers -------------------------------------------------------------------------------

def _summary(p: Pledge) -> dict:
    return {"id": p.pk, "kind": p.kind, "title": p.title, "action": p.action,
            "campaign": p.campaign.slug, "scope": p.chapter.slug if p.chapter_id else None,
            "status": p.status, "threshold": p.threshold, "count": p.pledge_count,
            "confidential": p.confidential, "deadline": p.deadline, "starts_at": p.starts_at,
            "ends_at": p.ends_at, "launched_at": p.launched_at,
            "activated_at": p.activated_at, "strike_action": p.strike_action,
            "target": p.target_id}


def _detail(request: HttpRequest, pledge: Pledge) -> dict:
    user = request.user
    signup = services.signup_active(pledge=pledge, user=user)
    after = pledge.is_activated and pledge.ends_at <= timezone.now()
    return {**_summary(pledge), "details": pledge.details,
            "pledgers": (selectors.pledger_names(pledge=pledge)
                         if user.has_perm("pledges.view_pledgers", pledge) else None),
            "participation": [{"day": d.isoformat(), "checked_in": c, "pledgers": n}
                              for d, c, n in selectors.participation(pledge=pledge)],
            "followup": selectors.followup_summary(pledge=pledge) if after else None,
            "you": {"pledged": signup is not None,
                    "eligible": bool(user.is_authenticated
                                     and services.is_eligible(pledge=pledge, user=user)),
                    "checked_in_today": selectors.checked_in_today(pledge=pledge, user=user),
                    "followup": signup.followup if signup else ""}}


def _seen(request: HttpRequest, union_slug: str, pledge_id: int) -> Pledge:
    """The pledge, if the caller may see it; a draft is 404 to those who may not."""
    pledge = selectors.pledge_get(union=_union(union_slug), pk=pledge_id)
    if not request.user.has_perm("pledges.view_pledge", pledge):
        raise NotFound(_("No such pledge."))
    return pledge


def _scope(union, chapter_slug: str | None):
    if not chapter_slug:
        return None
    return member_selectors.chapter_get(union=union, slug=chapter_slug)


def _campaign(union, slug: str) -> Campaign:
    found = Campaign.objects.filter(union=union, slug=slug).first()
    if found is None:
        raise SumaError(_("There is no such campaign in this union."), field="campaign")
    return found


def _target(pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise SumaError(_("There is no such organisation."), field="target")
    return found


# -- Endpoints -----------------------------------------------------------------------------

router = Router(tags=["pledges"], auth=member_auth)
U = "/unions/{union_slug}/pledges"
PLEDGE = U + "/{pledge_id}"


@router.get(U, response={200: list[PledgeOut], **PUBLIC_ERRORS}, auth=optional_auth)
@paginate(Pages)
def pledge_list(request: HttpRequest, union_slug: s.Slug, kind: PledgeKind | None = None,
                status: PledgeStatus | None = None):
    union = _union(union_slug)
    return _Rows(selectors.pledge_list(union=union, viewer=request.user, kind=kind,
                                       status=status), _summary)


@router.post(U, response={201: PledgeDetailOut, **ERRORS})
def pledge_create(request: HttpRequest, union_slug: s.Slug, payload: PledgeIn):
    union = _union(union_slug)
    chapter = _scope(union, payload.chapter)
    _forbid_unless(request, "pledges.add_pledge", chapter or union)
    pledge = services.pledge_create(
        union=union, campaign=_campaign(union, payload.campaign), chapter=chapter,
        by=request.user, kind=payload.kind, title=payload.title, action=payload.action,
        details=payload.details, threshold=payload.threshold, deadline=payload.deadline,
        starts_at=payload.starts_at, ends_at=payload.ends_at,
        confidential=payload.confidential, strike_action=payload.strike_action,
        target=_target(payload.target))
    return 201, _detail(request, pledge)


@router.get(PLEDGE, response={200: PledgeDetailOut, **PUBLIC_ERRORS}, auth=optional_auth)
def pledge_get(request: HttpRequest, union_slug: s.Slug, pledge_id: s.Id):
    return _detail(request, _seen(request, union_slug, pledge_id))


@router.post(f"{PLEDGE}/launch", response={200: PledgeDetailOut, **ERRORS})
def pledge_launch(request: HttpRequest, union_slug: s.Slug, pledge_id: s.Id):
    pledge = _seen(request, union_slug, pledge_id)
    _forbid_unless(request, "pledges.launch_pledge", pledge)
    return _detail(request, services.pledge_launch(pledge=pledge, by=request.user))


@router.post(f"{PLEDGE}/signups", response={201: PledgeDetailOut, **ERRORS})
def pledge_sign(request: HttpRequest, union_slug: s.Slug, pledge_id: s.Id):
    """Pledge (one click): the answer says whether your pledge activated it."""
    pledge = _seen(request, union_slug, pledge_id)
    services.pledge_sign(pledge=pledge, user=request.user)
    return 201, _detail(request, pledge)


@router.post(f"{PLEDGE}/withdraw", response={200: PledgeDetailOut, **ERRORS})
def pledge_withdraw(request: HttpRequest, union_slug: s.Slug, pledge_id: s.Id):
    pledge = _seen(request, union_slug, pledge_id)
    services.pledge_withdraw(pledge=pledge, user=request.user)
    return _detail(request, pledge)


@router.post(f"{PLEDGE}/check-ins", response={201: CheckInOut, **ERRORS})
def pledge_check_in(request: HttpRequest, union_slug: s.Slug, pledge_id: s.Id):
    pledge = _seen(request, union_slug, pledge_id)
    found = services.check_in(pledge=pledge, user=request.user)
    return 201, {"day": found.day.isoformat()}


@router.put(f"{PLEDGE}/follow-up", response={200: PledgeDetailOut, **ERRORS})
def pledge_followup(request: HttpRequest, union_slug: s.Slug, pledge_id: s.Id,
                    payload: FollowupIn):
    pledge = _seen(request, union_slug, pledge_id)
    services.followup_answer(pledge=pledge, user=request.user, answer=payload.answer)
    return _detail(request, pledge)


@router.get("/strikes/in-effect", response={200: list[StrikeOut], **PUBLIC_ERRORS},
            auth=None)
@paginate(Pages)
def strikes_in_effect(request: HttpRequest, organisation: s.Id | None = None):
    """Activated strikes whose window holds now: what the access gateway enforces."""
    target = Organisation.objects.filter(pk=organisation).first() if organisation else None
    if organisation and target is None:
        raise NotFound(_("There is no such organisation."))
    return _Rows(selectors.strikes_in_effect(organisation=target),
                 lambda p: {"id": p.pk, "union": p.union.slug, "title": p.title,
                            "strike_action": p.strike_action, "target": p.target_id,
                            "target_name": p.target.name, "starts_at": p.starts_at,
                            "ends_at": p.ends_at, "count": p.pledge_count})
