"""Every read of unions, chapters and members that a page or the API needs."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from suma.core.errors import NotFound
from suma.members.models import (
    Chapter,
    ChapterMembership,
    ChapterStatus,
    Membership,
    Union,
    UnionRole,
    User,
)
from suma.members.roles import standing


def union_list() -> QuerySet[Union]:
    return Union.objects.annotate(
        chapter_count=Count("chapters", distinct=True),
    ).order_by("name")


def union_get(*, slug: str) -> Union:
    union = Union.objects.filter(slug=slug).first()
    if union is None:
        raise NotFound(_("No such union."))
    return union


def _places_in(status: str) -> Coalesce:
    """A chapter's count of places in one status, read off the (chapter, status) index.

    A correlated count rather than Count() over a join: the join would aggregate every
    place of every chapter (100,000 rows in a big union) to keep a few.
    """
    places = (ChapterMembership.objects.filter(chapter=OuterRef("pk"), status=status)
              .order_by().values("chapter").annotate(n=Count("chapter")).values("n"))
    return Coalesce(Subquery(places), 0)


def chapter_list(*, union: Union) -> QuerySet[Chapter]:
    """The union's chapters, each with its count of active members (Chapter.member_count)."""
    return union.chapters.order_by("name")


def chapter_get(*, union: Union, slug: str) -> Chapter:
    chapter = union.chapters.filter(slug=slug).select_related("union").first()
    if chapter is None:
        raise NotFound(_("No such chapter."))
    return chapter


def union_member_count(*, union: Union) -> int:
    """Stewards and people active in at least one chapter (Membership.is_member), read fresh
    from the counter the services keep (Union.member_count); a union just read in the same
    request already holds it."""
    return Union.objects.filter(pk=union.pk).values_list("member_count", flat=True).get()


def chapter_member_list(*, chapter: Chapter) -> QuerySet[ChapterMembership]:
    """Active members, organisers first, then by when they joined."""
    return (ChapterMembership.objects.filter(chapter=chapter, status=ChapterStatus.ACTIVE)
            .select_related("membership__user")
            .order_by("-role", "decided_at", "pk"))


def union_member_list(*, union: Union) -> QuerySet[Membership]:
    """The union's members by when they joined, paged off the membership_members_idx index.

    Users come in a second query (prefetch, not a join): with a join, a deep page
    (OFFSET 50,000) would look up the user of every membership it skips. Only the fields a
    member list shows are read (no timestamps or password hashes to decode for each row).
    """
    users = User.objects.only("pk", "name", "email")
    return (Membership.objects.filter(union=union, is_member=True)
            .only("pk", "user_id", "union_id", "role", "pseudonym")
            .prefetch_related(Prefetch("user", queryset=users)).order_by("pk"))


def application_list(*, chapter: Chapter) -> QuerySet[ChapterMembership]:
    return (ChapterMembership.objects.filter(chapter=chapter, status=ChapterStatus.PENDING)
            .select_related("membership__user").order_by("created_at", "pk"))


def application_get(*, chapter: Chapter, application_id: int) -> ChapterMembership:
    application = (ChapterMembership.objects.filter(chapter=chapter, pk=application_id)
                   .select_related("membership__user", "chapter__union").first())
    if application is None:
        raise NotFound(_("No such application."))
    return application


def memberships_of(*, user) -> QuerySet[Membership]:
    """A user's unions, each with their chapter places (not the left or declined ones)."""
    return (Membership.objects.filter(user=user).select_related("union", "user")
            .prefetch_related(Prefetch(
                "chapter_memberships",
                queryset=ChapterMembership.objects.filter(
                    status__in=[ChapterStatus.ACTIVE, ChapterStatus.PENDING, ChapterStatus.DECLINED]
                ).select_related("chapter__union").order_by("chapter__name"),
            )).order_by("union__name"))


def pending_applications_for_organiser(*, user, as_steward: bool = True) -> QuerySet[Chapter]:
    """Chapters the user organises (or, as a steward, oversees) that have waiting applications.

    `as_steward=False` leaves out the stewarded unions (a steward without two factors).
    """
    organised = ChapterMembership.objects.filter(
        membership__user=user, status=ChapterStatus.ACTIVE, role="organiser"
    ).values("chapter_id")
    where = Q(pk__in=organised)
    if as_steward:
        where |= Q(union_id__in=Membership.objects.filter(
            user=user, role=UnionRole.STEWARD).values("union_id"))
    return (Chapter.objects.filter(where)
            .annotate(pending=_places_in(ChapterStatus.PENDING))
            .filter(pending__gt=0).select_related("union").order_by("union__name", "name"))


def shown_name(*, membership: Membership, reveal: bool) -> str:
    """The name a viewer sees: the pseudonym, with the real name beside it only when `reveal`
    (the viewer may `members.see_real_identity`: a steward with two factors)."""
    if reveal and membership.pseudonym:
        return f"{membership.pseudonym} ({membership.user.name or membership.user.email})"
    return membership.public_name


def viewer_standing(*, viewer, union: Union):
    return standing(viewer, union.pk)
