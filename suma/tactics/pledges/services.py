"""Every write to pledges and strikes: drafting, launching, pledging, withdrawing,
activation, the window's check-ins, the follow-up, and the periodic moves between states.

States move forward only: draft → collecting → activated → in effect → finished, or
collecting → failed at the deadline. Activation happens in the transaction of the pledge
that reaches the threshold: every pledge and withdrawal takes the pledge's row lock first
and counts the stored signups under it, so the count is exact and activation happens once,
however many members pledge at the same moment (both engines: PostgreSQL's row lock; on
SQLite the IMMEDIATE transaction lets one writer in at a time).
"""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Campaign, CampaignStatus, EventKind, Organisation
from suma.campaigns.services import timeline_event_add
from suma.core.audit import audit_append
from suma.core.errors import NotAllowed, SumaError
from suma.core.i18n import interpolate_lazy
from suma.members.models import Chapter, Union, User
from suma.members.roles import standing
from suma.tactics.pledges import projection
from suma.tactics.pledges.models import (
    CheckIn,
    Pledge,
    PledgeKind,
    PledgeSignup,
    PledgeStatus,
    StrikeAction,
)

logger = logging.getLogger(__name__)
MAX_THRESHOLD = 10_000_000
ENDED_CAMPAIGN = (CampaignStatus.WON, CampaignStatus.LOST)


# -- Drafting and launching ---------------------------------------------------------------

def _check(*, union: Union, campaign: Campaign, chapter: Chapter | None, kind: str,
           title: str, action: str, threshold: int, deadline: datetime, starts_at: datetime,
           ends_at: datetime, strike_action: str, target: Organisation | None,
           now: datetime) -> None:
    if campaign.union_id != union.pk:
        raise SumaError(_("That campaign belongs to another union."), field="campaign")
    if campaign.status in ENDED_CAMPAIGN:
        raise SumaError(_("That campaign has ended."), field="campaign")
    if chapter is not None and chapter.union_id != union.pk:
        raise SumaError(_("That chapter belongs to another union."), field="chapter")
    if kind not in PledgeKind.values:
        raise SumaError(_("Unknown kind of pledge."), field="kind")
    if not title.strip():
        raise SumaError(_("A pledge needs a title."), field="title")
    if not action.strip():
        raise SumaError(_("Say what each pledger will do."), field="action")
    if not 1 <= threshold <= MAX_THRESHOLD:
        raise SumaError(_("The number of pledgers needed must be at least 1."),
                        field="threshold")
    if deadline <= now:
        raise SumaError(_("The deadline for pledging must be in the future."), field="deadline")
    if starts_at < deadline:
        raise SumaError(_("The window starts at the deadline for pledging or later: nobody "
                          "acts before everyone knows whether it is on."), field="starts_at")
    if ends_at <= starts_at:
        raise SumaError(_("The window must end after it starts."), field="ends_at")
    if kind == PledgeKind.STRIKE:
        if strike_action not in StrikeAction.values:
            raise SumaError(_("A strike needs its action: log out, stop tasks or withhold "
                              "data."), field="strike_action")
        if target is None:
            raise SumaError(_("A strike needs a target platform."), field="target")
    elif strike_action or target is not None:
        raise SumaError(_("Only a strike has a strike action and a target."),
                        field="strike_action")


def pledge_create(*, union: Union, campaign: Campaign, chapter: Chapter | None, by: User,
                  title: str, action: str, threshold: int, deadline: datetime,
                  starts_at: datetime, ends_at: datetime, kind: str = PledgeKind.PLEDGE,
                  details: str = "", confidential: bool = False, strike_action: str = "",
                  target: Organisation | None = None, now: datetime | None = None) -> Pledge:
    """A draft: seen by the scope's organisers and stewards until it is launched."""
    now = now or timezone.now()
    _check(union=union, campaign=campaign, chapter=chapter, kind=kind, title=title,
           action=action, threshold=threshold, deadline=deadline, starts_at=starts_at,
           ends_at=ends_at, strike_action=strike_action, target=target, now=now)
    with transaction.atomic():
        pledge = Pledge.objects.create(
            union=union, campaign=campaign, chapter=chapter, kind=kind,
            title=title.strip()[:200], action=action.strip()[:300], details=details,
            threshold=threshold, deadline=deadline, starts_at=starts_at, ends_at=ends_at,
            confidential=confidential, created_by=by,
            strike_action=strike_action if kind == PledgeKind.STRIKE else "",
            target=target if kind == PledgeKind.STRIKE else None)
        audit_append(action="pledge.drafted", actor=by, obj=pledge,
                     data={"title": pledge.title, "kind": kind, "threshold": threshold,
                           "scope": chapter.slug if chapter else union.slug})
        return pledge


EDITABLE = ("campaign", "chapter", "kind", "title", "action", "details", "threshold",
            "deadline", "starts_at", "ends_at", "confidential", "strike_action", "target")


def pledge_update(*, pledge: Pledge, by: User, now: datetime | None = None,
                  **values) -> Pledge:
    """Change a draft (nothing of a launched pledge changes: people pledged to its terms)."""
    now = now or timezone.now()
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise SumaError(_("That cannot be changed."), field=sorted(unknown)[0])
    with transaction.atomic():
        pledge = _locked(pledge)
        if pledge.status != PledgeStatus.DRAFT:
            raise SumaError(_("Only a draft can be edited."), code="not_draft")
        for name, value in values.items():
            setattr(pledge, name, value)
        if pledge.kind != PledgeKind.STRIKE:
            pledge.strike_action, pledge.target = "", None
        _check(union=pledge.union, campaign=pledge.campaign, chapter=pledge.chapter,
               kind=pledge.kind, title=pledge.title, action=pledge.action,
               threshold=pledge.threshold, deadline=pledge.deadline,
               starts_at=pledge.starts_at, ends_at=pledge.ends_at,
               strike_action=pledge.strike_action, target=pledge.target, now=now)
        pledge.title, pledge.action = pledge.title.strip()[:200], pledge.action.strip()[:300]
        pledge.save()
        return pledge


def _locked(pledge: Pledge) -> Pledge:
    """Lock the pledge's row and bring the caller's object up to date with it."""
    list(Pledge.objects.select_for_update().filter(pk=pledge.pk).values_list("pk"))
    pledge.refresh_from_db()
    return pledge


def strikes_need_proposal(*, union: Union) -> bool:
    from suma.governance.models import GovernanceSettings

    found = GovernanceSettings.objects.filter(union=union).first()
    return bool(found and found.strikes_need_proposal)


def _passed_for(proposal, pledge: Pledge) -> bool:
    from suma.governance.models import Outcome

    return (proposal is not None and proposal.union_id == pledge.union_id
            and proposal.outcome == Outcome.PASSED and proposal.action_kind == "strike_launch"
            and str(proposal.action_params.get("pledge")) == str(pledge.pk))


def pledge_launch(*, pledge: Pledge, by: User | None, proposal=None,
                  now: datetime | None = None) -> Pledge:
    """Open the pledge for pledging, put its launch on the campaign's timeline.

    A strike in a union whose rules say so is launched only by the passed proposal that
    carries it (the strike_launch action, see actions.py).
    """
    now = now or timezone.now()
    with transaction.atomic():
        pledge = _locked(pledge)
        if pledge.status != PledgeStatus.DRAFT:
            raise SumaError(_("This pledge is already launched."), code="not_draft")
        if pledge.deadline <= now:
            raise SumaError(_("The deadline for pledging has passed: change it first."),
                            code="deadline_passed", field="deadline")
        if pledge.is_strike and strikes_need_proposal(union=pledge.union) \
                and not _passed_for(proposal, pledge):
            raise NotAllowed(_("In this union a strike is launched only by a passed proposal: "
                               "propose it (action “launch a strike”)."),
                             code="proposal_needed")
        pledge.status, pledge.launched_at = PledgeStatus.COLLECTING, now
        pledge.save(update_fields=["status", "launched_at", "updated_at"])
        audit_append(action="pledge.launched", actor=by, obj=pledge,
                     data={"threshold": pledge.threshold, "deadline": pledge.deadline.isoformat(),
                           "proposal": proposal.pk if proposal is not None else None})
        title = (_("Strike launched: %(title)s") if pledge.is_strike
                 else _("Pledge launched: %(title)s"))
        timeline_event_add(campaign=pledge.campaign, kind=EventKind.LAUNCH,
                           title=str(title) % {"title": pledge.title},
                           link=_absolute(pledge), happened_at=now)
        return pledge


def _absolute(pledge: Pledge) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{pledge.get_absolute_url()}"


# -- Pledging -----------------------------------------------------------------------------

def is_eligible(*, pledge: Pledge, user: User) -> bool:
    """Active in the pledge's chapter, or (for the whole union) a member of the union."""
    mine = standing(user, pledge.union_id)
    return mine.is_active_in(pledge.chapter_id) if pledge.chapter_id else mine.is_member


def _count(pledge: Pledge) -> int:
    return PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True).count()


def pledge_sign(*, pledge: Pledge, user: User, now: datetime | None = None) -> PledgeSignup:
    """One member pledges; the pledge that reaches the threshold activates it, then and there."""
    now = now or timezone.now()
    if not is_eligible(pledge=pledge, user=user):
        scope = pledge.chapter.name if pledge.chapter_id else pledge.union.name
        raise NotAllowed(interpolate_lazy(
            _("Only active members of %(scope)s may make this pledge."), {"scope": scope}),
            code="not_eligible")
    with transaction.atomic():
        pledge = _locked(pledge)
        _refuse_unless_collecting(pledge, now)
        if PledgeSignup.objects.filter(pledge=pledge, user=user,
                                       withdrawn_at__isnull=True).exists():
            raise SumaError(_("You have already pledged."), code="already_pledged")
        try:
            with transaction.atomic():
                signup = PledgeSignup.objects.create(pledge=pledge, user=user, created_at=now)
        except IntegrityError:  # only if someone bypassed the lock: the constraint holds
            raise SumaError(_("You have already pledged."), code="already_pledged") from None
        _recount(pledge, now)
        return signup


def _refuse_unless_collecting(pledge: Pledge, now: datetime) -> None:
    if pledge.status == PledgeStatus.DRAFT:
        raise SumaError(_("This pledge is not open yet."), code="not_open")
    if pledge.status == PledgeStatus.FAILED or (
            pledge.status == PledgeStatus.COLLECTING and now >= pledge.deadline):
        raise SumaError(_("The deadline for this pledge has passed."), code="deadline_passed")
    if pledge.status != PledgeStatus.COLLECTING:
        raise SumaError(_("This pledge has already activated: it no longer takes pledges "
                          "or withdrawals."), code="activated")


def _recount(pledge: Pledge, now: datetime) -> None:
    """Store the true count and activate when it reaches the threshold (under the lock)."""
    pledge.pledge_count = _count(pledge)
    fields = ["pledge_count", "updated_at"]
    activated = pledge.pledge_count >= pledge.threshold
    if activated:
        pledge.status, pledge.activated_at = PledgeStatus.ACTIVATED, now
        fields += ["status", "activated_at"]
    pledge.save(update_fields=fields)
    if activated:
        _on_activation(pledge, now)


def _on_activation(pledge: Pledge, now: datetime) -> None:
    from suma.tactics.pledges.tasks import pledge_announce

    audit_append(action="pledge.activated", actor=None, obj=pledge,
                 data={"count": pledge.pledge_count, "threshold": pledge.threshold,
                       "at": now.isoformat()})
    title = (_("Strike activated: %(count)s pledged to %(title)s") if pledge.is_strike
             else _("Pledge activated: %(count)s pledged to %(title)s"))
    timeline_event_add(campaign=pledge.campaign, kind=EventKind.ACTIVATION,
                       title=str(title) % {"count": pledge.pledge_count, "title": pledge.title},
                       link=_absolute(pledge), happened_at=now)
    pk = pledge.pk
    transaction.on_commit(lambda: pledge_announce.enqueue(pk, "activated"))


def pledge_withdraw(*, pledge: Pledge, user: User, now: datetime | None = None) -> PledgeSignup:
    """Take one's pledge back: only while it collects, never once it has activated."""
    now = now or timezone.now()
    with transaction.atomic():
        pledge = _locked(pledge)
        signup = PledgeSignup.objects.filter(pledge=pledge, user=user,
                                             withdrawn_at__isnull=True).first()
        if signup is None:
            raise SumaError(_("You have not pledged."), code="not_pledged")
        _refuse_unless_collecting(pledge, now)
        signup.withdrawn_at = now
        signup.save(update_fields=["withdrawn_at"])
        _recount(pledge, now)
        return signup


def signup_active(*, pledge: Pledge, user: User) -> PledgeSignup | None:
    if user is None or not user.is_authenticated:
        return None
    return PledgeSignup.objects.filter(pledge=pledge, user=user,
                                       withdrawn_at__isnull=True).first()


# -- The window and after -----------------------------------------------------------------

def in_window(pledge: Pledge, now: datetime) -> bool:
    return pledge.is_activated and pledge.starts_at <= now < pledge.ends_at


def check_in(*, pledge: Pledge, user: User, now: datetime | None = None) -> CheckIn:
    """"I'm on strike today" (or "I did it today"): once a day, during the window."""
    now = now or timezone.now()
    if not in_window(pledge, now) or pledge.status == PledgeStatus.FINISHED:
        raise SumaError(_("Check-ins are open only during the pledge's window, once it has "
                          "activated."), code="not_in_window")
    if signup_active(pledge=pledge, user=user) is None:
        raise NotAllowed(_("Only pledgers check in."), code="not_pledged")
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            return CheckIn.objects.create(pledge=pledge, user=user, day=day)
    except IntegrityError:
        raise SumaError(_("You have already checked in today."),
                        code="already_checked_in") from None


def followup_answer(*, pledge: Pledge, user: User, answer: str,
                    now: datetime | None = None) -> PledgeSignup:
    """"Did you do it?" once the window is over; the answer may be changed."""
    now = now or timezone.now()
    if answer not in PledgeSignup.Answer.values:
        raise SumaError(_("Answer yes, partly or no."), field="answer")
    if not pledge.is_activated or now < pledge.ends_at:
        raise SumaError(_("The follow-up opens when the window is over."),
                        code="not_finished")
    with transaction.atomic():
        signup = PledgeSignup.objects.select_for_update().filter(
            pledge=pledge, user=user, withdrawn_at__isnull=True).first()
        if signup is None:
            raise NotAllowed(_("Only pledgers answer the follow-up."), code="not_pledged")
        signup.followup, signup.followup_at = answer, now
        signup.save(update_fields=["followup", "followup_at"])
        return signup


# -- Periodic moves -----------------------------------------------------------------------

def pledges_advance(*, now: datetime | None = None) -> dict[str, int]:
    """Fail pledges short at their deadline, put activated ones in effect when their window
    opens, and finish them when it closes. Each move takes the row lock, so a pledge that
    activates at the deadline's last moment is never failed."""
    now = now or timezone.now()
    done = {"failed": 0, "in_effect": 0, "finished": 0}
    for pk in Pledge.objects.filter(status=PledgeStatus.COLLECTING,
                                    deadline__lte=now).values_list("pk", flat=True):
        done["failed"] += _advanced(pk, now, _fail)
    for pk in Pledge.objects.filter(status=PledgeStatus.ACTIVATED, starts_at__lte=now,
                                    ends_at__gt=now).values_list("pk", flat=True):
        done["in_effect"] += _advanced(pk, now, _start)
    for pk in Pledge.objects.filter(status__in=[PledgeStatus.ACTIVATED, PledgeStatus.IN_EFFECT],
                                    ends_at__lte=now).values_list("pk", flat=True):
        done["finished"] += _advanced(pk, now, _finish)
    return done


def _advanced(pk: int, now: datetime, step) -> int:
    """Run one move; a pledge that fails must not hold up the others."""
    try:
        with transaction.atomic():
            pledge = _locked(Pledge(pk=pk))
            return int(step(pledge, now))
    except Exception:
        logger.exception("could not advance pledge %s", pk)
        return 0


def _fail(pledge: Pledge, now: datetime) -> bool:
    from suma.tactics.pledges.tasks import pledge_announce

    if pledge.status != PledgeStatus.COLLECTING or pledge.deadline > now:
        return False
    pledge.status, pledge.ended_at = PledgeStatus.FAILED, now
    pledge.save(update_fields=["status", "ended_at", "updated_at"])
    audit_append(action="pledge.failed", actor=None, obj=pledge,
                 data={"count": pledge.pledge_count, "threshold": pledge.threshold})
    timeline_event_add(
        campaign=pledge.campaign, kind=EventKind.OUTCOME, link=_absolute(pledge),
        title=str(_("Not enough pledges by the deadline: %(count)s of %(threshold)s for "
                    "%(title)s")) % {"count": pledge.pledge_count,
                                     "threshold": pledge.threshold, "title": pledge.title},
        happened_at=now)
    pk = pledge.pk
    transaction.on_commit(lambda: pledge_announce.enqueue(pk, "failed"))
    return True


def _start(pledge: Pledge, now: datetime) -> bool:
    if pledge.status != PledgeStatus.ACTIVATED or not pledge.starts_at <= now < pledge.ends_at:
        return False
    pledge.status = PledgeStatus.IN_EFFECT
    pledge.save(update_fields=["status", "updated_at"])
    audit_append(action="pledge.in_effect", actor=None, obj=pledge,
                 data={"count": pledge.pledge_count})
    return True


def _finish(pledge: Pledge, now: datetime) -> bool:
    from suma.tactics.pledges.tasks import pledge_announce

    if pledge.status not in (PledgeStatus.ACTIVATED, PledgeStatus.IN_EFFECT) \
            or pledge.ends_at > now:
        return False
    pledge.status, pledge.ended_at = PledgeStatus.FINISHED, now
    pledge.followup_sent_at = now
    pledge.save(update_fields=["status", "ended_at", "followup_sent_at", "updated_at"])
    days = CheckIn.objects.filter(pledge=pledge).values("day").distinct().count()
    audit_append(action="pledge.finished", actor=None, obj=pledge,
                 data={"count": pledge.pledge_count, "check_in_days": days})
    timeline_event_add(
        campaign=pledge.campaign, kind=EventKind.OUTCOME, link=_absolute(pledge),
        title=str(_("Finished: %(title)s, kept by %(count)s pledgers")) % {
            "title": pledge.title, "count": pledge.pledge_count},
        happened_at=now)
    pk = pledge.pk
    transaction.on_commit(lambda: pledge_announce.enqueue(pk, "followup"))
    return True


def pledges_remind(*, now: datetime | None = None) -> dict[str, int]:
    """The reminders: deadline near (to pledgers, once), today's check-in (to pledgers, once
    a day during the window), and the organisers' nudge when the projected count falls short
    (at most once a day)."""
    from suma.tactics.pledges.tasks import pledge_announce

    now = now or timezone.now()
    today = timezone.localdate(now)
    due: list[tuple[int, str]] = []
    with transaction.atomic():
        for pledge in Pledge.objects.select_for_update(skip_locked=True).filter(
                status=PledgeStatus.COLLECTING, deadline_reminded=False,
                deadline__lte=now + timedelta(hours=48), deadline__gt=now):
            pledge.deadline_reminded = True
            pledge.save(update_fields=["deadline_reminded"])
            due.append((pledge.pk, "deadline"))
        for pledge in Pledge.objects.select_for_update(skip_locked=True).filter(
                status__in=[PledgeStatus.ACTIVATED, PledgeStatus.IN_EFFECT],
                starts_at__lte=now, ends_at__gt=now).exclude(prompted_on=today):
            pledge.prompted_on = today
            pledge.save(update_fields=["prompted_on"])
            due.append((pledge.pk, "check_in"))
        for pledge in Pledge.objects.select_for_update(skip_locked=True).filter(
                status=PledgeStatus.COLLECTING, deadline__gt=now,
                launched_at__isnull=False):
            if pledge.nudged_at is not None and pledge.nudged_at > now - timedelta(days=1):
                continue
            if projection.falls_short(count=pledge.pledge_count, threshold=pledge.threshold,
                                      started_at=pledge.launched_at, now=now,
                                      deadline=pledge.deadline):
                pledge.nudged_at = now
                pledge.save(update_fields=["nudged_at"])
                due.append((pledge.pk, "nudge"))
        for pk, event in due:
            transaction.on_commit(lambda pk=pk, event=event: pledge_announce.enqueue(pk, event))
    counts: dict[str, int] = {}
    for _pk, event in due:
        counts[event] = counts.get(event, 0) + 1
    return counts


# -- Campaign updates (the member's news, through campaign_notify) -------------------------

def pledge_announce_send(*, pledge: Pledge, event: str) -> int:
    """Tell the people concerned about one event of a pledge; returns how many were told.

    "activated" marks each pledger as told in the same transaction as their notification,
    so a job that is run again after a crash tells nobody twice.
    """
    from suma.tactics.pledges.notifications import announce

    if event == "activated":
        told = 0
        pending = PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True,
                                              told_activated=False).select_related("user")
        while True:
            with transaction.atomic():
                batch = list(pending.select_for_update(skip_locked=True, of=("self",))
                             .order_by("pk")[:500])
                if not batch:
                    return told
                for signup in batch:
                    told += announce(pledge=pledge, event=event, user=signup.user)
                PledgeSignup.objects.filter(pk__in=[s.pk for s in batch]).update(
                    told_activated=True)
    with transaction.atomic():
        users = _audience(pledge, event)
        return sum(announce(pledge=pledge, event=event, user=user) for user in users)


def _audience(pledge: Pledge, event: str) -> list[User]:
    if event == "nudge":
        return organisers_of(pledge=pledge)
    return [s.user for s in PledgeSignup.objects.filter(
        pledge=pledge, withdrawn_at__isnull=True).select_related("user")]


def organisers_of(*, pledge: Pledge) -> list[User]:
    """Who runs the pledge: its author, and the scope's organisers (stewards for the union)."""
    from suma.members.models import ChapterMembership, ChapterRole, ChapterStatus, Membership

    if pledge.chapter_id:
        ids = set(ChapterMembership.objects.filter(
            chapter_id=pledge.chapter_id, status=ChapterStatus.ACTIVE,
            role=ChapterRole.ORGANISER).values_list("membership__user_id", flat=True))
    else:
        ids = set(Membership.objects.filter(union_id=pledge.union_id, role="steward")
                  .values_list("user_id", flat=True))
    if pledge.created_by_id:
        ids.add(pledge.created_by_id)
    return list(User.objects.filter(pk__in=ids).order_by("pk"))
