"""Who may do what with data-rights requests and drives, as named predicates.

Objects are a DataRequest, a Drive, a Chapter or a Union. A member acts on their own
requests; those are private to them and the organisers: of the drive's chapter for a
request made in a chapter's drive, of any chapter of the union otherwise, and the union's
stewards with two-factor authentication. The same organisers run drives, see dashboards and
record what an answer contained (the completeness check). Drives that left the draft are
public; the league table of controllers is for the union's members.
"""

import rules

from suma.members.models import Chapter, Union
from suma.members.roles import standing
from suma.members.rules import has_two_factor
from suma.rights.models import DataRequest, Drive, DriveStatus


def _scope(obj) -> tuple[int | None, int | None]:
    """(union id, chapter id) an object is run from; the chapter None for the whole union."""
    if isinstance(obj, DataRequest):
        return obj.union_id, obj.drive.chapter_id if obj.drive_id else None
    if isinstance(obj, Drive):
        return obj.union_id, obj.chapter_id
    if isinstance(obj, Chapter):
        return obj.union_id, obj.pk
    if isinstance(obj, Union):
        return obj.pk, None
    return None, None


@rules.predicate
def is_requester(user, obj) -> bool:
    return (isinstance(obj, DataRequest) and user is not None and user.is_authenticated
            and obj.member_id == user.pk)


@rules.predicate
def is_rights_organiser(user, obj) -> bool:
    """An organiser of the object's chapter, or of any chapter for the whole union's."""
    union_id, chapter_id = _scope(obj)
    if union_id is None:
        return False
    mine = standing(user, union_id)
    return mine.is_organiser_of(chapter_id) if chapter_id else mine.organises_any


@rules.predicate
def is_steward(user, obj) -> bool:
    union_id, _chapter_id = _scope(obj)
    return union_id is not None and standing(user, union_id).is_steward


@rules.predicate
def is_union_member(user, obj) -> bool:
    union_id, _chapter_id = _scope(obj)
    return union_id is not None and standing(user, union_id).is_member


@rules.predicate
def is_public_drive(user, obj) -> bool:
    return isinstance(obj, Drive) and obj.status != DriveStatus.DRAFT


may_run = is_rights_organiser | (is_steward & has_two_factor)

rules.add_perm("rights.view_request", is_requester | may_run)
rules.add_perm("rights.act_on_request", is_requester)
rules.add_perm("rights.check_answer", is_requester | may_run)
rules.add_perm("rights.add_request", is_union_member)
rules.add_perm("rights.view_drive", is_public_drive | may_run)
rules.add_perm("rights.join_drive", rules.is_authenticated & is_public_drive)
rules.add_perm("rights.add_drive", may_run)
rules.add_perm("rights.change_drive", may_run)
rules.add_perm("rights.view_dashboard", may_run)
rules.add_perm("rights.view_league", is_union_member | (is_steward & has_two_factor))
