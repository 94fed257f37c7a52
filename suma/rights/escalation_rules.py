"""Who may do what in escalation, as named predicates.

Objects are a DataRequest, a Complaint, a Mandate or a Union. A member follows up and
complains about their own requests, and gives and revokes their own mandate. A collective
complaint (a dossier) is the union's: its organisers (of any chapter) and its stewards with
two-factor authentication build, read and lodge it; only those stewards publish the mandate's
text.
"""

import rules

from suma.members.models import Union
from suma.members.roles import standing
from suma.members.rules import has_two_factor
from suma.rights.models import Complaint, DataRequest, Mandate


def _union_id(obj) -> int | None:
    if isinstance(obj, Union):
        return obj.pk
    if isinstance(obj, DataRequest | Complaint | Mandate):
        return obj.union_id
    return None


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


@rules.predicate
def is_own_request(user, obj) -> bool:
    return isinstance(obj, DataRequest) and _signed_in(user) and obj.member_id == user.pk


@rules.predicate
def is_own_complaint(user, obj) -> bool:
    """A member's complaint about their own request (not a dossier)."""
    if not isinstance(obj, Complaint) or obj.collective or not _signed_in(user):
        return False
    from suma.rights.escalation_selectors import complaint_member_ids

    return complaint_member_ids(complaint=obj) == {user.pk}


@rules.predicate
def is_dossier(user, obj) -> bool:
    return isinstance(obj, Complaint) and obj.collective


@rules.predicate
def is_own_mandate(user, obj) -> bool:
    return isinstance(obj, Mandate) and _signed_in(user) and obj.member_id == user.pk


@rules.predicate
def is_union_member(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_member


@rules.predicate
def is_organiser_in_union(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).organises_any


@rules.predicate
def is_steward(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_steward


is_steward_with_two_factor = is_steward & has_two_factor
may_lodge_for_the_union = is_organiser_in_union | is_steward_with_two_factor

rules.add_perm("rights.send_follow_up", is_own_request)
rules.add_perm("rights.draft_complaint", is_own_request)
rules.add_perm("rights.view_complaint", is_own_complaint | (is_dossier & may_lodge_for_the_union))
rules.add_perm("rights.lodge_complaint", is_own_complaint
               | (is_dossier & may_lodge_for_the_union))
rules.add_perm("rights.view_mandate", is_union_member)
rules.add_perm("rights.give_mandate", is_union_member)
rules.add_perm("rights.revoke_mandate", is_own_mandate)
rules.add_perm("rights.publish_mandate_text", is_steward_with_two_factor)
rules.add_perm("rights.build_dossier", may_lodge_for_the_union)
