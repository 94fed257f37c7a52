"""The notification category for campaigns and their tactics: stored at once on the site,
mailed as an hourly digest grouped by campaign, each group with its own unsubscribe link."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suma.core.notifications import DigestGroup, register_category

_UNSUBSCRIBE_SALT = "suma.campaigns.unsubscribe"
GROUP_PREFIX = "campaign:"


def campaign_group(campaign_id: int) -> str:
    """The Notification.group of a campaign's news."""
    return f"{GROUP_PREFIX}{campaign_id}"


def campaign_unsubscribe_token(*, user_id: int, campaign_id: int) -> str:
    return signing.dumps({"u": user_id, "c": campaign_id}, salt=_UNSUBSCRIBE_SALT,
                         compress=True)


def campaign_unsubscribe_read(token: str) -> tuple[int, int] | None:
    """(user id, campaign id) of a signed unsubscribe link, or None when it is forged."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) \
            or not isinstance(data.get("c"), int):
        return None
    return data["u"], data["c"]


def campaign_unsubscribe_url(*, user_id: int, campaign) -> str:
    token = campaign_unsubscribe_token(user_id=user_id, campaign_id=campaign.pk)
    return settings.SITE_URL + reverse("campaign_unsubscribe",
                                       args=[campaign.union.slug, campaign.slug, token])


def digest_groups(*, user, notifications: list) -> list[DigestGroup]:
    """A member's pending campaign news, one group per campaign they still follow."""
    from suma.campaigns.models import Campaign, CampaignMute

    by_campaign: dict[int | None, list] = {}
    for n in notifications:
        campaign_id = None
        if n.group.startswith(GROUP_PREFIX) and n.group[len(GROUP_PREFIX):].isdigit():
            campaign_id = int(n.group[len(GROUP_PREFIX):])
        by_campaign.setdefault(campaign_id, []).append(n)
    campaigns = Campaign.objects.select_related("union").in_bulk(
        [pk for pk in by_campaign if pk is not None])
    muted = set(CampaignMute.objects.filter(user=user, campaign_id__in=list(campaigns))
                .values_list("campaign_id", flat=True))
    groups = []
    for campaign in sorted(campaigns.values(), key=lambda c: c.title):
        if campaign.pk in muted:
            continue
        groups.append(DigestGroup(
            title=campaign.title, items=by_campaign[campaign.pk],
            url=campaign.get_absolute_url(),
            unsubscribe_url=campaign_unsubscribe_url(user_id=user.pk, campaign=campaign),
            unsubscribe_label=_("Stop the news of this campaign:")))
    if by_campaign.get(None):
        groups.append(DigestGroup(title=_("Campaigns"), items=by_campaign[None]))
    return groups


register_category("campaigns",
                  gettext_lazy("Campaigns I take part in: milestones, activations, deadlines"),
                  digest=True, digest_groups=digest_groups)
