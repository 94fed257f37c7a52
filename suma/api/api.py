"""The endpoints: thin, each parses input, checks the same rules as the pages, calls a service."""

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate

from suma.api import schemas as s
from suma.api.auth import member_auth
from suma.core import notifications as notes
from suma.core.errors import NotAllowed, NotFound, SumaError
from suma.core.models import AuditEntry
from suma.members import selectors, services
from suma.members.models import Membership, UnionRole

api = NinjaAPI(
    title="Suma API",
    version="1",
    description="The REST API of Suma, software for data unions. Public items need no "
                "authentication; members authenticate with a personal token "
                "(`Authorization: Bearer suma_…`, made under Settings → API tokens) or the "
                "signed-in session (send the CSRF token in `X-CSRFToken` on writes). Lists "
                "are paginated (`page`, `page_size`). Errors answer `{detail, code, field}`; "
                "input that does not fit the schema answers 422 with one entry per field "
                "in `errors`.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class Pages(PageNumberPagination):
    """Pages of SUMA_API_PAGE_SIZE items (read per request, not at import)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs):
        super().__init__(max_page_size=MAX_PAGE_SIZE, **kwargs)

    def _get_page_size(self, requested_page_size: int | None) -> int:
        if requested_page_size is None:
            return min(settings.SUMA_API_PAGE_SIZE, self.max_page_size)
        return min(requested_page_size, self.max_page_size)


@api.exception_handler(SumaError)
def suma_error(request: HttpRequest, exc: SumaError):
    return api.create_response(
        request, {"detail": str(exc.message), "code": exc.code, "field": exc.field},
        status=exc.status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc):
    return api.create_response(request, {"detail": _("Authentication required."),
                                         "code": "unauthenticated", "field": None}, status=401)


_HTTP_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 429: "rate_limited"}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """Ninja's own refusals (a body that is not JSON, a failed CSRF check) in our shape."""
    code = "csrf_failed" if "CSRF" in str(exc) else _HTTP_CODES.get(exc.status_code, "error")
    return api.create_response(request, {"detail": str(exc), "code": code, "field": None},
                               status=exc.status_code)


def _field_error(error: dict) -> dict:
    # loc is (source, [body parameter name,] field, ...): keep what names the field.
    loc = list(error.get("loc", ()))
    names = [str(part) for part in loc[1:] if part != "payload"]
    return {"field": ".".join(names) or None, "code": error.get("type", "invalid"),
            "detail": error.get("msg", ""), "loc": loc}


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError):
    errors = [_field_error(e) for e in exc.errors]
    first = errors[0] if errors else {"field": None, "detail": _("Invalid input.")}
    return api.create_response(request, {
        "detail": first["detail"], "code": "invalid", "field": first["field"], "errors": errors,
    }, status=422)


def _forbid_unless(request: HttpRequest, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise NotAllowed(_("You may not do this."))


def _union(slug: str):
    return selectors.union_get(slug=slug)


def _chapter(union_slug: s.Slug, chapter_slug: s.Slug):
    return selectors.chapter_get(union=_union(union_slug), slug=chapter_slug)


ERRORS = {400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 422: s.ValidationErrorOut}
PUBLIC_ERRORS = {404: s.Error, 422: s.ValidationErrorOut}
Action = Annotated[str, Query(max_length=100, pattern=s.NO_NUL)]

unions = Router(tags=["unions"])


@unions.get("/", response={200: list[s.UnionOut], **PUBLIC_ERRORS}, auth=None)
@paginate(Pages)
def union_list(request: HttpRequest):
    return selectors.union_list()


@unions.get("/{union_slug}", response={200: s.UnionDetailOut, **PUBLIC_ERRORS}, auth=None)
def union_get(request: HttpRequest, union_slug: s.Slug):
    union = _union(union_slug)
    return {
        "slug": union.slug, "name": union.name, "tagline": union.tagline,
        "description": union.description,
        "member_count": union.member_count,  # read with the union, just above
        "chapters": list(selectors.chapter_list(union=union)),
    }


@unions.get("/{union_slug}/chapters", response={200: list[s.ChapterOut], **PUBLIC_ERRORS},
            auth=None)
@paginate(Pages)
def chapter_list(request: HttpRequest, union_slug: s.Slug):
    return selectors.chapter_list(union=_union(union_slug))


@unions.get("/{union_slug}/members", response={200: list[s.MemberOut], **ERRORS},
            auth=member_auth)
@paginate(Pages)
def union_member_list(request: HttpRequest, union_slug: s.Slug):
    union = _union(union_slug)
    _forbid_unless(request, "members.view_union_members", union)
    reveal = request.user.has_perm("members.see_real_identity", union)
    # The list is the union's is_member memberships, which Union.member_count counts: the
    # page count needs no COUNT(*) over 100,000 rows.
    return _Rows(selectors.union_member_list(union=union),
                 lambda m: {"id": m.pk, "role": m.role,
                            "name": selectors.shown_name(membership=m, reveal=reveal)},
                 count=union.member_count, deferred=True)


class _Rows:
    """A queryset that ninja's paginator slices lazily, each row turned into its response.

    `count` is a total already known (no COUNT(*)); `deferred` reads a page as a deferred
    join: the OFFSET walks the index alone (an index-only scan), then only the page's rows
    are read, which halves the cost of deep pages of a 100,000-member union.
    """

    def __init__(self, queryset, out, *, count: int | None = None, deferred: bool = False):
        self.queryset = queryset
        self.out = out
        self.known_count = count
        self.deferred = deferred

    def count(self) -> int:
        return self.queryset.count() if self.known_count is None else self.known_count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = self.queryset[item]
        if self.deferred:
            ids = list(self.queryset.values_list("pk", flat=True)[item])
            rows = self.queryset.filter(pk__in=ids)
        return [self.out(row) for row in rows]


@unions.get("/{union_slug}/chapters/{chapter_slug}/members",
            response={200: list[s.ChapterMemberOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def chapter_member_list(request: HttpRequest, union_slug: s.Slug, chapter_slug: s.Slug):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.view_chapter_members", chapter)
    reveal = request.user.has_perm("members.see_real_identity", chapter.union)
    return _Rows(selectors.chapter_member_list(chapter=chapter),
                 lambda p: {"id": p.pk, "role": p.role, "joined_at": p.decided_at,
                            "name": selectors.shown_name(membership=p.membership,
                                                         reveal=reveal)})


@unions.post("/{union_slug}/chapters/{chapter_slug}/applications",
             response={201: s.PlaceOut, **ERRORS}, auth=member_auth)
def chapter_apply(request: HttpRequest, union_slug: s.Slug, chapter_slug: s.Slug,
                  payload: s.ApplyIn):
    chapter = _chapter(union_slug, chapter_slug)
    place = services.chapter_apply(chapter=chapter, user=request.user, message=payload.message)
    return 201, _place_out(place)


def _place_out(place) -> dict:
    return {"id": place.pk, "chapter": place.chapter.slug, "union": place.chapter.union.slug,
            "status": place.status, "role": place.role}


@unions.get("/{union_slug}/chapters/{chapter_slug}/applications",
            response={200: list[s.ApplicationOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def application_list(request: HttpRequest, union_slug: s.Slug, chapter_slug: s.Slug):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.review_applications", chapter)
    reveal = request.user.has_perm("members.see_real_identity", chapter.union)
    return _Rows(selectors.application_list(chapter=chapter),
                 lambda a: {"id": a.pk, "message": a.message, "applied_at": a.created_at,
                            "name": selectors.shown_name(membership=a.membership,
                                                         reveal=reveal)})


@unions.post("/{union_slug}/chapters/{chapter_slug}/applications/{application_id}/approve",
             response={200: s.PlaceOut, **ERRORS}, auth=member_auth)
def application_approve(request: HttpRequest, union_slug: s.Slug, chapter_slug: s.Slug,
                        application_id: s.Id):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.review_applications", chapter)
    application = selectors.application_get(chapter=chapter, application_id=application_id)
    return _place_out(services.application_approve(application=application, by=request.user))


@unions.post("/{union_slug}/chapters/{chapter_slug}/applications/{application_id}/decline",
             response={200: s.PlaceOut, **ERRORS}, auth=member_auth)
def application_decline(request: HttpRequest, union_slug: s.Slug, chapter_slug: s.Slug,
                        application_id: s.Id, payload: s.DeclineIn):
    chapter = _chapter(union_slug, chapter_slug)
    _forbid_unless(request, "members.review_applications", chapter)
    application = selectors.application_get(chapter=chapter, application_id=application_id)
    return _place_out(services.application_decline(application=application, by=request.user,
                                                   reason=payload.reason))


@unions.post("/{union_slug}/chapters/{chapter_slug}/leave",
             response={200: s.PlaceOut, **ERRORS}, auth=member_auth)
def chapter_leave(request: HttpRequest, union_slug: s.Slug, chapter_slug: s.Slug):
    chapter = _chapter(union_slug, chapter_slug)
    return _place_out(services.chapter_leave(chapter=chapter, user=request.user))


@unions.patch("/{union_slug}/me", response={200: s.MembershipOut, **ERRORS}, auth=member_auth)
def membership_update(request: HttpRequest, union_slug: s.Slug, payload: s.PseudonymIn):
    union = _union(union_slug)
    membership = Membership.objects.filter(user=request.user, union=union).first()
    if membership is None:
        raise NotFound(_("You are not a member of this union."))
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
    return _Rows(notes.notification_list(user=request.user, unread=unread),
                 lambda n: {"id": n.pk, "category": n.category, "title": n.title,
                            "body": n.body, "url": n.url, "created_at": n.created_at,
                            "read": n.read_at is not None})


@me.post("/notifications/read", response={200: s.MarkReadOut, **ERRORS}, auth=member_auth)
def notification_mark_read(request: HttpRequest, payload: s.MarkReadIn):
    return {"marked": notes.notifications_mark_read(user=request.user, ids=payload.ids)}


audit = Router(tags=["audit"])


@audit.get("/", response={200: list[s.AuditEntryOut], **ERRORS}, auth=member_auth)
@paginate(Pages)
def audit_list(request: HttpRequest, action: Action = ""):
    stewarded = [m.union for m in Membership.objects.filter(
        user=request.user, role=UnionRole.STEWARD).select_related("union")]
    if not stewarded or not request.user.has_perm("members.view_audit_log", stewarded[0]):
        raise NotAllowed(_("Only stewards with two-factor authentication may read the audit log."))
    qs = AuditEntry.objects.order_by("-seq")
    if action:
        qs = qs.filter(action__startswith=action)
    return qs


api.add_router("/unions", unions)
api.add_router("/me", me)
api.add_router("/audit", audit)

# Each app's endpoints, in its own api.py; imported last, as they use the helpers above.
from suma.campaigns.api import router as campaigns  # noqa: E402
from suma.governance.api import router as governance  # noqa: E402
from suma.rights.api import router as rights  # noqa: E402
from suma.rights.api_escalation import router as rights_escalation  # noqa: E402
from suma.tactics.letters.api import router as letters  # noqa: E402
from suma.tactics.petitions.api import router as petitions  # noqa: E402
from suma.tactics.pledges.api import router as pledges  # noqa: E402

api.add_router("/unions", governance)
api.add_router("/", campaigns)
api.add_router("/", petitions)
api.add_router("/", pledges)
api.add_router("/", rights)
api.add_router("/", rights_escalation)
api.add_router("/", letters)
