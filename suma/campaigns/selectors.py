"""Every read of targets, campaigns, grievance lists and the repertoire a page or the API needs."""

from collections import Counter
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.campaigns.countries import fold
from suma.campaigns.directory_data import CATEGORIES
from suma.campaigns.models import (
    Campaign,
    CampaignMute,
    CampaignStatus,
    Demand,
    DemandEvent,
    DemandStatus,
    GrievanceSection,
    Organisation,
    Representative,
    TimelineEvent,
)
from suma.campaigns.repertoire import TACTICS, TacticUse, tactic_uses
from suma.core.errors import NotFound
from suma.members.models import Union

# Outcomes, as the dashboards count them.
MET = (DemandStatus.MET, DemandStatus.PARTIALLY_MET)
REFUSED = (DemandStatus.REFUSED,)


# -- The directory ----------------------------------------------------------------------------

def organisation_list(*, q: str = "", kind: str = "", country: str = "", category: str = "",
                      controller: bool | None = None) -> QuerySet:
    """Search (name, slug and what it runs, in any case and with or without accents; the
    contacts and website) and filters; `controller` True: those that take data-rights
    requests."""
    qs = Organisation.objects.all()
    if q:
        qs = qs.filter(Q(search_text__contains=fold(q)) | Q(name__icontains=q)
                       | Q(contacts__icontains=q) | Q(website__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country.upper())
    if category:
        # The categories are a JSON list of known words: match one, quotes included.
        qs = qs.filter(categories__icontains=f'"{category}"')
    if controller is not None:
        qs = qs.filter(is_controller=controller)
    return qs.order_by("name", "country", "pk")


def organisation_get(*, pk: int) -> Organisation:
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such organisation."))
    return found


def organisation_countries() -> list[str]:
    return sorted(set(Organisation.objects.exclude(country="")
                      .values_list("country", flat=True)))


def organisation_categories() -> list[str]:
    """The categories the directory's entries use, in the source's order."""
    return list(CATEGORIES)


def representative_list(*, q: str = "", country: str = "", region: str = "", body: str = "",
                        party: str = "") -> QuerySet[Representative]:
    """Representatives by country, region (any case, with or without accents), body and party
    (exact, any case); `q` searches name, office, body, region and party."""
    qs = Representative.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(office__icontains=q) | Q(body__icontains=q)
                       | Q(region__icontains=q) | Q(party__icontains=q)
                       | Q(region_key__contains=fold(q)))
    if country:
        qs = qs.filter(country=country.upper())
    if region:
        qs = qs.filter(region_key=fold(region))
    if body:
        qs = qs.filter(body__iexact=body)
    if party:
        qs = qs.filter(party__iexact=party)
    return qs.order_by("country", "body", "region", "name", "pk")


def representatives_for(*, country: str, region: str = "") -> QuerySet[Representative]:
    """Whom a member of `country` living in `region` writes to: the representatives of that
    region (matched in any case, with or without accents: "Baden-Wurttemberg" finds
    "Baden-Württemberg"); with no region, the country's national ones (those with none)."""
    return (Representative.objects.filter(country=(country or "").upper(),
                                          region_key=fold(region))
            .order_by("body", "name", "pk"))


def representative_facets() -> dict[str, list[str]]:
    """The countries, bodies and parties there are, for the filters."""
    rows = Representative.objects.values_list("country", "body", "party").distinct()
    countries, bodies, parties = set(), set(), set()
    for country, body, party in rows:
        countries.add(country)
        bodies.add(body)
        if party:
            parties.add(party)
    return {"countries": sorted(countries), "bodies": sorted(bodies, key=str.casefold),
            "parties": sorted(parties, key=str.casefold)}


def organisation_campaigns(*, organisation: Organisation) -> QuerySet:
    """The public campaigns that target it, of every union."""
    return (organisation.campaigns.exclude(status=CampaignStatus.DRAFT)
            .select_related("union").order_by("-launched_at", "-pk"))


# -- Campaigns ------------------------------------------------------------------------------

def campaign_list(*, union: Union, drafts: bool = False, status: str = "") -> QuerySet:
    """The union's public campaigns; with `drafts`, its drafts too."""
    qs = Campaign.objects.filter(union=union)
    if not drafts:
        qs = qs.exclude(status=CampaignStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return (qs.select_related("union").prefetch_related("targets", "chapters")
            .order_by("-launched_at", "-created_at", "-pk"))


def campaign_get(*, union: Union, slug: str) -> Campaign:
    found = (Campaign.objects.select_related("union", "created_by")
             .filter(union=union, slug=slug).first())
    if found is None:
        raise NotFound(_("No such campaign."))
    return found


def timeline(*, campaign: Campaign) -> QuerySet[TimelineEvent]:
    return campaign.events.order_by("-happened_at", "-pk")


def grievance_list(*, campaign: Campaign) -> list[GrievanceSection]:
    """The sections in order, each with its demands and their history, in three queries."""
    history = Prefetch("history", queryset=DemandEvent.objects.order_by("on", "pk")
                       .select_related("proposal"))
    demands = Prefetch("demands", queryset=Demand.objects.order_by("number")
                       .prefetch_related(history))
    return list(campaign.sections.order_by("position", "code").prefetch_related(demands))


def section_get(*, campaign: Campaign, pk: int) -> GrievanceSection:
    found = campaign.sections.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such section."))
    found.campaign = campaign
    return found


def demand_get(*, campaign: Campaign, pk: int) -> Demand:
    found = Demand.objects.select_related("section").filter(
        pk=pk, section__campaign=campaign).first()
    if found is None:
        raise NotFound(_("No such demand."))
    found.section.campaign = campaign
    return found


def is_muted(*, campaign: Campaign, user) -> bool:
    return bool(user and user.is_authenticated
                and CampaignMute.objects.filter(campaign=campaign, user=user).exists())


# -- The repertoire -------------------------------------------------------------------------

def demand_outcomes(*, campaigns, until: date | None = None) -> dict:
    """How many demands stood in each status on each day a status changed: the steps of
    the outcomes chart, from the DemandEvent history, drawn on to `until` (today).
    `rows` is [(date, {status: n})]."""
    events = (DemandEvent.objects.filter(demand__section__campaign__in=campaigns)
              .order_by("on", "pk").values_list("demand_id", "status", "on"))
    current: dict[int, str] = {}
    rows: list[tuple[date, dict[str, int]]] = []
    for demand_id, status, on in events:
        current[demand_id] = status
        counts = Counter(current.values())
        snapshot = {s: counts.get(s, 0) for s in DemandStatus.values}
        if rows and rows[-1][0] == on:
            rows[-1] = (on, snapshot)
        else:
            rows.append((on, snapshot))
    until = until or timezone.localdate()
    if rows and rows[-1][0] < until:
        rows.append((until, dict(rows[-1][1])))
    now = Counter(current.values())
    return {"rows": rows, "now": {s: now.get(s, 0) for s in DemandStatus.values},
            "total": len(current)}


def _figure_rows(use: TacticUse) -> list[tuple[str, int | float]]:
    return [(str(use.labels.get(key, key)), value) for key, value in use.figures.items()]


def campaign_repertoire(*, campaign: Campaign) -> dict:
    """Every tactic used in the campaign with its figures, beside the demands' outcomes."""
    uses = tactic_uses(campaign=campaign)
    return {
        "uses": [{"use": u, "label": TACTICS[u.tactic].label if u.tactic in TACTICS
                  else u.tactic, "figures": _figure_rows(u)} for u in uses],
        # An ended campaign's chart stops when it ended.
        "outcomes": demand_outcomes(campaigns=[campaign], until=timezone.localdate(
            campaign.ended_at) if campaign.ended_at else None),
    }


def union_repertoire(*, union: Union, drafts: bool = False) -> dict:
    """Per tactic, over the union's campaigns: uses, those that reached their goal, and the
    demands met and refused in the campaigns that used it."""
    campaigns = list(campaign_list(union=union, drafts=drafts))
    outcomes = demand_outcomes(campaigns=campaigns)
    per_campaign_demands = _demand_counts(campaigns)
    tactics: dict[str, dict] = {}
    rows = []
    for campaign in campaigns:
        uses = tactic_uses(campaign=campaign)
        met, refused, total = per_campaign_demands.get(campaign.pk, (0, 0, 0))
        rows.append({"campaign": campaign, "uses": len(uses), "met": met, "refused": refused,
                     "demands": total})
        for key in {u.tactic for u in uses}:
            entry = tactics.setdefault(key, {
                "key": key, "label": TACTICS[key].label if key in TACTICS else key,
                "uses": 0, "succeeded": 0, "failed": 0, "running": 0, "campaigns": 0,
                "demands_met": 0, "demands_refused": 0, "demands": 0})
            entry["campaigns"] += 1
            entry["demands_met"] += met
            entry["demands_refused"] += refused
            entry["demands"] += total
        for use in uses:
            entry = tactics[use.tactic]
            entry["uses"] += 1
            if use.succeeded is True:
                entry["succeeded"] += 1
            elif use.succeeded is False:
                entry["failed"] += 1
            else:
                entry["running"] += 1
    for entry in tactics.values():
        decided = entry["succeeded"] + entry["failed"]
        entry["success_rate"] = round(100 * entry["succeeded"] / decided, 1) if decided else None
    return {"tactics": sorted(tactics.values(), key=lambda e: (-e["uses"], str(e["label"]))),
            "campaigns": rows, "outcomes": outcomes}


def _demand_counts(campaigns) -> dict[int, tuple[int, int, int]]:
    counts: dict[int, list[int]] = {}
    for campaign_id, status in Demand.objects.filter(section__campaign__in=campaigns) \
            .values_list("section__campaign_id", "status"):
        entry = counts.setdefault(campaign_id, [0, 0, 0])
        entry[0] += status in MET
        entry[1] += status in REFUSED
        entry[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}
