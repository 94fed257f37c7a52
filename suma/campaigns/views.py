"""Pages of campaigns: the directory of targets, campaigns with their grievance lists and
timeline, the repertoire dashboards, and following or leaving a campaign's news."""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from suma.campaigns import selectors, services
from suma.campaigns.directory import SOURCE_URL
from suma.campaigns.forms import (
    CATEGORY_LABELS,
    ELEMENT_LABELS,
    CampaignForm,
    DemandEditForm,
    DemandForm,
    DemandStatusForm,
    EventForm,
    OrganisationFilterForm,
    OrganisationForm,
    RepresentativeFilterForm,
    SectionEditForm,
    SectionForm,
    StatusForm,
)
from suma.campaigns.models import SYSTEM_EVENTS, Campaign, CampaignStatus, OrganisationSource
from suma.campaigns.notifications import campaign_unsubscribe_read
from suma.campaigns.repertoire import TACTICS, tactic_uses
from suma.campaigns.rules import owner_chapters
from suma.core.errors import NotFound, SumaError
from suma.members.pages import posted as _posted
from suma.members.pages import union_or_404 as _union

PAGE = 25


# -- Fetching what a page is about -----------------------------------------------------------


class _LoginFirst(Exception):
    pass


def _require(request: HttpRequest, perm: str, obj) -> None:
    """As suma.members.pages.require, but an anonymous visitor is sent to log in instead."""
    if not request.user.has_perm(perm, obj):
        if not request.user.is_authenticated:
            raise _LoginFirst
        raise PermissionDenied


def _login_first(view):
    """Anonymous visitors refused a page are sent to log in (the page may be theirs then)."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _LoginFirst:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _campaign(request: HttpRequest, union_slug: str, slug: str,
              perm: str = "campaigns.view_campaign") -> Campaign:
    union = _union(union_slug)
    try:
        campaign = selectors.campaign_get(union=union, slug=slug)
    except NotFound:
        raise Http404 from None
    _require(request, perm, campaign)
    return campaign


def _error(form, error: SumaError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _form_page(request: HttpRequest, *, union, form, heading: str, back: str,
               submit: str, campaign=None, intro: str = "", status: int = 200) -> HttpResponse:
    return render(request, "campaigns/form.html", {
        "union": union, "campaign": campaign, "form": form, "heading": heading,
        "back": back, "submit": submit, "intro": intro}, status=status)


def _on(day) -> datetime | None:
    """The moment an event dated `day` is placed at: now for today, else that day's start."""
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# -- The directory of targets ------------------------------------------------------------------

def organisation_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.organisation_list(q=filters.get("q", ""), kind=filters.get("kind", ""),
                                        country=filters.get("country", ""),
                                        category=filters.get("category", ""),
                                        controller=True if filters.get("controller") else None)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/organisation_list.html", {
        "union": union, "form": form, "page": page,
        "countries": selectors.organisation_countries(), "source_url": SOURCE_URL,
        "may_add": request.user.has_perm("campaigns.add_organisation"),
        "filters": _query(filters)})


def _query(filters: dict) -> str:
    """The filters as the pages' links repeat them (a ticked box as "on")."""
    return urlencode({k: ("on" if v is True else v) for k, v in filters.items() if v})


@login_required
def organisation_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "campaigns.add_organisation", None)
    form = OrganisationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=request.user, **form.cleaned_data)
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The organisation is in the directory."))
            return redirect("organisation_detail", union.slug, organisation.pk)
    return _form_page(request, union=union, form=form, heading=_("New target"),
                      back=f"{union.get_absolute_url()}campaigns/targets/",
                      submit=_("Add to the directory"))


def organisation_detail(request: HttpRequest, union_slug: str,
                        organisation_id: int) -> HttpResponse:
    union = _union(union_slug)
    try:
        organisation = selectors.organisation_get(pk=organisation_id)
    except NotFound:
        raise Http404 from None
    return render(request, "campaigns/organisation_detail.html", {
        "union": union, "organisation": organisation,
        "categories": [CATEGORY_LABELS.get(c, c) for c in organisation.categories],
        "elements": [{**e, "label": ELEMENT_LABELS.get(e.get("type"), e.get("type"))}
                     for e in organisation.required_elements],
        "from_datenanfragen": organisation.source == OrganisationSource.DATENANFRAGEN,
        "source_url": SOURCE_URL,
        "campaigns": selectors.organisation_campaigns(organisation=organisation),
        "may_edit": request.user.has_perm("campaigns.change_organisation", organisation)})



def representative_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    """Members of parliaments and regulators' offices whom letters are addressed to."""
    union = _union(union_slug)
    facets = selectors.representative_facets()
    form = RepresentativeFilterForm(request.GET or None, bodies=facets["bodies"],
                                    parties=facets["parties"])
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.representative_list(
        q=filters.get("q", ""), country=filters.get("country", ""),
        region=filters.get("region", ""), body=filters.get("body", ""),
        party=filters.get("party", ""))
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/representative_list.html", {
        "union": union, "form": form, "page": page, "countries": facets["countries"],
        "filters": _query(filters)})


@login_required
def organisation_edit(request: HttpRequest, union_slug: str,
                      organisation_id: int) -> HttpResponse:
    union = _union(union_slug)
    try:
        organisation = selectors.organisation_get(pk=organisation_id)
    except NotFound:
        raise Http404 from None
    _require(request, "campaigns.change_organisation", organisation)
    form = OrganisationForm(_posted(request), instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=selectors.organisation_get(
                pk=organisation.pk), by=request.user, **form.cleaned_data)
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("organisation_detail", union.slug, organisation.pk)
    return _form_page(request, union=union, form=form,
                      heading=_("Edit %(name)s") % {"name": organisation.name},
                      back=f"{union.get_absolute_url()}campaigns/targets/{organisation.pk}/",
                      submit=_("Save"))


# -- Campaigns -------------------------------------------------------------------------------

def campaign_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    drafts = request.user.has_perm("campaigns.view_drafts", union)
    campaigns = list(selectors.campaign_list(union=union, drafts=drafts))
    if drafts:  # organisers see only the drafts they may run
        campaigns = [c for c in campaigns if c.status != CampaignStatus.DRAFT
                     or request.user.has_perm("campaigns.change_campaign", c)]
    order = (CampaignStatus.ACTIVE, CampaignStatus.PAUSED, CampaignStatus.DRAFT,
             CampaignStatus.WON, CampaignStatus.LOST)
    groups = {status: [] for status in order}
    for campaign in campaigns:
        groups[campaign.status].append(campaign)
    return render(request, "campaigns/campaign_list.html", {
        "union": union,
        "groups": [(status, CampaignStatus(status).label, groups[status]) for status in order
                   if groups[status]],
        "may_add": request.user.has_perm("campaigns.add_campaign", union)})


@_login_first
def campaign_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "campaigns.add_campaign", union)
    form = CampaignForm(_posted(request), chapters=owner_chapters(request.user, union))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                union=union, by=request.user, title=data["title"], slug=data["slug"],
                summary=data["summary"], description=data["description"],
                targets=data["targets"], chapters=data["chapters"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The campaign is saved as a draft: only its "
                                        "organisers see it until it is launched."))
            return redirect(campaign)
    return _form_page(request, union=union, form=form, heading=_("New campaign"),
                      back=f"{union.get_absolute_url()}campaigns/", submit=_("Save the draft"))


def _detail_context(request: HttpRequest, campaign: Campaign) -> dict:
    user = request.user
    may_manage = user.has_perm("campaigns.change_campaign", campaign)
    events = list(selectors.timeline(campaign=campaign).select_related())
    for event in events:
        event.system = event.kind in SYSTEM_EVENTS
    return {
        "union": campaign.union, "campaign": campaign,
        "targets": list(campaign.targets.all()),
        "chapters": list(campaign.chapters.all()),
        "sections": selectors.grievance_list(campaign=campaign),
        "events": events,
        "actions": [(TACTICS[use.tactic].label, use) for use in tactic_uses(campaign=campaign)
                    if use.ended_at is None],
        "may_manage": may_manage,
        "may_follow": user.has_perm("campaigns.follow_campaign", campaign),
        "muted": selectors.is_muted(campaign=campaign, user=user),
        "next_statuses": [(s, CampaignStatus(s).label) for s in
                          services.TRANSITIONS[CampaignStatus(campaign.status)]],
        "event_form": EventForm() if may_manage else None,
    }


@_login_first
def campaign_detail(request: HttpRequest, union_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug)
    return render(request, "campaigns/campaign_detail.html", _detail_context(request, campaign))


@login_required
def campaign_edit(request: HttpRequest, union_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    form = CampaignForm(_posted(request), editing=True,
                        chapters=owner_chapters(request.user, campaign.union, campaign),
                        initial={"title": campaign.title, "summary": campaign.summary,
                                 "description": campaign.description,
                                 "targets": campaign.targets.all(),
                                 "chapters": campaign.chapters.all()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(campaign=campaign, by=request.user, title=data["title"],
                                     summary=data["summary"], description=data["description"],
                                     targets=data["targets"], chapters=data["chapters"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(campaign)
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("Edit the campaign"), back=campaign.get_absolute_url(),
                      submit=_("Save"))


@login_required
@require_POST
def campaign_status(request: HttpRequest, union_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(campaign)
    try:
        services.campaign_status_set(campaign=campaign, by=request.user,
                                     status=form.cleaned_data["status"],
                                     note=form.cleaned_data["note"])
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The campaign is now: %(status)s.")
                         % {"status": campaign.get_status_display()})
    return redirect(campaign)


@login_required
def campaign_event_add(request: HttpRequest, union_slug: str,
                       campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    form = EventForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.timeline_event_add(campaign=campaign, kind=data["kind"],
                                        title=data["title"], body=data["body"],
                                        link=data["link"], by=request.user,
                                        happened_at=_on(data["on"]))
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The event is on the timeline."))
            return redirect(f"{campaign.get_absolute_url()}#timeline")
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("Add to the timeline"), back=campaign.get_absolute_url(),
                      submit=_("Add the event"))


# -- Grievance lists -----------------------------------------------------------------------------

@login_required
def section_add(request: HttpRequest, union_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    form = SectionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.section_create(campaign=campaign, **form.cleaned_data)
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The section is added."))
            return redirect(f"{campaign.get_absolute_url()}#demands")
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("New section of demands"), back=campaign.get_absolute_url(),
                      submit=_("Add the section"))


def _section(request, union_slug, campaign_slug, section_id):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    try:
        return campaign, selectors.section_get(campaign=campaign, pk=section_id)
    except NotFound:
        raise Http404 from None


def _demand(request, union_slug, campaign_slug, demand_id):
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.change_campaign")
    try:
        return campaign, selectors.demand_get(campaign=campaign, pk=demand_id)
    except NotFound:
        raise Http404 from None


@login_required
def section_edit(request: HttpRequest, union_slug: str, campaign_slug: str,
                 section_id: int) -> HttpResponse:
    campaign, section = _section(request, union_slug, campaign_slug, section_id)
    form = SectionEditForm(_posted(request), initial={"title": section.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, title=form.cleaned_data["title"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{campaign.get_absolute_url()}#demands")
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("Section %(code)s") % {"code": section.code},
                      back=campaign.get_absolute_url(), submit=_("Save"))


@login_required
def demand_add(request: HttpRequest, union_slug: str, campaign_slug: str,
               section_id: int) -> HttpResponse:
    campaign, section = _section(request, union_slug, campaign_slug, section_id)
    form = DemandForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_create(section=section, text=form.cleaned_data["text"],
                                   number=form.cleaned_data["number"], by=request.user)
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The demand is added."))
            return redirect(f"{campaign.get_absolute_url()}#demands")
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("New demand in section %(code)s") % {"code": section.code},
                      back=campaign.get_absolute_url(), submit=_("Add the demand"))


@login_required
def demand_edit(request: HttpRequest, union_slug: str, campaign_slug: str,
                demand_id: int) -> HttpResponse:
    campaign, demand = _demand(request, union_slug, campaign_slug, demand_id)
    form = DemandEditForm(_posted(request), initial={"text": demand.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_update(demand=demand, text=form.cleaned_data["text"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{campaign.get_absolute_url()}#demand-{demand.pk}")
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("Demand %(code)s") % {"code": demand.code},
                      back=campaign.get_absolute_url(), submit=_("Save"))


@login_required
def demand_status(request: HttpRequest, union_slug: str, campaign_slug: str,
                  demand_id: int) -> HttpResponse:
    campaign, demand = _demand(request, union_slug, campaign_slug, demand_id)
    form = DemandStatusForm(_posted(request), initial={"status": demand.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.demand_status_set(demand=demand, by=request.user, status=data["status"],
                                       on=data["on"], note=data["note"],
                                       evidence_url=data["evidence_url"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The demand's status is recorded."))
            return redirect(f"{campaign.get_absolute_url()}#demand-{demand.pk}")
    return _form_page(request, union=campaign.union, campaign=campaign, form=form,
                      heading=_("Status of demand %(code)s") % {"code": demand.code},
                      intro=demand.text, back=campaign.get_absolute_url(),
                      submit=_("Record the status"))


# -- The repertoire dashboards ---------------------------------------------------------------

@_login_first
def campaign_repertoire(request: HttpRequest, union_slug: str,
                        campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug)
    return render(request, "campaigns/campaign_repertoire.html", {
        "union": campaign.union, "campaign": campaign,
        **selectors.campaign_repertoire(campaign=campaign)})


def union_repertoire(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    return render(request, "campaigns/union_repertoire.html", {
        "union": union, **selectors.union_repertoire(union=union)})


# -- Following a campaign --------------------------------------------------------------------------

@login_required
@require_POST
def campaign_follow(request: HttpRequest, union_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, union_slug, campaign_slug, "campaigns.follow_campaign")
    if request.POST.get("follow") == "off":
        services.campaign_mute(campaign=campaign, user=request.user)
        messages.success(request, _("You will hear no more news of this campaign."))
    else:
        services.campaign_unmute(campaign=campaign, user=request.user)
        messages.success(request, _("You will hear this campaign's news again."))
    return redirect(campaign)


# Exempt from CSRF, like the core's unsubscribe link: mail providers send the one-click POST
# without a token; the signed token in the address is the authority, and it only mutes.
@csrf_exempt
def campaign_unsubscribe(request: HttpRequest, union_slug: str, campaign_slug: str,
                         token: str) -> HttpResponse:
    from suma.members.models import User

    union = _union(union_slug)
    found = campaign_unsubscribe_read(token)
    campaign = Campaign.objects.filter(union=union, slug=campaign_slug).first()
    user = User.objects.filter(pk=found[0]).first() if found else None
    if found is None or campaign is None or campaign.pk != found[1] or user is None:
        return render(request, "campaigns/unsubscribe.html", {"union": union, "invalid": True},
                      status=400)
    done = False
    if request.method == "POST":
        services.campaign_mute(campaign=campaign, user=user)
        done = True
    return render(request, "campaigns/unsubscribe.html",
                  {"union": union, "campaign": campaign, "done": done})

