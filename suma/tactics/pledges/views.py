"""Pages for pledges and strikes: the list, a pledge's page (pledge, withdraw, check in,
the follow-up), and drafting and launching for organisers and stewards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from suma.core.errors import NotFound, SumaError
from suma.members import selectors as members
from suma.members.models import Union
from suma.members.pages import posted as _posted
from suma.members.pages import require as _require
from suma.members.pages import union_or_404 as _union
from suma.tactics.pledges import selectors, services
from suma.tactics.pledges.forms import FollowupForm, PledgeForm
from suma.tactics.pledges.models import Pledge, PledgeStatus

FIELDS = {"chapter": "scope", "target": "target", "campaign": "campaign"}


def _pledge(request: HttpRequest, union_slug: str, pledge_id: int,
            perm: str = "pledges.view_pledge") -> Pledge:
    union = _union(union_slug)
    try:
        pledge = selectors.pledge_get(union=union, pk=pledge_id)
    except NotFound:
        raise Http404 from None
    _require(request, perm, pledge)
    return pledge


def _error(form, error: SumaError) -> None:
    name = FIELDS.get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, str(error.message))


def _scopes(user, union: Union) -> list:
    """Where the user may start a pledge: None for the whole union, then chapters."""
    scopes: list = [None] if user.has_perm("pledges.add_pledge", union) else []
    return scopes + [c for c in members.chapter_list(union=union)
                     if user.has_perm("pledges.add_pledge", c)]


def _guidance(union: Union) -> list[str]:
    """"Pledges of 50–99 in your union succeeded 3 times out of 4", per size."""
    lines = []
    for band in selectors.success_rates(union=union):
        size = f"{band.low}–{band.high}" if band.high else f"{band.low}+"
        lines.append(_("Pledges of %(size)s in your union succeeded %(succeeded)s times out "
                       "of %(ended)s.") % {"size": size, "succeeded": band.succeeded,
                                           "ended": band.ended})
    return lines


def pledge_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "pledges.view_pledges", union)
    pledges = list(selectors.pledge_list(union=union, viewer=request.user))
    order = (PledgeStatus.COLLECTING, PledgeStatus.ACTIVATED, PledgeStatus.DRAFT, "ended")
    titles = {PledgeStatus.COLLECTING: _("Collecting pledges"),
              PledgeStatus.ACTIVATED: _("Activated and in effect"),
              PledgeStatus.DRAFT: _("Drafts"), "ended": _("Ended")}
    groups: dict = {key: [] for key in order}
    for pledge in pledges:
        key = {PledgeStatus.IN_EFFECT: PledgeStatus.ACTIVATED,
               PledgeStatus.FINISHED: "ended", PledgeStatus.FAILED: "ended"}.get(
            pledge.status, pledge.status)
        groups[key].append(pledge)
    return render(request, "pledges/pledge_list.html", {
        "union": union,
        "groups": [(key, titles[key], groups[key]) for key in order],
        "may_create": request.user.has_perm("pledges.create_pledges", union),
    })


@login_required
def pledge_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "pledges.create_pledges", union)
    scopes = _scopes(request.user, union)
    if not scopes:
        raise PermissionDenied
    campaigns = list(selectors.campaigns_for(union=union))
    form = PledgeForm(_posted(request), union=union, scopes=scopes, campaigns=campaigns,
                      initial=PledgeForm.defaults())
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if not request.user.has_perm("pledges.add_pledge", values["chapter"] or union):
            raise PermissionDenied
        if values["campaign"] is None:
            form.add_error("campaign", _("Choose a campaign."))
        else:
            try:
                pledge = services.pledge_create(union=union, by=request.user, **values)
            except SumaError as error:
                _error(form, error)
            else:
                messages.success(request, _("The draft is saved. Launch it when it is ready."))
                return redirect(pledge)
    return render(request, "pledges/pledge_form.html", {
        "union": union, "form": form, "guidance": _guidance(union),
        "no_campaign": not campaigns})


@login_required
def pledge_edit(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id, "pledges.change_pledge")
    union = pledge.union
    scopes = _scopes(request.user, union)
    campaigns = list(selectors.campaigns_for(union=union))
    form = PledgeForm(_posted(request), union=union, scopes=scopes, campaigns=campaigns,
                      initial=PledgeForm.initial_of(pledge))
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if not request.user.has_perm("pledges.add_pledge", values["chapter"] or union):
            raise PermissionDenied
        try:
            services.pledge_update(pledge=pledge, by=request.user, **values)
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(pledge)
    return render(request, "pledges/pledge_form.html", {
        "union": union, "form": form, "pledge": pledge, "guidance": _guidance(union)})


@login_required
@require_POST
def pledge_launch(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id, "pledges.launch_pledge")
    try:
        services.pledge_launch(pledge=pledge, by=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Launched: members can pledge now."))
    return redirect(pledge)


def _campaign_url(pledge: Pledge) -> str:
    try:
        return pledge.campaign.get_absolute_url()
    except NoReverseMatch:  # the campaign pages are not there (yet)
        return ""


@never_cache
def pledge_detail(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id)
    user = request.user
    now = timezone.now()
    signup = services.signup_active(pledge=pledge, user=user)
    eligible = user.is_authenticated and services.is_eligible(pledge=pledge, user=user)
    window = services.in_window(pledge, now) and pledge.status != PledgeStatus.FINISHED
    after = pledge.is_activated and now >= pledge.ends_at
    return render(request, "pledges/pledge_detail.html", {
        "union": pledge.union,
        "pledge": pledge,
        "campaign_url": _campaign_url(pledge),
        "signup": signup,
        "eligible": eligible,
        "may_edit": user.has_perm("pledges.change_pledge", pledge),
        "may_launch": user.has_perm("pledges.launch_pledge", pledge),
        "may_sign": pledge.status == PledgeStatus.COLLECTING and now < pledge.deadline
        and eligible and signup is None,
        "may_withdraw": pledge.status == PledgeStatus.COLLECTING and signup is not None,
        "needs_proposal": pledge.is_strike and pledge.status == PledgeStatus.DRAFT
        and services.strikes_need_proposal(union=pledge.union),
        "names": (selectors.pledger_names(pledge=pledge)
                  if user.has_perm("pledges.view_pledgers", pledge) else None),
        "window": window,
        "after": after,
        "checked_in": window and selectors.checked_in_today(pledge=pledge, user=user),
        "participation": selectors.participation(pledge=pledge) if pledge.is_activated
        else [],
        "followup_form": FollowupForm(initial={"answer": signup.followup} if signup else None),
        "followup": selectors.followup_summary(pledge=pledge) if after else None,
        "percent": min(100, round(100 * pledge.pledge_count / pledge.threshold)),
    })


@login_required
@require_POST
def pledge_sign(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id)
    try:
        services.pledge_sign(pledge=pledge, user=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
        return redirect(pledge)
    pledge.refresh_from_db()
    if pledge.is_activated:
        messages.success(request, _("You pledged, and with you the pledge has activated: "
                                    "it's on!"))
    else:
        messages.success(request, _("You pledged. Nobody is bound until enough have."))
    return redirect(pledge)


@login_required
@require_POST
def pledge_withdraw(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id)
    try:
        services.pledge_withdraw(pledge=pledge, user=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your pledge is withdrawn."))
    return redirect(pledge)


@login_required
@require_POST
def pledge_check_in(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id)
    try:
        services.check_in(pledge=pledge, user=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Checked in for today. Thank you."))
    return redirect(pledge)


@login_required
@require_POST
def pledge_followup(request: HttpRequest, union_slug: str, pledge_id: int) -> HttpResponse:
    pledge = _pledge(request, union_slug, pledge_id)
    form = FollowupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes, partly or no."))
        return redirect(pledge)
    try:
        services.followup_answer(pledge=pledge, user=request.user,
                                 answer=form.cleaned_data["answer"])
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: your answer is counted with the others."))
    return redirect(pledge)
