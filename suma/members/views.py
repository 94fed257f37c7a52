"""Pages for unions, chapters, joining, applications, pseudonyms and the dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suma.core.errors import NotFound, SumaError
from suma.core.models import Notification
from suma.core.views import object_id
from suma.members import selectors, services
from suma.members.forms import ApplyForm, DeclineForm, InvitationForm, PseudonymForm
from suma.members.models import Membership
from suma.members.pages import require as _require
from suma.members.pages import union_or_404 as _union
from suma.members.rules import has_two_factor


def _chapter(union_slug: str, chapter_slug: str):
    union = _union(union_slug)
    try:
        return selectors.chapter_get(union=union, slug=chapter_slug)
    except NotFound:
        raise Http404 from None


def home(request: HttpRequest) -> HttpResponse:
    unions = list(selectors.union_list())
    if len(unions) == 1:
        return union_detail(request, unions[0].slug)
    return render(request, "members/home.html", {"unions": unions})


def union_detail(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    chapters = list(selectors.chapter_list(union=union))
    return render(request, "members/union_detail.html", {
        "union": union,
        "chapters": chapters,
        "member_count": union.member_count,  # read with the union, just above
        "standing": selectors.viewer_standing(viewer=request.user, union=union),
    })


def chapter_detail(request: HttpRequest, union_slug: str, chapter_slug: str) -> HttpResponse:
    chapter = _chapter(union_slug, chapter_slug)
    user = request.user
    can_see_members = user.has_perm("members.view_chapter_members", chapter)
    members = None
    if can_see_members:
        reveal = user.has_perm("members.see_real_identity", chapter.union)
        page = Paginator(selectors.chapter_member_list(chapter=chapter), 100).get_page(
            request.GET.get("page"))
        members = page
        for place in page:
            place.shown_name = selectors.shown_name(membership=place.membership, reveal=reveal)
    return render(request, "members/chapter_detail.html", {
        "chapter": chapter,
        "union": chapter.union,
        "standing": selectors.viewer_standing(viewer=user, union=chapter.union),
        "can_apply": user.has_perm("members.apply_to_chapter", chapter),
        "can_review": user.has_perm("members.review_applications", chapter),
        "can_invite": user.has_perm("members.invite_to_chapter", chapter),
        "can_leave": user.has_perm("members.leave_chapter", chapter),
        "can_withdraw": user.has_perm("members.withdraw_application", chapter),
        "members": members,
        "form": ApplyForm(),
    })


@login_required
@require_POST
def chapter_apply(request: HttpRequest, union_slug: str, chapter_slug: str) -> HttpResponse:
    chapter = _chapter(union_slug, chapter_slug)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["message"][0])
        return redirect(chapter)
    try:
        place = services.chapter_apply(chapter=chapter, user=request.user,
                                       message=form.cleaned_data["message"])
    except SumaError as error:
        messages.error(request, str(error.message))
        return redirect(chapter)
    if place.status == "active":
        messages.success(request, _("Welcome! You are now a member of %(chapter)s.")
                         % {"chapter": chapter.name})
    else:
        messages.success(request, _("Your application is sent. An organiser will look at it "
                                    "soon."))
    return redirect(chapter)


@login_required
@require_POST
def chapter_leave(request: HttpRequest, union_slug: str, chapter_slug: str) -> HttpResponse:
    chapter = _chapter(union_slug, chapter_slug)
    try:
        services.chapter_leave(chapter=chapter, user=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
        return redirect(chapter)
    messages.success(request, _("You have left %(chapter)s.") % {"chapter": chapter.name})
    return redirect(chapter)


@login_required
def application_list(request: HttpRequest, union_slug: str, chapter_slug: str) -> HttpResponse:
    chapter = _chapter(union_slug, chapter_slug)
    _require(request, "members.review_applications", chapter)
    reveal = request.user.has_perm("members.see_real_identity", chapter.union)
    applications = list(selectors.application_list(chapter=chapter))
    for application in applications:
        application.shown_name = selectors.shown_name(membership=application.membership,
                                                      reveal=reveal)
    return render(request, "members/application_list.html", {
        "chapter": chapter, "union": chapter.union, "applications": applications,
        "decline_form": DeclineForm()})


@login_required
@require_POST
def application_decide(request: HttpRequest, union_slug: str, chapter_slug: str,
                       application_id: int) -> HttpResponse:
    chapter = _chapter(union_slug, chapter_slug)
    _require(request, "members.review_applications", chapter)
    try:
        application = selectors.application_get(chapter=chapter, application_id=application_id)
    except NotFound:
        raise Http404 from None
    name = application.membership.public_name
    try:
        if request.POST.get("decision") == "approve":
            services.application_approve(application=application, by=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        else:
            form = DeclineForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the applicant a reason."))
                return redirect("application_list", union_slug, chapter_slug)
            services.application_decline(application=application, by=request.user,
                                         reason=form.cleaned_data["reason"])
            messages.success(request, _("The application of %(name)s is declined.")
                             % {"name": name})
    except SumaError as error:
        messages.error(request, str(error.message))
    return redirect("application_list", union_slug, chapter_slug)


@login_required
def invitation_manage(request: HttpRequest, union_slug: str, chapter_slug: str) -> HttpResponse:
    chapter = _chapter(union_slug, chapter_slug)
    _require(request, "members.invite_to_chapter", chapter)
    link = None
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if "revoke" in request.POST:
            invitation = chapter.invitations.filter(
                pk=object_id(request.POST.get("revoke")) or 0).first()
            if invitation:
                services.invitation_revoke(invitation=invitation, by=request.user)
                messages.success(request, _("The invitation link is revoked."))
            return redirect("invitation_manage", union_slug, chapter_slug)
        if form.is_valid():
            _invitation, token = services.invitation_create(
                chapter=chapter, by=request.user, days=form.cleaned_data["days"],
                max_uses=form.cleaned_data["max_uses"])
            link = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
    return render(request, "members/invitations.html", {
        "chapter": chapter, "union": chapter.union, "form": form, "link": link,
        "invitations": chapter.invitations.order_by("-created_at")[:50]})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link shows the chapter; joining is a POST by a signed-in person."""
    try:
        invitation = services.invitation_get(token=token)
    except NotFound:
        return render(request, "members/invitation_accept.html", {"invalid": True}, status=404)
    chapter = invitation.chapter
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            services.chapter_apply(chapter=chapter, user=request.user, invitation_token=token)
        except SumaError as error:
            messages.error(request, str(error.message))
            return redirect(request.path)
        messages.success(request, _("Welcome! You are now a member of %(chapter)s.")
                         % {"chapter": chapter.name})
        return redirect(chapter)
    return render(request, "members/invitation_accept.html",
                  {"invitation": invitation, "chapter": chapter, "union": chapter.union})


@login_required
def membership_settings(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    membership = Membership.objects.filter(user=request.user, union=union).first()
    if membership is None:
        raise PermissionDenied
    form = PseudonymForm(request.POST or None, initial={"pseudonym": membership.pseudonym})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_pseudonym(membership=membership,
                                              pseudonym=form.cleaned_data["pseudonym"])
        except SumaError as error:
            form.add_error(error.field or None, str(error.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("membership_settings", union_slug)
    return render(request, "members/membership_settings.html",
                  {"union": union, "membership": membership, "form": form})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from suma.core.dashboard import panels_for

    memberships = list(selectors.memberships_of(user=request.user))
    is_steward = any(m.role == "steward" for m in memberships)
    # Steward powers, reviewing every chapter's applications included, need two factors.
    acts_as_steward = is_steward and has_two_factor(request.user)
    # Only organisers and stewards have applications to review: most members are neither,
    # and their places (read above) say so without another query.
    reviews = acts_as_steward or any(p.status == "active" and p.role == "organiser"
                                     for m in memberships for p in m.chapter_memberships.all())
    return render(request, "members/dashboard.html", {
        "memberships": memberships,
        "needs_two_factor": is_steward and not acts_as_steward,
        "to_review": (selectors.pending_applications_for_organiser(
            user=request.user, as_steward=acts_as_steward) if reviews else []),
        "notifications": Notification.objects.filter(user=request.user,
                                                      read_at__isnull=True)[:10],
        "panels": panels_for(request),
    })


