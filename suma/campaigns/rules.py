"""Who may do what with targets, campaigns, grievance lists and the timeline.

Objects are a Campaign (or what belongs to one), a Union (for its list and new campaigns), or
an Organisation (the directory is shared by every union of the installation). A campaign is
public once it leaves the draft; its owner chapters' organisers and the union's stewards run
it. A campaign without owner chapters belongs to the whole union: any of its organisers runs it.
"""

import rules
from django.db.models import Q, QuerySet

from suma.campaigns.models import Campaign, CampaignStatus, Demand, GrievanceSection
from suma.members.models import (
    Chapter,
    ChapterRole,
    ChapterStatus,
    Membership,
    Union,
    UnionRole,
)
from suma.members.roles import standing
from suma.members.rules import has_two_factor


def _campaign(obj) -> Campaign | None:
    if isinstance(obj, Campaign):
        return obj
    if isinstance(obj, GrievanceSection):
        return obj.campaign
    if isinstance(obj, Demand):
        return obj.section.campaign
    return None


def _union_id(obj) -> int | None:
    if isinstance(obj, Union):
        return obj.pk
    campaign = _campaign(obj)
    return campaign.union_id if campaign is not None else None


def _owner_chapter_ids(campaign: Campaign) -> list[int]:
    cached = campaign.__dict__.get("_owner_chapter_ids")
    if cached is None:
        cached = list(campaign.chapters.values_list("pk", flat=True))
        campaign.__dict__["_owner_chapter_ids"] = cached
    return cached


@rules.predicate
def is_steward(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_steward


is_steward_with_two_factor = is_steward & has_two_factor


@rules.predicate
def is_organiser_in_union(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).organises_any


@rules.predicate
def is_campaign_organiser(user, obj) -> bool:
    """An organiser of one of the campaign's owner chapters (of any chapter when it has none)."""
    campaign = _campaign(obj)
    if campaign is None:
        return False
    mine = standing(user, campaign.union_id)
    owners = _owner_chapter_ids(campaign)
    if not owners:
        return mine.organises_any
    return any(mine.is_organiser_of(chapter_id) for chapter_id in owners)


@rules.predicate
def is_public(user, obj) -> bool:
    campaign = _campaign(obj)
    return campaign is not None and campaign.status != CampaignStatus.DRAFT


@rules.predicate
def organises_anywhere(user, obj=None) -> bool:
    """An organiser of some chapter, or a steward, of any union: who keeps the directory."""
    if user is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_suma_campaigns", {})
    if "organises" not in cache:
        cache["organises"] = Membership.objects.filter(user=user).filter(
            Q(role=UnionRole.STEWARD) | Q(chapter_memberships__status=ChapterStatus.ACTIVE,
                                          chapter_memberships__role=ChapterRole.ORGANISER)
        ).exists()
    return cache["organises"]


def owner_chapters(user, union: Union, campaign: Campaign | None = None) -> QuerySet[Chapter]:
    """The chapters a user may name as a campaign's owners: all for a steward, else those
    they organise (and, when editing, those the campaign has already)."""
    chapters = Chapter.objects.filter(union=union).order_by("name")
    if is_steward_with_two_factor(user, union):
        return chapters
    mine = standing(user, union.pk)
    allowed = Q(pk__in=[c for c in mine.chapters if mine.is_organiser_of(c)])
    if campaign is not None:
        allowed |= Q(pk__in=_owner_chapter_ids(campaign))
    return chapters.filter(allowed)


may_manage = is_campaign_organiser | is_steward_with_two_factor

rules.add_perm("campaigns.view_campaign", is_public | may_manage)
rules.add_perm("campaigns.view_drafts", is_organiser_in_union | is_steward_with_two_factor)
rules.add_perm("campaigns.add_campaign", is_organiser_in_union | is_steward_with_two_factor)
rules.add_perm("campaigns.change_campaign", may_manage)
rules.add_perm("campaigns.follow_campaign", rules.is_authenticated & (is_public | may_manage))
rules.add_perm("campaigns.view_organisation", rules.always_allow)
rules.add_perm("campaigns.add_organisation", organises_anywhere)
rules.add_perm("campaigns.change_organisation", organises_anywhere)
