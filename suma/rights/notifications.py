"""What members and organisers hear about data-rights requests: a deadline a week away and
on the day, a request that became overdue, a drive's milestones. One category, "rights",
stored on the site at once and mailed in the hourly digest."""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from suma.core.i18n import interpolate_lazy
from suma.core.notifications import notify, register_category
from suma.members.models import ChapterMembership, ChapterRole, ChapterStatus

CATEGORY = "rights"
REMIND_DAYS_BEFORE = 7

register_category(CATEGORY, _("My data-rights requests: deadlines, overdue answers, drives"),
                  digest=True)


def _params(request) -> dict:
    return {"controller": request.controller.name, "reference": request.reference}


def deadline_reminders_send(*, today: date) -> int:
    """Tell each member whose request's deadline is a week away, or today."""
    from suma.rights.selectors import awaiting_with_deadline

    told = 0
    for days, title, body in (
        (REMIND_DAYS_BEFORE,
         _("%(controller)s has a week left to answer your request %(reference)s"),
         _("The deadline is in seven days. If the answer comes, tick off on the request's "
           "page what it contains.")),
        (0, _("Today is the deadline for %(controller)s to answer your request %(reference)s"),
         _("If no complete answer comes today, the request is overdue from tomorrow: you can "
           "then send a reminder from its page.")),
    ):
        for request in awaiting_with_deadline(on=today + timedelta(days=days)):
            told += notify(user=request.member, category=CATEGORY,
                           title=interpolate_lazy(title, _params(request)),
                           body=body, url=request.get_absolute_url(),
                           group=request.reference) is not None
    return told


def overdue_notify(*, today: date) -> int:
    """Tell each member whose request became overdue today what they can do now."""
    from suma.rights.selectors import became_overdue

    told = 0
    for request in became_overdue(on=today):
        told += notify(
            user=request.member, category=CATEGORY,
            title=interpolate_lazy(_("%(controller)s missed the deadline of your request "
                                     "%(reference)s"), _params(request)),
            body=_("The legal deadline passed with no complete answer. From the request's "
                   "page you can send a reminder in one click, or draft a complaint to the "
                   "supervisory authority."),
            url=request.get_absolute_url(), group=request.reference) is not None
    return told


def drive_organisers(drive) -> list:
    """Who hears a drive's news: who created it, and the organisers of its chapter."""
    people = {drive.created_by_id: drive.created_by} if drive.created_by_id else {}
    if drive.chapter_id:
        for place in (ChapterMembership.objects.filter(
                chapter_id=drive.chapter_id, status=ChapterStatus.ACTIVE,
                role=ChapterRole.ORGANISER).select_related("membership__user")):
            people[place.membership.user_id] = place.membership.user
    return [user for user in people.values() if user is not None and user.is_active]


def drive_milestone_notify(*, drive, count: int) -> int:
    params = {"title": drive.title, "count": f"{count:,}"}
    return sum(notify(user=user, category=CATEGORY,
                      title=interpolate_lazy(_("%(count)s requests sent in the drive "
                                               "“%(title)s”"), params),
                      body=_("See on the drive's dashboard how the controller answers."),
                      url=drive.get_absolute_url(), group=f"drive:{drive.pk}") is not None
               for user in drive_organisers(drive))
