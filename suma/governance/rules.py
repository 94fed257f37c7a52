"""Who may do what with proposals and votes, as named predicates.

Objects are a Proposal, or the scope a proposal is made in (a Chapter or the Union). What
members may propose and who opens votes is each union's choice (GovernanceSettings).
"""

import rules

from suma.governance.models import GovernanceSettings, OpenWho, Phase, Proposal, Voter, Who
from suma.members.roles import standing
from suma.members.rules import has_two_factor, scope_ids


def _union_id(obj) -> int | None:
    return scope_ids(obj, Proposal)[0]


def _chapter_id(obj) -> int | None:
    return scope_ids(obj, Proposal)[1]


def governance_settings(union_id: int) -> GovernanceSettings:
    """The union's decision rules (defaults when none were stored). Read afresh for each
    request (one small query), since a vote can change them at any time."""
    found = GovernanceSettings.objects.filter(union_id=union_id).first()
    return found or GovernanceSettings(union_id=union_id)


def _rules_of(user, obj) -> GovernanceSettings | None:
    union_id = _union_id(obj)
    if union_id is None:
        return None
    cache = user.__dict__.setdefault("_suma_governance", {}) if user is not None else {}
    if union_id not in cache:
        cache[union_id] = governance_settings(union_id)
    return cache[union_id]


@rules.predicate
def is_member_in_scope(user, obj) -> bool:
    """Active in the proposal's chapter, or (for the whole union) a member of the union."""
    union_id = _union_id(obj)
    if union_id is None:
        return False
    chapter_id = _chapter_id(obj)
    mine = standing(user, union_id)
    return mine.is_active_in(chapter_id) if chapter_id else mine.is_member


@rules.predicate
def is_union_member(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_member


@rules.predicate
def is_organiser_of_scope(user, obj) -> bool:
    union_id = _union_id(obj)
    if union_id is None:
        return False
    chapter_id = _chapter_id(obj)
    mine = standing(user, union_id)
    return mine.is_organiser_of(chapter_id) if chapter_id else mine.organises_any


@rules.predicate
def is_author(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and user.is_authenticated and \
        proposal.author_id == user.pk


@rules.predicate
def is_draft(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and proposal.phase == Phase.DRAFT


@rules.predicate
def is_under_discussion(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and proposal.phase in (Phase.DISCUSSION, Phase.VOTING)


@rules.predicate
def is_in_discussion(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and proposal.phase == Phase.DISCUSSION


@rules.predicate
def is_on_roll(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and user.is_authenticated and \
        Voter.objects.filter(proposal=proposal, user=user).exists()


@rules.predicate
def is_voting(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and proposal.phase == Phase.VOTING


@rules.predicate
def is_published(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and proposal.phase != Phase.DRAFT


def _rule_allows(setting: str, *allowed) -> rules.Predicate:
    """A predicate: the union's decision rule `setting` is one of `allowed`."""

    def allows(user, obj) -> bool:
        found = _rules_of(user, obj)
        return found is not None and getattr(found, setting) in allowed

    return rules.predicate(allows, name=f"{setting}_in_{'_'.join(map(str, allowed))}")


members_may_propose = _rule_allows("who_may_propose", Who.MEMBERS)
organisers_may_propose = _rule_allows("who_may_propose", Who.MEMBERS, Who.ORGANISERS)
authors_may_open_votes = _rule_allows("who_may_open_vote", OpenWho.AUTHOR)
organisers_may_open_votes = _rule_allows("who_may_open_vote", OpenWho.AUTHOR,
                                         OpenWho.ORGANISERS)
delegation_is_on = _rule_allows("delegation", True)


@rules.predicate
def is_steward(user, obj) -> bool:
    """A steward of the union the object belongs to (members.rules' predicate of the same
    name knows unions and chapters only, not proposals)."""
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_steward


is_steward_with_two_factor = is_steward & has_two_factor
may_see_proposal = is_union_member | is_steward_with_two_factor

rules.add_perm("governance.view_proposals", may_see_proposal)
rules.add_perm("governance.view_proposal", (is_published & may_see_proposal) | is_author)
rules.add_perm(
    "governance.add_proposal",
    (is_member_in_scope & members_may_propose)
    | (is_organiser_of_scope & organisers_may_propose)
    | is_steward_with_two_factor)
rules.add_perm("governance.change_proposal", is_draft & is_author)
rules.add_perm("governance.publish_proposal", is_draft & is_author)
rules.add_perm("governance.comment", is_under_discussion & (is_member_in_scope
                                                            | is_steward_with_two_factor))
rules.add_perm(
    "governance.open_vote",
    is_in_discussion & (
        (is_author & authors_may_open_votes)
        | (is_organiser_of_scope & organisers_may_open_votes)
        | is_steward_with_two_factor))
# The voter roll taken when voting opened decides: someone who left the scope since may still
# vote (the API's ballot endpoint asks the roll alone).
rules.add_perm("governance.vote", is_voting & (is_member_in_scope | is_on_roll))
# Turnout while the vote runs (never the choices of a secret ballot).
rules.add_perm("governance.view_turnout", is_voting & (is_author | is_organiser_of_scope
                                                       | is_steward_with_two_factor))
rules.add_perm("governance.delegate", is_union_member & delegation_is_on)
rules.add_perm("governance.change_settings", is_steward_with_two_factor)
