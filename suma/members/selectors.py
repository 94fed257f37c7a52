"""Every read of unions, chapters and members that a page or the API needs."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from suma.core.errors import NotFound
from suma.members.models import (
    Chapter,
    ChapterMembership,
    ChapterStatus,
    Membership,
    Union,
    UnionRole,
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


def chapter_list(*, union: Union) -> QuerySet[Chapter]:
    """The union's chapters, each with its count of active members."""
    return union.chapters.annotate(
        member_count=Count("chapter_memberships",
                           filter=Q(chapter_memberships__status=ChapterStatus.ACTIVE)),
    ).order_by("name")


def chapter_get(*, union: Union, slug: str) -> Chapter:
    chapter = union.chapters.filter(slug=slug).select_related("union").first()
    if chapter is None:
        raise NotFound(_("No such chapter."))
    return chapter


def union_member_count(*, union: Union) -> int:
    return (Membership.objects.filter(union=union)
            .filter(Q(role=UnionRole.STEWARD)
                    | Q(chapter_memberships__status=ChapterStatus.ACTIVE))
            .distinct().count())


def chapter_member_list(*, chapter: Chapter) -> QuerySet[ChapterMembership]:
    """Active members, organisers first, then by when they joined."""
    return (ChapterMembership.objects.filter(chapter=chapter, status=ChapterStatus.ACTIVE)
            .select_related("membership__user")
            .order_by("-role", "decided_at", "pk"))


def union_member_list(*, union: Union) -> QuerySet[Membership]:
    return (Membership.objects.filter(union=union)
            .filter(Q(role=UnionRole.STEWARD)
                    | Q(chapter_memberships__status=ChapterStatus.ACTIVE))
            .distinct().select_related("user").order_by("pk"))


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
    return (Membership.objects.filter(user=user).select_related("union")
            .prefetch_related(Prefetch(
                "chapter_memberships",
                queryset=ChapterMembership.objects.filter(
                    status__in=[ChapterStatus.ACTIVE, ChapterStatus.PENDING, ChapterStatus.DECLINED]
                ).select_related("chapter__union").order_by("chapter__name"),
            )).order_by("union__name"))


def pending_applications_for_organiser(*, user) -> QuerySet[Chapter]:
    """Chapters the user organises (or, as a steward, oversees) that have waiting applications."""
    organised = ChapterMembership.objects.filter(
        membership__user=user, status=ChapterStatus.ACTIVE, role="organiser"
    ).values("chapter_id")
    stewarded = Membership.objects.filter(user=user, role=UnionRole.STEWARD).values("union_id")
    return (Chapter.objects.filter(Q(pk__in=organised) | Q(union_id__in=stewarded))
            .annotate(pending=Count("chapter_memberships",
                                    filter=Q(chapter_memberships__status=ChapterStatus.PENDING)))
            .filter(pending__gt=0).select_related("union").order_by("union__name", "name"))


def display_name(*, viewer, membership: Membership) -> str:
    """The name a viewer sees: the pseudonym, unless the viewer is a steward (with 2FA)."""
    if membership.pseudonym and viewer.has_perm("members.see_real_identity", membership.union):
        return f"{membership.pseudonym} ({membership.user.name or membership.user.email})"
    return membership.public_name


def viewer_standing(*, viewer, union: Union):
    return standing(viewer, union.pk)
