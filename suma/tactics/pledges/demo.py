"""The demo union's pledges: a conditional strike still collecting, on the Facebook campaign."""

from datetime import timedelta

from django.utils import timezone

from suma.campaigns.models import Campaign, Organisation, OrganisationKind
from suma.members.models import ChapterMembership, ChapterRole, ChapterStatus
from suma.tactics.pledges import services
from suma.tactics.pledges.models import Pledge, PledgeKind, StrikeAction

CAMPAIGN = "facebook-transparency"


def pledges_demo_load(*, union) -> None:
    """Add this app's part of the demo union; running it again keeps what is there."""
    campaign = Campaign.objects.filter(union=union, slug=CAMPAIGN).first()
    if campaign is None or Pledge.objects.filter(campaign=campaign).exists():
        return
    chapter = union.chapters.filter(slug="facebook-europe").first()
    places = list(ChapterMembership.objects.filter(
        chapter=chapter, status=ChapterStatus.ACTIVE).select_related("membership__user")
        .order_by("pk")) if chapter else []
    organiser = next((p.membership.user for p in places if p.role == ChapterRole.ORGANISER),
                     None)
    if organiser is None:
        return
    target = campaign.targets.filter(kind=OrganisationKind.PLATFORM).first() or \
        Organisation.objects.get_or_create(name="Meta Platforms", country="",
                                           defaults={"kind": OrganisationKind.PLATFORM})[0]
    now = timezone.now()
    deadline = (now + timedelta(days=21)).replace(hour=12, minute=0, second=0, microsecond=0)
    strike = services.pledge_create(
        union=union, campaign=campaign, chapter=chapter, by=organiser,
        kind=PledgeKind.STRIKE, title="Log out of Facebook for a week",
        action="log out of Facebook and Instagram and stay logged out",
        details="The 2018 users' strikes failed because one person called them and nobody "
                "knew whether anyone else would join. This one starts only if enough of us "
                "pledge: until then nobody is bound, and nobody's name is shown.\n\n"
                "If it activates, the week's participation is published here day by day, "
                "and the access gateway suspends Meta's grants for the week.",
        threshold=40, deadline=deadline, starts_at=deadline,
        ends_at=deadline + timedelta(days=7), confidential=True,
        strike_action=StrikeAction.LOG_OUT, target=target, now=now - timedelta(days=4))
    services.pledge_launch(pledge=strike, by=organiser, now=now - timedelta(days=4))
    pledgers = [p.membership.user for p in places][:11]
    for i, user in enumerate(pledgers):
        services.pledge_sign(pledge=strike, user=user, now=now - timedelta(hours=90 - 8 * i))
