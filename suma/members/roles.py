"""What one user is in one union, read in one query and cached on the user object."""

from dataclasses import dataclass, field

from suma.members.models import ChapterRole, ChapterStatus, Membership, UnionRole


@dataclass(frozen=True)
class Standing:
    """A user's roles in one union."""

    membership_id: int | None = None
    is_steward: bool = False
    chapters: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (status, role)

    def status_in(self, chapter_id: int) -> str | None:
        entry = self.chapters.get(chapter_id)
        return entry[0] if entry else None

    def is_active_in(self, chapter_id: int) -> bool:
        return self.status_in(chapter_id) == ChapterStatus.ACTIVE

    def is_organiser_of(self, chapter_id: int) -> bool:
        return self.chapters.get(chapter_id) == (ChapterStatus.ACTIVE, ChapterRole.ORGANISER)

    @property
    def is_member(self) -> bool:
        """Active in at least one chapter, or a steward."""
        return self.is_steward or any(s == ChapterStatus.ACTIVE for s, _ in self.chapters.values())

    @property
    def organises_any(self) -> bool:
        return any(self.is_organiser_of(cid) for cid in self.chapters)


NOBODY = Standing()


def standing(user, union_id: int) -> Standing:
    if user is None or not user.is_authenticated:
        return NOBODY
    cache = user.__dict__.setdefault("_suma_standing", {})
    if union_id not in cache:
        # One row per chapter place (or one with no place): a LEFT JOIN, in one query.
        rows = list(Membership.objects.filter(user=user, union_id=union_id).values_list(
            "pk", "role", "chapter_memberships__chapter_id", "chapter_memberships__status",
            "chapter_memberships__role"))
        if not rows:
            cache[union_id] = NOBODY
        else:
            cache[union_id] = Standing(
                membership_id=rows[0][0],
                is_steward=rows[0][1] == UnionRole.STEWARD,
                chapters={chapter_id: (status, role)
                          for _pk, _role, chapter_id, status, role in rows
                          if chapter_id is not None},
            )
    return cache[union_id]


def forget_standing(user) -> None:
    """Drop the cache after a change to the user's memberships."""
    user.__dict__.pop("_suma_standing", None)
