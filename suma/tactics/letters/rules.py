"""Who may do what with letter campaigns, as named predicates.

Objects are a LetterCampaign, the Campaign one is made in, or the Union (for the list's "new"
link). A campaign's organisers (of its owner chapters, of any chapter when the whole union
runs it) and the stewards with two-factor authentication write and open letter campaigns.
Open ones are for the union's members to write; letters themselves are their authors' alone
(the services fetch them by author), and only counts per representative are shown to others.
"""

import rules

from suma.campaigns.models import Campaign
from suma.members.models import Union
from suma.members.roles import standing
from suma.members.rules import has_two_factor
from suma.tactics.letters.models import LetterCampaign, LetterCampaignStatus


def _campaign(obj) -> Campaign | None:
    if isinstance(obj, LetterCampaign):
        return obj.campaign
    return obj if isinstance(obj, Campaign) else None


def _union_id(obj) -> int | None:
    if isinstance(obj, Union):
        return obj.pk
    if isinstance(obj, LetterCampaign | Campaign):
        return obj.union_id
    return None


def _owner_chapters(campaign: Campaign) -> list[int]:
    cached = campaign.__dict__.get("_letters_chapters")
    if cached is None:
        cached = list(campaign.chapters.values_list("id", flat=True))
        campaign.__dict__["_letters_chapters"] = cached
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
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_steward


@rules.predicate
def is_organiser_in_union(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).organises_any


@rules.predicate
def is_union_member(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_member


@rules.predicate
def is_public(user, letter_campaign) -> bool:
    return isinstance(letter_campaign, LetterCampaign) and \
        letter_campaign.status != LetterCampaignStatus.DRAFT


@rules.predicate
def is_open(user, letter_campaign) -> bool:
    return isinstance(letter_campaign, LetterCampaign) and \
        letter_campaign.status == LetterCampaignStatus.OPEN


@rules.predicate
def is_not_closed(user, letter_campaign) -> bool:
    return isinstance(letter_campaign, LetterCampaign) and \
        letter_campaign.status != LetterCampaignStatus.CLOSED


may_organise = is_campaign_organiser | (is_steward & has_two_factor)

rules.add_perm("letters.view_letter_campaign", is_public | may_organise)
# The "new" page: anyone who organises somewhere in the union, or a steward.
rules.add_perm("letters.create_letter_campaigns",
               is_organiser_in_union | (is_steward & has_two_factor))
rules.add_perm("letters.add_letter_campaign", may_organise)           # on a Campaign
rules.add_perm("letters.change_letter_campaign", is_not_closed & may_organise)
rules.add_perm("letters.open_letter_campaign", may_organise)
rules.add_perm("letters.write_letter", is_open & is_union_member)
