"""The endpoints: thin, each parses input, checks the same rules as the pages, calls a service."""

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination, paginate

from suma.api import schemas as s
from suma.api.auth import member_auth
from suma.core.errors import NotAllowed, NotFound, SumaError
from suma.core.models import AuditEntry, Notification
from suma.core.notifications import notifications_mark_read
from suma.members import selectors, services
from suma.members.models import Membership, UnionRole

api = NinjaAPI(
    title="Suma API",
    version="1",
    description="The REST API of Suma, software for data unions. Public items need no "
                "authentication; members authenticate with a personal token "
                "(`Authorization: Bearer suma_…`, made under Settings → API tokens) or the "
                "signed-in session.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class Pages(PageNumberPagination):
    class Input(PageNumberPagination.Input):
        pass

    def __init__(self, **kwargs):
        super().__init__(page_size=settings.SUMA_API_PAGE_SIZE, **kwargs)


@api.exception_handler(SumaError)
def suma_error(request: HttpRequest, exc: SumaError):
    return api.create_response(
        request, {"detail": str(exc.message), "code": exc.code, "field": exc.field},
        status=exc.status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc):
    return api.create_response(request, {"detail": "Authentication required.",
                                         "code": "unauthenticated"}, status=401)


def _forbid_unless(request: HttpRequest, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise NotAllowed("You may not do this.")


def _union(slug: str):
    return selectors.union_get(slug=slug)


def _chapter(union_slug: str, chapter_slug: str):
    return selectors.chapter_get(union=_union(union_slug), slug=chapter_slug)


ERRORS = {400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error}

unions = Router(tags=["unions"])


@unions.get("/", response=list[s.UnionOut], auth=None)
@paginate(Pages)
def union_list(request: HttpRequest):
    return selectors.union_list()


@unions.get("/{union_slug}", response={200: s.UnionDetailOut, **ERRORS}, auth=None)
def union_get(request: HttpRequest, union_slug: str):
    union = _union(union_slug)
    return {
        "slug": union.slug, "name": union.name, "tagline": union.tagline,
        "description": union.description,
        "member_count": selectors.union_member_count(union=union),
        "chapters": list(selectors.chapter_list(union=union)),
    }


@unions.get("/{union_slug}/chapters", response=list[s.ChapterOut], auth=None)
@paginate(Pages)
def chapter_list(request: HttpRequest, union_slug: str):
    return selectors.chapter_list(union=_union(union_slug))


@unions.get("/{union_slug}/members", response={200: list[s.MemberOut], **ERRORS},
            auth=member_auth)
@paginate(Pages)
def union_member_list(request: HttpRequest, union_slug: str):
    union = _union(union_slug)
    _forbid_unless(request, "members.view_union_members", union)
    reveal = request.user.has_perm("members.see_real_identity", union)
    return _MemberNames(selectors.union_member_list(union=union), reveal)


class _MemberNames:
    """A lazy, sliceable view of memberships as the viewer may see them."""

    def __init__(self, queryset, reveal: bool):
        self.queryset = queryset
        self.reveal = reveal

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        return [_member_out(m, self.reveal) for m in self.queryset[item]]


def _member_out(membership: Membership, reveal: bool) -> dict:
    name = membership.public_name
    if reveal and membership.pseudonym:
        name = f"{membership.pseudonym} ({membership.user.name or membership.user.email})"
    return {"id": membership.pk, "name": name, "role": membership.role}


@unions.get("/{union_slug}/chapters/{chapter_slug}/members",
            response={200: list[s.ChapterMemberOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def chapter_member_list(request: HttpRequest, union_slug: str, chapter_slug: str):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.view_chapter_members", chapter)
    reveal = request.user.has_perm("members.see_real_identity", chapter.union)
    return _ChapterNames(selectors.chapter_member_list(chapter=chapter), reveal)


class _ChapterNames(_MemberNames):
    def __getitem__(self, item):
        return [{"id": p.pk, "name": _member_out(p.membership, self.reveal)["name"],
                 "role": p.role, "joined_at": p.decided_at} for p in self.queryset[item]]


@unions.post("/{union_slug}/chapters/{chapter_slug}/applications",
             response={201: s.PlaceOut, **ERRORS}, auth=member_auth)
def chapter_apply(request: HttpRequest, union_slug: str, chapter_slug: str, payload: s.ApplyIn):
    chapter = _chapter(union_slug, chapter_slug)
    place = services.chapter_apply(chapter=chapter, user=request.user, message=payload.message)
    return 201, _place_out(place)


def _place_out(place) -> dict:
    return {"id": place.pk, "chapter": place.chapter.slug, "union": place.chapter.union.slug,
            "status": place.status, "role": place.role}


@unions.get("/{union_slug}/chapters/{chapter_slug}/applications",
            response={200: list[s.ApplicationOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def application_list(request: HttpRequest, union_slug: str, chapter_slug: str):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.review_applications", chapter)
    reveal = request.user.has_perm("members.see_real_identity", chapter.union)
    return _ApplicationNames(selectors.application_list(chapter=chapter), reveal)


class _ApplicationNames(_MemberNames):
    def __getitem__(self, item):
        return [{"id": a.pk, "name": _member_out(a.membership, self.reveal)["name"],
                 "message": a.message, "applied_at": a.created_at}
                for a in self.queryset[item]]


@unions.post("/{union_slug}/chapters/{chapter_slug}/applications/{application_id}/approve",
             response={200: s.PlaceOut, **ERRORS}, auth=member_auth)
def application_approve(request: HttpRequest, union_slug: str, chapter_slug: str,
                        application_id: int):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.review_applications", chapter)
    application = selectors.application_get(chapter=chapter, application_id=application_id)
    return _place_out(services.application_approve(application=application, by=request.user))


@unions.post("/{union_slug}/chapters/{chapter_slug}/applications/{application_id}/decline",
             response={200: s.PlaceOut, **ERRORS}, auth=member_auth)
def application_decline(request: HttpRequest, union_slug: str, chapter_slug: str,
                        application_id: int, payload: s.DeclineIn):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.review_applications", chapter)
    application = selectors.application_get(chapter=chapter, application_id=application_id)
    return _place_out(services.application_decline(application=application, by=request.user,
                                                   reason=payload.reason))


@unions.post("/{union_slug}/chapters/{chapter_slug}/leave",
             response={200: s.PlaceOut, **ERRORS}, auth=member_auth)
def chapter_leave(request: HttpRequest, union_slug: str, chapter_slug: str):
    chapter = _chapter(union_slug, chapter_slug)
    return _place_out(services.chapter_leave(chapter=chapter, user=request.user))


@unions.patch("/{union_slug}/me", response={200: s.MembershipOut, **ERRORS}, auth=member_auth)
def membership_update(request: HttpRequest, union_slug: str, payload: s.PseudonymIn):
    union = _union(union_slug)
    membership = Membership.objects.filter(user=request.user, union=union).first()
    if membership is None:
        raise NotFound("You are not a member of this union.")
    services.membership_set_pseudonym(membership=membership, pseudonym=payload.pseudonym)
    return _membership_out(membership)


def _membership_out(membership: Membership) -> dict:
    return {
        "union": membership.union.slug, "role": membership.role,
        "pseudonym": membership.pseudonym,
        "chapters": [_place_out(p) for p in membership.chapter_memberships.all()],
    }


me = Router(tags=["me"])


@me.get("/", response={200: s.MeOut, **ERRORS}, auth=member_auth)
def me_get(request: HttpRequest):
    user = request.user
    return {"id": user.pk, "email": user.email, "name": user.name, "language": user.language,
            "memberships": [_membership_out(m) for m in selectors.memberships_of(user=user)]}


@me.get("/notifications", response={200: list[s.NotificationOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def notification_list(request: HttpRequest, unread: bool = False):
    qs = Notification.objects.filter(user=request.user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return _Notes(qs)


class _Notes(_MemberNames):
    def __init__(self, queryset):
        super().__init__(queryset, False)

    def __getitem__(self, item):
        return [{"id": n.pk, "category": n.category, "title": n.title, "body": n.body,
                 "url": n.url, "created_at": n.created_at, "read": n.read_at is not None}
                for n in self.queryset[item]]


@me.post("/notifications/read", response={200: dict, **ERRORS}, auth=member_auth)
def notification_mark_read(request: HttpRequest, payload: s.MarkReadIn):
    return {"marked": notifications_mark_read(user=request.user, ids=payload.ids)}


audit = Router(tags=["audit"])


@audit.get("/", response={200: list[s.AuditEntryOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def audit_list(request: HttpRequest, action: str = ""):
    stewarded = [m.union for m in Membership.objects.filter(
        user=request.user, role=UnionRole.STEWARD).select_related("union")]
    if not stewarded or not request.user.has_perm("members.view_audit_log", stewarded[0]):
        raise NotAllowed("Only stewards with two-factor authentication may read the audit log.")
    qs = AuditEntry.objects.order_by("-seq")
    if action:
        qs = qs.filter(action__startswith=action)
    return qs


api.add_router("/unions", unions)
api.add_router("/me", me)
api.add_router("/audit", audit)
