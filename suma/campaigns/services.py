"""Every write to targets, campaigns, grievance lists, demands and the timeline."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from suma.campaigns.models import Campaign, CampaignMute, EventKind, TimelineEvent
from suma.core.notifications import notify


def timeline_event_add(*, campaign: Campaign, kind: str, title: str | Promise, body: str = "",
                       link: str = "", by=None, happened_at: datetime | None = None,
                       ) -> TimelineEvent:
    """Put an event on a campaign's timeline: Suma's own (by=None) or an organiser's.

    Other apps call this for theirs: a petition's milestones and delivery, a pledge's
    activation. The title is stored as text in the language active when it happened.
    """
    with transaction.atomic():
        return TimelineEvent.objects.create(
            campaign=campaign, kind=EventKind(kind), title=str(title)[:300], body=body,
            link=link, by=by, happened_at=happened_at or timezone.now())


def campaign_notify(*, campaign: Campaign, user, title: str | Promise,
                    body: str | Promise = "", url: str = "") -> bool:
    """Tell a member something about a campaign, unless they unsubscribed from it.

    Returns whether they will hear it. Every app's campaign news goes through here, so that
    muting a campaign (and digests) hold for petitions and pledges alike.
    """
    if CampaignMute.objects.filter(campaign=campaign, user=user).exists():
        return False
    return notify(user=user, category="campaigns", title=title, body=body, url=url) is not None
