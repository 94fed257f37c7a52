"""Who may do what with unions and chapters: named predicates, checked in one place.

Objects are a Union or a Chapter; each predicate reads the user's standing (one query per
union per request).
"""

import rules

from suma.members.models import Chapter, ChapterStatus, Union
from suma.members.roles import standing


def _union_id(obj) -> int | None:
    if isinstance(obj, Union):
        return obj.pk
    if isinstance(obj, Chapter):
        return obj.union_id
    return None


def scope_ids(obj, scoped: type) -> tuple[int | None, int | None]:
    """(union id, chapter id) of what a predicate is asked about: a Union, a Chapter, or an
    object of `scoped` (a proposal, a pledge …: it has union_id and chapter_id, the chapter
    empty for the whole union); (None, None) for anything else."""
    if isinstance(obj, scoped):
        return obj.union_id, obj.chapter_id
    if isinstance(obj, Chapter):
        return obj.union_id, obj.pk
    if isinstance(obj, Union):
        return obj.pk, None
    return None, None


@rules.predicate
def is_steward(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_steward


@rules.predicate
def is_union_member(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).is_member


@rules.predicate
def is_chapter_member(user, chapter) -> bool:
    return isinstance(chapter, Chapter) and standing(user, chapter.union_id).is_active_in(
        chapter.pk)


@rules.predicate
def is_chapter_organiser(user, chapter) -> bool:
    return isinstance(chapter, Chapter) and standing(user, chapter.union_id).is_organiser_of(
        chapter.pk)


@rules.predicate
def is_organiser_in_union(user, obj) -> bool:
    union_id = _union_id(obj)
    return union_id is not None and standing(user, union_id).organises_any


@rules.predicate
def has_open_application(user, chapter) -> bool:
    return isinstance(chapter, Chapter) and standing(user, chapter.union_id).status_in(
        chapter.pk) == ChapterStatus.PENDING


@rules.predicate
def has_two_factor(user) -> bool:
    """Stewards hold the keys: their steward powers need TOTP two-factor."""
    from allauth.mfa.utils import is_mfa_enabled

    return bool(user and user.is_authenticated and is_mfa_enabled(user))


is_authenticated = rules.is_authenticated
is_steward_with_two_factor = is_steward & has_two_factor

# Public things.
rules.add_perm("members.view_union", rules.always_allow)
rules.add_perm("members.view_chapter", rules.always_allow)
# Joining and leaving.
rules.add_perm("members.apply_to_chapter",
               is_authenticated & ~is_chapter_member & ~has_open_application)
rules.add_perm("members.leave_chapter", is_chapter_member)
rules.add_perm("members.withdraw_application", has_open_application)
# Fellow members, under their pseudonyms.
rules.add_perm("members.view_chapter_members", is_chapter_member | is_steward_with_two_factor)
rules.add_perm("members.view_union_members", is_union_member)
rules.add_perm("members.edit_own_membership", is_union_member | has_open_application)
# Running a chapter.
rules.add_perm("members.review_applications", is_chapter_organiser | is_steward_with_two_factor)
rules.add_perm("members.invite_to_chapter", is_chapter_organiser | is_steward_with_two_factor)
rules.add_perm("members.appoint_organiser", is_steward_with_two_factor)
# The union's officers.
rules.add_perm("members.see_real_identity", is_steward_with_two_factor)
rules.add_perm("members.view_audit_log", is_steward_with_two_factor)
