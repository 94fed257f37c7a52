"""What members hear about decisions: a proposal opens, voting opens, the reminder, the result."""

from django.utils.translation import gettext_lazy as _

from suma.core.i18n import interpolate_lazy
from suma.core.notifications import notify, register_category

register_category("decisions", _("Proposals and votes in my union and chapters"))

TITLES = {
    "published": _("New proposal for discussion: %(title)s"),
    "voting": _("Voting is open: %(title)s"),
    "reminder": _("Voting closes within 24 hours and you have not voted: %(title)s"),
    "result": _("Result of the vote: %(title)s"),
}
BODIES = {
    "published": _("The discussion is open until %(deadline)s."),
    "voting": _("Vote before %(deadline)s."),
    "reminder": _("Vote before %(deadline)s."),
    "result": _("Outcome: %(outcome)s."),
}


def proposal_announce_to(*, proposal, event: str, user_ids) -> int:
    """Notify each user of one event of a proposal; returns how many were told."""
    deadline = {"published": proposal.discussion_closes_at}.get(event,
                                                                 proposal.voting_closes_at)
    params = {"title": proposal.title,
              "deadline": deadline.strftime("%Y-%m-%d %H:%M UTC") if deadline else "",
              "outcome": proposal.get_outcome_display()}
    from suma.members.models import User

    told = 0
    for start in range(0, len(user_ids), 1000):
        for user in User.objects.filter(pk__in=user_ids[start:start + 1000]):
            notify(user=user, category="decisions",
                   title=interpolate_lazy(TITLES[event], params),
                   body=interpolate_lazy(BODIES[event], params),
                   url=proposal.get_absolute_url())
            told += 1
    return told
