"""Every read of pledges and strikes that a page, the API, the repertoire or the coming
access gateway needs."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.core.errors import NotFound
from suma.members.models import Membership, Union
from suma.tactics.pledges import projection
from suma.tactics.pledges.models import (
    ACTIVATED_STATES,
    CheckIn,
    Pledge,
    PledgeKind,
    PledgeSignup,
    PledgeStatus,
)


def pledge_list(*, union: Union, viewer=None, kind: str | None = None,
                status: str | None = None) -> QuerySet[Pledge]:
    """The union's launched pledges, and the drafts the viewer may edit."""
    shown = ~Q(status=PledgeStatus.DRAFT)
    if viewer is not None and viewer.is_authenticated:
        draft_ids = [p.pk for p in Pledge.objects.filter(union=union, status=PledgeStatus.DRAFT)
                     .select_related("union", "chapter")
                     if viewer.has_perm("pledges.change_pledge", p)]
        shown |= Q(pk__in=draft_ids)
    qs = (Pledge.objects.filter(union=union).filter(shown)
          .select_related("union", "chapter", "campaign", "target")
          .order_by("-created_at", "-id"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(status=status) if status else qs


def pledge_get(*, union: Union, pk: int) -> Pledge:
    found = Pledge.objects.select_related("union", "chapter", "campaign", "target").filter(
        union=union, pk=pk).first()
    if found is None:
        raise NotFound(_("No such pledge."))
    return found


def pledger_names(*, pledge: Pledge) -> list[str]:
    """The pledgers' public names (pseudonym, else name), in the order they pledged."""
    ids = list(PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True)
               .values_list("user_id", flat=True))
    names = {m.user_id: m.public_name for m in Membership.objects.filter(
        union_id=pledge.union_id, user_id__in=ids).select_related("user")}
    return [names[i] for i in ids if i in names]


def participation(*, pledge: Pledge, today: date | None = None) -> list[tuple[date, int, int]]:
    """(day, pledgers who checked in, pledgers) for each day of the window so far."""
    if not pledge.is_activated:
        return []
    today = today or timezone.localdate()
    first = timezone.localdate(pledge.starts_at)
    last = min(today, timezone.localdate(pledge.ends_at - timedelta(microseconds=1)))
    per_day = dict(CheckIn.objects.filter(pledge=pledge).values("day")
                   .annotate(n=Count("id")).values_list("day", "n"))
    days = []
    day = first
    while day <= last and len(days) < 366:
        days.append((day, per_day.get(day, 0), pledge.pledge_count))
        day += timedelta(days=1)
    return days


def participation_rate(*, pledge: Pledge) -> float | None:
    """Check-ins over pledger-days of the window so far, in percent (None before it)."""
    days = participation(pledge=pledge)
    possible = sum(pledgers for _d, _c, pledgers in days)
    return round(100 * sum(c for _d, c, _p in days) / possible, 1) if possible else None


def checked_in_today(*, pledge: Pledge, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return CheckIn.objects.filter(pledge=pledge, user=user, day=timezone.localdate()).exists()


def followup_summary(*, pledge: Pledge) -> dict:
    """The follow-up's answers, counted together: published on the page."""
    answers = Counter(PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True)
                      .exclude(followup="").values_list("followup", flat=True))
    answered = sum(answers.values())
    return {"yes": answers.get("yes", 0), "partly": answers.get("partly", 0),
            "no": answers.get("no", 0), "answered": answered, "pledgers": pledge.pledge_count}


def success_rates(*, union: Union) -> list[projection.Band]:
    """The union's ended pledges (activated or failed), by threshold size."""
    rows = Pledge.objects.filter(union=union, status__in=[
        *ACTIVATED_STATES, PledgeStatus.FAILED]).values_list("threshold", "status")
    return projection.success_rates((threshold, status in ACTIVATED_STATES)
                                    for threshold, status in rows)


def strikes_in_effect(*, organisation=None, at: datetime | None = None) -> QuerySet[Pledge]:
    """Activated strikes whose window holds `at` (now by default): what the access gateway
    enforces against their target. Read by time, not by the periodic job's status, so a
    strike is in effect from its first second."""
    at = at or timezone.now()
    qs = Pledge.objects.filter(kind=PledgeKind.STRIKE, status__in=[
        PledgeStatus.ACTIVATED, PledgeStatus.IN_EFFECT], starts_at__lte=at, ends_at__gt=at)
    if organisation is not None:
        qs = qs.filter(target=organisation)
    return qs.select_related("union", "target", "campaign").order_by("ends_at", "pk")


def daily_pledges(*, pledge: Pledge) -> tuple[tuple[date, int], ...]:
    """The count of pledges at the end of each day from the launch: pledges add one on the
    day they came, withdrawals take one off on the day they left."""
    if pledge.launched_at is None:
        return ()
    change: Counter = Counter()
    for created, withdrawn in PledgeSignup.objects.filter(pledge=pledge).values_list(
            "created_at", "withdrawn_at"):
        change[timezone.localdate(created)] += 1
        if withdrawn is not None:
            change[timezone.localdate(withdrawn)] -= 1
    first = timezone.localdate(pledge.launched_at)
    end = pledge.activated_at or pledge.ended_at or min(timezone.now(), pledge.deadline)
    last = max([timezone.localdate(end), *change]) if change else timezone.localdate(end)
    series, total, day = [], 0, first
    while day <= last and len(series) < 3660:
        total += change.get(day, 0)
        series.append((day, total))
        day += timedelta(days=1)
    return tuple(series)


def _uses(campaign, kind: str) -> list:
    from suma.campaigns.repertoire import TacticUse

    uses = []
    for pledge in Pledge.objects.filter(campaign=campaign, kind=kind).exclude(
            status=PledgeStatus.DRAFT).select_related("union").order_by("launched_at", "pk"):
        activated = pledge.is_activated
        rate = participation_rate(pledge=pledge)
        ended = pledge.status in (PledgeStatus.FAILED, *ACTIVATED_STATES)
        uses.append(TacticUse(
            tactic=kind, title=pledge.title, url=pledge.get_absolute_url(),
            status=str(pledge.get_status_display()), started_at=pledge.launched_at,
            ended_at=pledge.ended_at,
            figures={"pledges": pledge.pledge_count, "threshold": pledge.threshold,
                     "activated": int(activated),
                     **({"participation": rate} if rate is not None else {})},
            labels={"pledges": _("pledges"), "threshold": _("needed"),
                    "activated": _("activated"), "participation": _("participation (%)")},
            succeeded=activated if ended else None,
            series=daily_pledges(pledge=pledge)))
    return uses


def pledge_uses(*, campaign) -> list:
    return _uses(campaign, PledgeKind.PLEDGE)


def strike_uses(*, campaign) -> list:
    return _uses(campaign, PledgeKind.STRIKE)


def campaigns_for(*, union: Union) -> QuerySet:
    """The campaigns a pledge may attach to: the union's, except those that ended."""
    from suma.campaigns.models import Campaign, CampaignStatus

    return Campaign.objects.filter(union=union).exclude(
        status__in=[CampaignStatus.WON, CampaignStatus.LOST]).order_by("title")
