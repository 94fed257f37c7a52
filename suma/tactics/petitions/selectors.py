"""Every read the petition pages and the API need."""

import time
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate

from suma.core.errors import NotFound
from suma.tactics.petitions.countries import country_name
from suma.tactics.petitions.models import (
    Milestone,
    Petition,
    PetitionStatus,
    Signature,
    SignatureCount,
    SignatureStatus,
)
from suma.tactics.petitions.services import signature_total


def _fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields]


# Petitions read for signing (their fields' values, per model), kept for
# SUMA_PETITION_READ_SECONDS in each process.
_recent: dict[tuple[str, str], tuple[float, list]] = {}


def petition_get(*, union_slug: str, slug: str, recent: bool = False) -> Petition:
    """A petition by its union's slug and its own, with union, campaign, the next milestone
    and its count then (`total_seen`), in one plain SQL query: every signature reads it (see
    suma.core.rows).

    `recent`: a row this process read less than SUMA_PETITION_READ_SECONDS ago will do. The
    signing path asks for it: signing itself checks in SQL that the petition is still open,
    and a next milestone read a second late only costs one more milestone check.
    """
    from django.conf import settings
    from django.db import connection

    from suma.campaigns.models import Campaign
    from suma.core import rows
    from suma.members.models import Union

    models = ((Petition, "p"), (Union, "u"), (Campaign, "c"))
    names = [_fields(model) for model, _alias in models]
    max_age = getattr(settings, "SUMA_PETITION_READ_SECONDS", 0) if recent else 0
    key = (union_slug, slug)
    found = None
    if max_age > 0 and (hit := _recent.get(key)) and time.monotonic() - hit[0] < max_age:
        found = hit[1]
    if found is None:
        columns = ", ".join(rows.columns(model, fields, alias)
                            for (model, alias), fields in zip(models, names, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns}, (SELECT MIN(m.count) FROM {Milestone._meta.db_table} m "
                f"WHERE m.petition_id = p.id AND m.reached_at IS NULL), "
                f"(SELECT COALESCE(SUM(n), 0) FROM {SignatureCount._meta.db_table} "
                f"WHERE petition_id = p.id) "
                f"FROM {Petition._meta.db_table} p "
                f"JOIN {Union._meta.db_table} u ON u.id = p.union_id "
                f"JOIN {Campaign._meta.db_table} c ON c.id = p.campaign_id "
                f"WHERE u.slug = %s AND p.slug = %s", [union_slug, slug])
            row = cursor.fetchone()
        if row is None:
            raise NotFound(_no_petition())
        found, start = [], 0
        for (model, _alias), fields in zip(models, names, strict=True):
            found.append(rows.values(model, fields, row[start:start + len(fields)]))
            start += len(fields)
        found += [row[-2], row[-1]]
        if max_age > 0:
            if len(_recent) > 1000:
                _recent.clear()
            _recent[key] = (time.monotonic(), found)
    petition, union, campaign = (rows.build(model, fields, values) for (model, _alias), fields,
                                 values in zip(models, names, found, strict=False))
    petition.union, petition.campaign = union, campaign
    petition.next_milestone, petition.total_seen = found[-2], found[-1]
    return petition


def _no_petition():
    from django.utils.translation import gettext_lazy as _

    return _("No such petition.")


def petition_list(*, union, viewer=None):
    """The union's public petitions, open ones first; drafts too for their organisers."""
    qs = Petition.objects.filter(union=union).select_related("union", "campaign")
    public = ~Q(status=PetitionStatus.DRAFT)
    if viewer is not None and viewer.is_authenticated:
        drafts = [p.pk for p in qs.filter(status=PetitionStatus.DRAFT)
                  if viewer.has_perm("petitions.change_petition", p)]
        public |= Q(pk__in=drafts)
    return qs.filter(public).annotate(
        signature_count=Subquery(
            SignatureCount.objects.filter(petition=OuterRef("pk")).order_by()
            .values("petition").annotate(total=Sum("n")).values("total")[:1])
    ).order_by("-opens_at", "-created_at")


def counts_by_country(*, petition: Petition) -> list[dict]:
    """Valid signatures per country, most first, named in the active language."""
    rows = (SignatureCount.objects.filter(petition=petition).values("country").order_by()
            .annotate(n=Sum("n")).filter(n__gt=0))
    found = [{"country": r["country"], "name": country_name(r["country"]), "count": r["n"]}
             for r in rows]
    return sorted(found, key=lambda r: (-r["count"], r["name"]))


def milestone_list(*, petition: Petition) -> list[Milestone]:
    return list(petition.milestones.all())


def review_queue(*, petition: Petition):
    return Signature.objects.filter(petition=petition, status=SignatureStatus.QUARANTINED) \
        .order_by("created_at", "id")


def review_count(*, petition: Petition) -> int:
    return review_queue(petition=petition).count()


def signatures_for_delivery(*, petition: Petition):
    """Name and country of every valid signature, in the order they came."""
    return (Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED)
            .order_by("confirmed_at", "id").values_list("name", "country", "anonymised"))


def stored_valid_count(*, petition: Petition) -> int:
    """Valid signatures counted in the signatures table itself (to check the counter)."""
    return Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED).count()


def daily_series(*, petition: Petition) -> tuple[tuple[date, int], ...]:
    """Valid signatures, cumulative, per day of confirmation."""
    rows = (Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED)
            .annotate(day=TruncDate("confirmed_at")).values("day").order_by("day")
            .annotate(n=Count("id")))
    total, series = 0, []
    for row in rows:
        total += row["n"]
        series.append((row["day"], total))
    return tuple(series)


def petition_summary(*, petition: Petition) -> dict:
    milestones = milestone_list(petition=petition)
    return {"total": signature_total(petition=petition), "milestones": milestones,
            "goal": milestones[-1].count if milestones else None,
            "first_reached": min((m.reached_at for m in milestones if m.reached_at),
                                 default=None)}


