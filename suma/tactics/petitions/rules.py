"""Who may do what with petitions, as named predicates.

Objects are a Petition, or the Campaign a petition is made in. A campaign's organisers are
the organisers of its owner chapters (of any chapter when the whole union runs it) and the
stewards with two-factor authentication. Public petitions are for everyone: visitors sign.
"""

import rules

from suma.campaigns.models import Campaign
from suma.members.roles import standing
from suma.members.rules import has_two_factor
from suma.tactics.petitions.models import Petition, PetitionStatus


def _campaign(obj) -> Campaign | None:
    if isinstance(obj, Petition):
        return obj.campaign
    return obj if isinstance(obj, Campaign) else None


def _owner_chapters(campaign: Campaign) -> list[int]:
    cached = campaign.__dict__.get("_petition_chapters")
    if cached is None:
        cached = list(campaign.chapters.values_list("id", flat=True))
        campaign.__dict__["_petition_chapters"] = cached
    return cached


@rules.predicate
def is_campaign_organiser(user, obj) -> bool:
    campaign = _campaign(obj)
    if campaign is None:
        return False
    mine = standing(user, campaign.union_id)
    if not mine.organises_any:
        return False
    chapters = _owner_chapters(campaign)
    return not chapters or any(mine.is_organiser_of(c) for c in chapters)


@rules.predicate
def is_steward(user, obj) -> bool:
    campaign = _campaign(obj)
    return campaign is not None and standing(user, campaign.union_id).is_steward


@rules.predicate
def is_public(user, petition) -> bool:
    return isinstance(petition, Petition) and petition.status != PetitionStatus.DRAFT


@rules.predicate
def is_not_delivered(user, petition) -> bool:
    return isinstance(petition, Petition) and petition.status != PetitionStatus.DELIVERED


may_organise = is_campaign_organiser | (is_steward & has_two_factor)

rules.add_perm("petitions.view_petition", is_public | may_organise)
rules.add_perm("petitions.add_petition", may_organise)
rules.add_perm("petitions.change_petition", is_not_delivered & may_organise)
rules.add_perm("petitions.review_signatures", may_organise)
rules.add_perm("petitions.deliver_petition", is_public & may_organise)
