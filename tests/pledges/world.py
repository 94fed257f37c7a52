"""Pledges in every state, built on the shared fixture world with the real services."""

from datetime import timedelta

from django.utils import timezone

from suma.campaigns.models import Campaign, CampaignStatus, Organisation, OrganisationKind
from suma.tactics.pledges import services
from suma.tactics.pledges.models import Pledge, PledgeKind, StrikeAction


def make_campaign(world, slug: str = "pledges-campaign") -> Campaign:
    """A campaign made through the campaigns models (their services are another app's)."""
    campaign = Campaign.objects.create(union=world.union, slug=slug, title="Fair pay per task",
                                       status=CampaignStatus.ACTIVE,
                                       created_by=world.organiser)
    campaign.targets.add(platform())
    return campaign


def platform() -> Organisation:
    return Organisation.objects.get_or_create(name="TaskPlatform", country="",
                                              defaults={"kind": OrganisationKind.PLATFORM})[0]


def make_pledge(world, campaign, *, threshold: int = 3, by=None, chapter="default",
                kind: str = PledgeKind.PLEDGE, launch: bool = True, confidential=False,
                now=None, deadline_in=timedelta(days=7), window=timedelta(days=3),
                **extra) -> Pledge:
    now = now or timezone.now()
    deadline = now + deadline_in
    if kind == PledgeKind.STRIKE:
        extra.setdefault("strike_action", StrikeAction.STOP_TASKS)
        extra.setdefault("target", platform())
    pledge = services.pledge_create(
        union=world.union, campaign=campaign,
        chapter=world.chapter if chapter == "default" else chapter, by=by or world.organiser,
        kind=kind, title="Stop taking tasks on Friday", action="stop taking tasks",
        threshold=threshold, deadline=deadline, starts_at=deadline,
        ends_at=deadline + window, confidential=confidential, now=now, **extra)
    if launch:
        services.pledge_launch(pledge=pledge, by=by or world.organiser, now=now)
    return pledge


def activated_in_window(world, campaign, *, pledgers, threshold=None) -> Pledge:
    """A pledge launched days ago that activated and whose window is open now."""
    past = timezone.now() - timedelta(days=3)
    pledge = make_pledge(world, campaign, threshold=threshold or len(pledgers), now=past,
                         deadline_in=timedelta(days=1), window=timedelta(days=5))
    for user in pledgers:
        services.pledge_sign(pledge=pledge, user=user, now=past + timedelta(hours=1))
    return pledge


def finished(world, campaign, *, pledgers) -> Pledge:
    past = timezone.now() - timedelta(days=10)
    pledge = make_pledge(world, campaign, threshold=len(pledgers), now=past,
                         deadline_in=timedelta(days=1), window=timedelta(days=2))
    for user in pledgers:
        services.pledge_sign(pledge=pledge, user=user, now=past + timedelta(hours=1))
    services.pledges_advance()
    return pledge


def pledges_values(world) -> dict:
    """Ids for the permission matrix: a draft, a collecting pledge (the organiser pledged),
    one in its window and one finished (the organiser its only pledger)."""
    campaign = make_campaign(world, slug="pledges-matrix")
    draft = make_pledge(world, campaign, launch=False)
    collecting = make_pledge(world, campaign, threshold=5)
    services.pledge_sign(pledge=collecting, user=world.organiser)
    window = activated_in_window(world, campaign, pledgers=[world.organiser])
    done = finished(world, campaign, pledgers=[world.organiser])
    return {"pledges_campaign": campaign.pk, "pledges_campaign_slug": campaign.slug,
            "pledges_chapter": world.chapter.pk, "pledges_draft": draft.pk,
            "pledges_collecting": collecting.pk, "pledges_window": window.pk,
            "pledges_finished": done.pk}
