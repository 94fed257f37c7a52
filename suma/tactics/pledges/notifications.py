"""What pledgers and organisers hear: "it's on", the deadline, today's check-in, the
follow-up, the failure, and the organisers' nudge. All campaign news, so it goes through
campaign_notify (per-campaign unsubscribe, digests)."""

from django.utils.translation import gettext_lazy as _

from suma.campaigns.services import campaign_notify
from suma.core.i18n import interpolate_lazy

TITLES = {
    "activated": _("It's on: %(title)s"),
    "failed": _("Not enough pledges: %(title)s"),
    "deadline": _("Two days left to reach %(threshold)s pledges: %(title)s"),
    "check_in": _("Are you on it today? Check in: %(title)s"),
    "followup": _("Did you do it? %(title)s"),
    "nudge": _("At this rate %(title)s falls short of %(threshold)s pledges"),
}
BODIES = {
    "activated": _("%(count)s members pledged, so the pledge is on: %(action)s from %(starts)s "
                   "to %(ends)s."),
    "failed": _("%(count)s of the %(threshold)s pledges needed came by the deadline, so nobody "
                "is bound. Thank you for pledging."),
    "deadline": _("%(count)s of %(threshold)s have pledged; pledging closes %(deadline)s. Ask "
                  "the people you work with."),
    "check_in": _("One click on the pledge's page tells the others you are on it today."),
    "followup": _("The window is over. Tell us whether you did it: yes, partly or no. The "
                  "answers are published together, never one by one."),
    "nudge": _("%(count)s of %(threshold)s have pledged; at the rate so far it will end with "
               "about %(projected)s by %(deadline)s. Time to ask more members."),
}


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def announce(*, pledge, event: str, user) -> int:
    """Notify one person of one event of a pledge; 1 if they will hear it, else 0."""
    from suma.tactics.pledges.projection import projected_count

    params = {"title": pledge.title, "action": pledge.action, "count": pledge.pledge_count,
              "threshold": pledge.threshold, "starts": _when(pledge.starts_at),
              "ends": _when(pledge.ends_at), "deadline": _when(pledge.deadline),
              "projected": pledge.pledge_count}
    if event == "nudge" and pledge.launched_at is not None:
        from django.utils import timezone

        params["projected"] = projected_count(count=pledge.pledge_count,
                                              started_at=pledge.launched_at,
                                              now=timezone.now(), deadline=pledge.deadline)
    return int(campaign_notify(campaign=pledge.campaign, user=user,
                               title=interpolate_lazy(TITLES[event], params),
                               body=interpolate_lazy(BODIES[event], params),
                               url=pledge.get_absolute_url()))
