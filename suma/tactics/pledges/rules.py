"""Who may do what with pledges and strikes, as named predicates.

Objects are a Pledge, or the scope one is made in (a Chapter or the Union). Launched pledges
are public, like their campaigns; only the count shows of a confidential one until it
activates. Organisers of the scope chapter and stewards draft, edit and launch them; for the
whole union, stewards.
"""

import rules

from suma.members.roles import standing
from suma.members.rules import has_two_factor, scope_ids
from suma.tactics.pledges.models import Pledge, PledgeSignup, PledgeStatus


def _union_id(obj) -> int | None:
    return scope_ids(obj, Pledge)[0]


def _chapter_id(obj) -> int | None:
    return scope_ids(obj, Pledge)[1]


@rules.predicate
def is_member_in_scope(user, obj) -> bool:
    union_id = _union_id(obj)
    if union_id is None:
        return False
    chapter_id = _chapter_id(obj)
    mine = standing(user, union_id)
    return mine.is_active_in(chapter_id) if chapter_id else mine.is_member


@rules.predicate
def is_chapter_organiser(user, obj) -> bool:
    """An organiser of the scope's chapter (a union-wide scope has none)."""
    union_id, chapter_id = _union_id(obj), _chapter_id(obj)
    return union_id is not None and chapter_id is not None and \
        standing(user, union_id).is_organiser_of(chapter_id)


@rules.predicate
def is_organiser_in_union(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).organises_any


@rules.predicate
def is_steward(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_steward


@rules.predicate
def is_draft(user, pledge) -> bool:
    return isinstance(pledge, Pledge) and pledge.status == PledgeStatus.DRAFT


@rules.predicate
def is_launched(user, pledge) -> bool:
    return isinstance(pledge, Pledge) and pledge.status != PledgeStatus.DRAFT


@rules.predicate
def is_collecting(user, pledge) -> bool:
    return isinstance(pledge, Pledge) and pledge.status == PledgeStatus.COLLECTING


@rules.predicate
def is_activated(user, pledge) -> bool:
    return isinstance(pledge, Pledge) and pledge.is_activated


@rules.predicate
def is_confidential(user, pledge) -> bool:
    return isinstance(pledge, Pledge) and pledge.confidential


@rules.predicate
def is_pledger(user, pledge) -> bool:
    return isinstance(pledge, Pledge) and user is not None and user.is_authenticated and \
        PledgeSignup.objects.filter(pledge=pledge, user=user,
                                    withdrawn_at__isnull=True).exists()


@rules.predicate
def is_union_member(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_member


is_steward_with_two_factor = is_steward & has_two_factor
runs_scope = is_chapter_organiser | is_steward_with_two_factor

rules.add_perm("pledges.view_pledges", rules.always_allow)
rules.add_perm("pledges.view_pledge", is_launched | (is_draft & runs_scope))
# The create page: anyone who runs some scope (a chapter, or the union as a steward).
rules.add_perm("pledges.create_pledges", is_organiser_in_union | is_steward_with_two_factor)
rules.add_perm("pledges.add_pledge", runs_scope)
rules.add_perm("pledges.change_pledge", is_draft & runs_scope)
rules.add_perm("pledges.launch_pledge", is_draft & runs_scope)
rules.add_perm("pledges.sign_pledge", is_collecting & is_member_in_scope)
rules.add_perm("pledges.withdraw_pledge", is_collecting & is_pledger)
rules.add_perm("pledges.check_in", is_activated & is_pledger)
rules.add_perm("pledges.answer_followup", is_activated & is_pledger)
# Names: members of the union see who pledged to an open pledge; of a confidential one,
# nobody sees a name before activation, and afterwards only its pledgers see each other.
rules.add_perm("pledges.view_pledgers",
               is_launched & ((~is_confidential & is_union_member)
                              | (is_confidential & is_activated & is_pledger)))
