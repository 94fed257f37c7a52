"""The members counted from the rows: fills the kept counters (bulk loads, repair).

Takes querysets as arguments so a caller (or a future data migration) can pass its own.
"""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def _count(rows: QuerySet, key: str) -> Coalesce:
    counted = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(
        n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def member_counts_fill(*, unions: QuerySet, chapters: QuerySet, memberships: QuerySet,
                       places: QuerySet) -> None:
    """Set Union.member_count (memberships with is_member) and Chapter.member_count (active
    places) of the given unions and chapters from the rows."""
    chapters.update(member_count=_count(places.filter(status="active"), "chapter"))
    unions.update(member_count=_count(memberships.filter(is_member=True), "union"))
