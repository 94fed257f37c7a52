"""Every write to targets, campaigns, grievance lists, demands and the timeline.

A campaign moves draft → active (its launch) → paused, won or lost; a won or lost campaign
may be reopened. Each change is a system event on its public timeline and an audit entry.
A demand's status changes through dated DemandEvents (with evidence); its current status is
that of its latest event, so history may be entered after the fact.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from suma.campaigns.directory_data import search_text
from suma.campaigns.models import (
    Campaign,
    CampaignMute,
    CampaignStatus,
    Demand,
    DemandEvent,
    DemandStatus,
    EventKind,
    GrievanceSection,
    Organisation,
    OrganisationKind,
    TimelineEvent,
)
from suma.core.audit import audit_append
from suma.core.errors import Conflict, SumaError
from suma.core.i18n import interpolate_lazy
from suma.core.notifications import notify
from suma.members.models import Chapter, Union

# Names the campaign pages use for themselves: no campaign may take them as its slug.
RESERVED_SLUGS = {"new", "repertoire", "targets"}
ORGANISER_EVENTS = (EventKind.RESPONSE, EventKind.PRESS, EventKind.OUTCOME, EventKind.NOTE)
TRANSITIONS = {
    CampaignStatus.DRAFT: {CampaignStatus.ACTIVE},
    CampaignStatus.ACTIVE: {CampaignStatus.PAUSED, CampaignStatus.WON, CampaignStatus.LOST},
    CampaignStatus.PAUSED: {CampaignStatus.ACTIVE, CampaignStatus.WON, CampaignStatus.LOST},
    CampaignStatus.WON: {CampaignStatus.ACTIVE},
    CampaignStatus.LOST: {CampaignStatus.ACTIVE},
}
ENDED = (CampaignStatus.WON, CampaignStatus.LOST)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUL = "\x00"


def _text(value: str, *, field: str, limit: int, required: bool = False,
          message: Promise | None = None) -> str:
    value = (value or "").strip()
    if _NUL in value:
        raise SumaError(_("The text holds a character that is not allowed."), field=field)
    if required and not value:
        raise SumaError(message or _("This field is required."), field=field)
    if len(value) > limit:
        raise SumaError(interpolate_lazy(_("At most %(n)s characters."), {"n": limit}),
                        field=field)
    return value


def _url(value: str, *, field: str) -> str:
    value = (value or "").strip()
    if value and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", value):
        raise SumaError(_("Give a full web address, starting with https://."), field=field)
    if len(value) > 200:
        raise SumaError(interpolate_lazy(_("At most %(n)s characters."), {"n": 200}),
                        field=field)
    return value


# -- The directory of targets ---------------------------------------------------------------

ORGANISATION_FIELDS = ("name", "kind", "country", "website", "email", "postal_address",
                       "contacts", "is_controller", "webform", "phone")


def _organisation_values(*, name: str, kind: str, country: str, website: str, email: str,
                         postal_address: str, contacts: str, is_controller: bool = False,
                         webform: str = "", phone: str = "") -> dict:
    if kind not in OrganisationKind.values:
        raise SumaError(_("Unknown kind of organisation."), field="kind")
    country = (country or "").strip().upper()
    if country and not _COUNTRY.match(country):
        raise SumaError(_("Give the country as its two-letter code, e.g. IE."), field="country")
    email = _text(email, field="email", limit=254)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise SumaError(_("Enter a valid email address."), field="email")
    return {
        "name": _text(name, field="name", limit=200, required=True,
                      message=_("An organisation needs a name.")),
        "kind": kind, "country": country, "website": _url(website, field="website"),
        "email": email, "postal_address": _text(postal_address, field="postal_address",
                                                limit=2000),
        "contacts": _text(contacts, field="contacts", limit=4000),
        "is_controller": bool(is_controller), "webform": _url(webform, field="webform"),
        "phone": _text(phone, field="phone", limit=50),
    }


def organisation_create(*, by, name: str, kind: str, country: str = "", website: str = "",
                        email: str = "", postal_address: str = "", contacts: str = "",
                        is_controller: bool = False, webform: str = "",
                        phone: str = "") -> Organisation:
    """Add a target to the directory shared by every union."""
    values = _organisation_values(name=name, kind=kind, country=country, website=website,
                                  email=email, postal_address=postal_address,
                                  contacts=contacts, is_controller=is_controller,
                                  webform=webform, phone=phone)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                **values, search_text=search_text(name=values["name"]))
            audit_append(action="organisation.created", actor=by, obj=organisation,
                         data={"name": organisation.name, "country": organisation.country})
            return organisation
    except IntegrityError:
        raise Conflict(_("The directory already has an organisation of that name in that "
                          "country."), field="name", code="duplicate") from None


def organisation_update(*, organisation: Organisation, by, **changes) -> Organisation:
    """Change some of an entry's fields (those given). A refresh of the directory overwrites
    the contacts of an entry that came from a source (see suma.campaigns.directory)."""
    current = {f: getattr(organisation, f) for f in ORGANISATION_FIELDS}
    unknown = set(changes) - set(current)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    values = _organisation_values(**(current | {k: v for k, v in changes.items()
                                                if v is not None}))
    try:
        with transaction.atomic():
            for name, value in values.items():
                setattr(organisation, name, value)
            organisation.search_text = search_text(
                name=organisation.name, slug=organisation.slug, runs=organisation.runs,
                branches=organisation.branches)
            organisation.save()
            audit_append(action="organisation.changed", actor=by, obj=organisation,
                         data={"fields": sorted(k for k in changes if changes[k] is not None)})
            return organisation
    except IntegrityError:
        raise Conflict(_("The directory already has an organisation of that name in that "
                          "country."), field="name", code="duplicate") from None


# -- Campaigns -------------------------------------------------------------------------------

def _slug_for(union: Union, slug: str, title: str) -> str:
    if slug:
        slug = slug.strip().lower()
        if not _SLUG.match(slug) or len(slug) > 50:
            raise SumaError(_("A short name has lower-case letters, digits and hyphens only "
                              "(at most 50)."), field="slug")
        if slug in RESERVED_SLUGS:
            raise SumaError(_("That short name is reserved: choose another."), field="slug")
        if Campaign.objects.filter(union=union, slug=slug).exists():
            raise Conflict(_("The union already has a campaign with that short name."),
                            field="slug", code="duplicate")
        return slug
    base = slugify(title)[:40].strip("-") or "campaign"
    if base in RESERVED_SLUGS:
        base = f"{base}-campaign"
    candidate, n = base, 1
    while Campaign.objects.filter(union=union, slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _check_chapters(union: Union, chapters: Iterable[Chapter]) -> list[Chapter]:
    chapters = list(chapters)
    if any(c.union_id != union.pk for c in chapters):
        raise SumaError(_("That chapter belongs to another union."), field="chapters")
    return chapters


def campaign_create(*, union: Union, by, title: str, slug: str = "", summary: str = "",
                    description: str = "", targets: Iterable[Organisation] = (),
                    chapters: Iterable[Chapter] = ()) -> Campaign:
    """A draft campaign, seen by its organisers only until it is launched."""
    title = _text(title, field="title", limit=200, required=True,
                  message=_("A campaign needs a title."))
    summary = _text(summary, field="summary", limit=300)
    description = _text(description, field="description", limit=20000)
    chapters = _check_chapters(union, chapters)
    with transaction.atomic():
        campaign = Campaign.objects.create(union=union, slug=_slug_for(union, slug, title),
                                           title=title, summary=summary,
                                           description=description, created_by=by)
        campaign.targets.set(list(targets))
        campaign.chapters.set(chapters)
        audit_append(action="campaign.created", actor=by, obj=campaign,
                     data={"slug": campaign.slug, "title": title})
        return campaign


def campaign_update(*, campaign: Campaign, by, title: str | None = None,
                    summary: str | None = None, description: str | None = None,
                    targets: Iterable[Organisation] | None = None,
                    chapters: Iterable[Chapter] | None = None) -> Campaign:
    """Change what is given; the slug stays, as links point to it."""
    with transaction.atomic():
        if title is not None:
            campaign.title = _text(title, field="title", limit=200, required=True,
                                   message=_("A campaign needs a title."))
        if summary is not None:
            campaign.summary = _text(summary, field="summary", limit=300)
        if description is not None:
            campaign.description = _text(description, field="description", limit=20000)
        campaign.save()
        if targets is not None:
            targets = list(targets)
            if not targets and campaign.status != CampaignStatus.DRAFT:
                raise SumaError(_("A launched campaign needs at least one target."),
                                field="targets")
            campaign.targets.set(targets)
        if chapters is not None:
            campaign.chapters.set(_check_chapters(campaign.union, chapters))
            campaign.__dict__.pop("_owner_chapter_ids", None)
        return campaign


STATUS_TITLES = {
    CampaignStatus.ACTIVE: _("The campaign is launched"),
    CampaignStatus.PAUSED: _("The campaign is paused"),
    CampaignStatus.WON: _("The campaign is won"),
    CampaignStatus.LOST: _("The campaign is lost"),
}


def campaign_status_set(*, campaign: Campaign, by, status: str, note: str = "",
                        now: datetime | None = None) -> Campaign:
    """Launch, pause, resume, win, lose or reopen: each is a system event on the timeline."""
    now = now or timezone.now()
    note = _text(note, field="note", limit=2000)
    with transaction.atomic():
        list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk"))
        campaign.refresh_from_db()
        if status not in CampaignStatus.values:
            raise SumaError(_("Unknown status."), field="status")
        if status not in TRANSITIONS[CampaignStatus(campaign.status)]:
            raise SumaError(interpolate_lazy(
                _("A campaign that is %(now)s cannot become %(then)s."),
                {"now": campaign.get_status_display(),
                 "then": CampaignStatus(status).label}), field="status", code="wrong_status")
        before = campaign.status
        if status == CampaignStatus.ACTIVE and before == CampaignStatus.DRAFT:
            if not campaign.targets.exists():
                raise SumaError(_("Name at least one target before the launch."),
                                field="targets")
            campaign.launched_at = now
            kind = EventKind.LAUNCH
        else:
            kind = EventKind.STATUS
        campaign.status = status
        campaign.ended_at = now if status in ENDED else None
        campaign.save(update_fields=["status", "launched_at", "ended_at", "updated_at"])
        timeline_event_add(campaign=campaign, kind=kind,
                           title=STATUS_TITLES[CampaignStatus(status)], body=note,
                           happened_at=now)
        audit_append(action="campaign.status_changed", actor=by, obj=campaign,
                     data={"from": before, "to": status})
        return campaign


# -- The timeline ----------------------------------------------------------------------------

def timeline_event_add(*, campaign: Campaign, kind: str, title: str | Promise, body: str = "",
                       link: str = "", by=None, happened_at: datetime | None = None,
                       ) -> TimelineEvent:
    """Put an event on a campaign's timeline: Suma's own (by=None) or an organiser's.

    Other apps call this for theirs: a petition's milestones and delivery, a pledge's
    activation. The title is stored as text in the language active when it happened.
    """
    if kind not in EventKind.values:
        raise SumaError(_("Unknown kind of event."), field="kind")
    title = _text(str(title), field="title", limit=300, required=True,
                  message=_("An event needs a title."))
    with transaction.atomic():
        return TimelineEvent.objects.create(
            campaign=campaign, kind=EventKind(kind), title=title, body=_text(
                str(body), field="body", limit=10000), link=_url(link, field="link"), by=by,
            happened_at=happened_at or timezone.now())


# -- Grievance lists -------------------------------------------------------------------------

def section_create(*, campaign: Campaign, code: str, title: str,
                   position: int | None = None) -> GrievanceSection:
    code = _text(code, field="code", limit=10, required=True,
                 message=_("A section needs a code, such as A.")).upper()
    title = _text(title, field="title", limit=300, required=True,
                  message=_("A section needs a title."))
    if position is None:
        position = (campaign.sections.aggregate(n=Max("position"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            return GrievanceSection.objects.create(campaign=campaign, code=code, title=title,
                                                   position=position)
    except IntegrityError:
        raise Conflict(_("This grievance list already has a section with that code."),
                        field="code", code="duplicate") from None


def section_update(*, section: GrievanceSection, title: str) -> GrievanceSection:
    with transaction.atomic():
        section.title = _text(title, field="title", limit=300, required=True,
                              message=_("A section needs a title."))
        section.save(update_fields=["title"])
        return section


def demand_create(*, section: GrievanceSection, text: str, by, number: int | None = None,
                  on: date | None = None) -> Demand:
    """A new demand, proposed, numbered after the section's last unless a number is given."""
    text = _text(text, field="text", limit=2000, required=True,
                 message=_("Write the demand."))
    try:
        with transaction.atomic():
            list(GrievanceSection.objects.select_for_update().filter(pk=section.pk)
                 .values_list("pk"))
            if number is None:
                number = (section.demands.aggregate(n=Max("number"))["n"] or 0) + 1
            if not 1 <= number <= 999:
                raise SumaError(_("A demand's number is from 1 to 999."), field="number")
            demand = Demand.objects.create(section=section, number=number, text=text)
            DemandEvent.objects.create(demand=demand, status=DemandStatus.PROPOSED,
                                       on=on or timezone.localdate(), by=by)
            return demand
    except IntegrityError:
        raise Conflict(_("This section already has a demand with that number."),
                        field="number", code="duplicate") from None


def demand_update(*, demand: Demand, text: str) -> Demand:
    with transaction.atomic():
        demand.text = _text(text, field="text", limit=2000, required=True,
                            message=_("Write the demand."))
        demand.save(update_fields=["text", "updated_at"])
        return demand


def demand_status_set(*, demand: Demand, by, status: str, on: date | None = None,
                      note: str = "", evidence_url: str = "", proposal=None) -> DemandEvent:
    """Record a dated change of a demand's status, with its evidence, on its history and the
    campaign's timeline."""
    if status not in DemandStatus.values:
        raise SumaError(_("Unknown status."), field="status")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise SumaError(_("The date cannot be in the future."), field="on")
    note = _text(note, field="note", limit=2000)
    evidence_url = _url(evidence_url, field="evidence_url")
    with transaction.atomic():
        list(Demand.objects.select_for_update().filter(pk=demand.pk).values_list("pk"))
        demand.refresh_from_db()
        event = DemandEvent.objects.create(demand=demand, status=status, on=on, note=note,
                                           evidence_url=evidence_url, by=by, proposal=proposal)
        # History entered after the fact: the demand was proposed by then at the latest.
        origin = demand.history.order_by("pk").first()
        if origin.pk != event.pk and origin.status == DemandStatus.PROPOSED and origin.on > on:
            origin.on = on
            origin.save(update_fields=["on"])
        latest = demand.history.order_by("-on", "-pk").first()
        if latest is not None and latest.status != demand.status:
            demand.status = latest.status
            demand.save(update_fields=["status", "updated_at"])
        campaign = demand.section.campaign
        timeline_event_add(
            campaign=campaign, kind=EventKind.DEMAND,
            title=interpolate_lazy(_("%(code)s %(status)s: %(text)s"), {
                "code": demand.code, "status": DemandStatus(status).label,
                "text": demand.text[:200]}),
            body=note, link=evidence_url,
            happened_at=timezone.make_aware(datetime.combine(on, datetime.min.time()))
            if on != timezone.localdate() else None)
        audit_append(action="demand.status_changed", actor=by, obj=demand,
                     data={"status": status, "on": on.isoformat(),
                           "proposal": proposal.pk if proposal else None})
        return event


# -- Following a campaign ----------------------------------------------------------------------

def campaign_mute(*, campaign: Campaign, user) -> CampaignMute:
    """Stop a campaign's news for a member (on the site and by email)."""
    with transaction.atomic():
        found, _created = CampaignMute.objects.get_or_create(campaign=campaign, user=user)
        return found


def campaign_unmute(*, campaign: Campaign, user) -> bool:
    with transaction.atomic():
        deleted, _rows = CampaignMute.objects.filter(campaign=campaign, user=user).delete()
        return bool(deleted)


def campaign_notify(*, campaign: Campaign, user, title: str | Promise,
                    body: str | Promise = "", url: str = "") -> bool:
    """Tell a member something about a campaign, unless they unsubscribed from it.

    Returns whether they will hear it. Every app's campaign news goes through here, so that
    muting a campaign and the digest hold for petitions and pledges alike: it shows on the
    site at once, and leaves by email in the next hourly digest, grouped by campaign.
    """
    from suma.campaigns.notifications import campaign_group

    if CampaignMute.objects.filter(campaign=campaign, user=user).exists():
        return False
    return notify(user=user, category="campaigns", title=title, body=body,
                  url=url or campaign.get_absolute_url(),
                  group=campaign_group(campaign.pk)) is not None
