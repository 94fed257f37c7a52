"""Pages of petitions: the public page where members and visitors sign, the confirmation and
withdrawal pages, and the organisers' editor, review queue and delivery."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from suma.campaigns.models import Campaign
from suma.core.errors import NotFound, SumaError
from suma.members import selectors as members
from suma.members.pages import posted as _posted
from suma.tactics.petitions import delivery, limits, selectors, services
from suma.tactics.petitions.countries import CODES
from suma.tactics.petitions.forms import (
    MemberSignForm,
    PetitionForm,
    ReviewForm,
    VisitorSignForm,
    milestones_text,
)
from suma.tactics.petitions.models import Petition, PetitionStatus, Signature, SignatureStatus
from suma.tactics.petitions.services import signature_total


def _petition(request: HttpRequest, union_slug: str, slug: str,
              perm: str = "petitions.view_petition", recent: bool = False) -> Petition:
    try:
        petition = selectors.petition_get(union_slug=union_slug, slug=slug, recent=recent)
    except NotFound:
        raise Http404 from None
    if not request.user.has_perm("petitions.view_petition", petition):
        raise Http404  # a draft: nobody but its organisers learns it exists
    if perm != "petitions.view_petition" and not request.user.has_perm(perm, petition):
        raise PermissionDenied
    return petition


def _error(form, error: SumaError) -> bool:
    """Put a service's refusal on its field; False when the form has no such field."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error.message))
        return True
    if error.field:
        form.add_error(None, str(error.message))
        return True
    return False


def _campaign_url(campaign: Campaign) -> str:
    try:
        return reverse("campaign_detail", args=[campaign.union.slug, campaign.slug])
    except NoReverseMatch:
        return ""


# -- The public pages -----------------------------------------------------------------------

def petition_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    try:
        union = members.union_get(slug=union_slug)
    except NotFound:
        raise Http404 from None
    petitions = list(selectors.petition_list(union=union, viewer=request.user))
    may_create = request.user.is_authenticated and any(
        request.user.has_perm("petitions.add_petition", c)
        for c in Campaign.objects.filter(union=union))
    return render(request, "petitions/petition_list.html", {
        "union": union, "petitions": petitions, "may_create": may_create})


def _detail(request: HttpRequest, petition: Petition, *, visitor_form=None, member_form=None,
            status: int = 200) -> HttpResponse:
    user = request.user
    summary = selectors.petition_summary(petition=petition)
    total, milestones = summary["total"], summary["milestones"]
    goal = next((m for m in milestones if m.reached_at is None), None) or (
        milestones[-1] if milestones else None)
    signature = services.member_signature(petition=petition, user=user)
    known_country = services.member_country(user=user) if user.is_authenticated else ""
    may_organise = user.has_perm("petitions.change_petition", petition)
    return render(request, "petitions/petition_detail.html", {
        "union": petition.union, "petition": petition, "total": total,
        "milestones": milestones, "goal": goal,
        "percent": min(100, round(100 * total / goal.count)) if goal else None,
        "countries": selectors.counts_by_country(petition=petition),
        "signature": signature,
        "signature_held": signature is not None and signature.status in (
            SignatureStatus.QUARANTINED, SignatureStatus.CONFIRMED),
        "known_country": known_country,
        "visitor_form": visitor_form or VisitorSignForm(),
        "member_form": member_form or MemberSignForm(),
        "is_open": petition.status == PetitionStatus.OPEN,
        # Back from signing (see petition_sign).
        "just_signed": "signed" in request.GET and signature is not None,
        "just_pending": "pending" in request.GET and not user.is_authenticated,
        "campaign_url": _campaign_url(petition.campaign),
        "may_organise": may_organise,
        "may_review": user.has_perm("petitions.review_signatures", petition),
        "may_deliver": user.has_perm("petitions.deliver_petition", petition),
        "review_count": selectors.review_count(petition=petition) if may_organise else 0,
    }, status=status)


@never_cache
def petition_detail(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    return _detail(request, _petition(request, union_slug, slug))


@require_POST
def petition_sign(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    """Sign: a member with one click, a visitor with the form (then the emailed link).

    Both land back on the petition's page, which says what happened from its address
    (?signed, ?pending): a flash message stored for the next page cost the busiest path of
    the site a tenth of its time.
    """
    petition = _petition(request, union_slug, slug, recent=True)
    if request.user.is_authenticated:
        country = request.POST.get("country", "")
        if country and country.strip().upper() not in CODES:
            form = MemberSignForm(request.POST)
            form.is_valid()
            return _detail(request, petition, member_form=form, status=400)
        try:
            services.petition_sign(petition=petition, user=request.user, country=country)
        except SumaError as error:
            if error.field == "country":
                form = MemberSignForm(request.POST)
                form.add_error("country", str(error.message))
                return _detail(request, petition, member_form=form, status=400)
            messages.error(request, str(error.message))
            return redirect(petition)
        return redirect(f"{petition.get_absolute_url()}?signed=1#sign-heading")
    form = VisitorSignForm(request.POST)
    if not form.is_valid():
        return _detail(request, petition, visitor_form=form, status=400)
    data = form.cleaned_data
    try:
        services.petition_sign_visitor(petition=petition, name=data["name"],
                                       email=data["email"], country=data["country"],
                                       postcode=data["postcode"],
                                       ip=limits.client_ip(request))
    except SumaError as error:
        if error.status == 400 and _error(form, error):
            return _detail(request, petition, visitor_form=form, status=400)
        messages.error(request, str(error.message))
        return redirect(petition)
    return redirect(f"{petition.get_absolute_url()}?pending=1#sign-heading")


@never_cache
def signature_confirm(request: HttpRequest, union_slug: str, slug: str,
                      token: str) -> HttpResponse:
    """The page the emailed link opens: its button confirms (a GET never does)."""
    petition = _petition(request, union_slug, slug)
    context = {"union": petition.union, "petition": petition, "token": token}
    if request.method == "POST":
        try:
            signature = services.signature_confirm(petition=petition, token=token)
        except SumaError as error:
            context["error"] = error.message
            return render(request, "petitions/signature_confirm.html", context,
                          status=error.status)
        messages.success(request, _("Your signature is confirmed. Thank you!")
                         if signature.status in (SignatureStatus.CONFIRMED,
                                                 SignatureStatus.QUARANTINED) else _("Saved."))
        return redirect(petition)
    return render(request, "petitions/signature_confirm.html", context)


@login_required
@require_POST
def signature_withdraw(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    petition = _petition(request, union_slug, slug)
    signature = services.member_signature(petition=petition, user=request.user)
    if signature is None:
        messages.error(request, _("You have not signed this petition."))
        return redirect(petition)
    try:
        services.signature_withdraw(signature=signature, by=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your signature is withdrawn: it no longer counts."))
    return redirect(petition)


@never_cache
def signature_withdraw_link(request: HttpRequest, union_slug: str, slug: str,
                            token: str) -> HttpResponse:
    """The withdrawal link of a visitor's confirmation email: its button withdraws."""
    petition = _petition(request, union_slug, slug)
    try:
        signature = services.signature_of_withdraw_token(petition=petition, token=token)
    except NotFound as error:
        return render(request, "petitions/signature_withdraw.html",
                      {"union": petition.union, "petition": petition,
                       "error": error.message}, status=404)
    if request.method == "POST":
        try:
            services.signature_withdraw(signature=signature)
        except SumaError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your signature is withdrawn: it no longer counts."))
        return redirect(petition)
    return render(request, "petitions/signature_withdraw.html", {
        "union": petition.union, "petition": petition, "token": token,
        "withdrawn": signature.status == SignatureStatus.WITHDRAWN})


# -- Organisers -------------------------------------------------------------------------------

def _initial(petition: Petition) -> dict:
    return {"title": petition.title, "target": petition.target, "text": petition.text,
            "milestones": milestones_text(petition.milestones.all()),
            "closes_at": petition.closes_at,
            "anonymise_after_days": petition.anonymise_after_days}


@login_required
def petition_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    try:
        union = members.union_get(slug=union_slug)
    except NotFound:
        raise Http404 from None
    campaigns = [c for c in Campaign.objects.filter(union=union).order_by("title")
                 if request.user.has_perm("petitions.add_petition", c)]
    if not campaigns:
        raise PermissionDenied
    form = PetitionForm(_posted(request), campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = next(c for c in campaigns if str(c.pk) == data["campaign"])
        try:
            petition = services.petition_create(
                campaign=campaign, by=request.user, slug=data["slug"], title=data["title"],
                text=data["text"], target=data["target"], closes_at=data["closes_at"],
                milestones=data["milestones"],
                anonymise_after_days=data["anonymise_after_days"])
        except SumaError as error:
            _error(form, error) or form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The petition is saved as a draft. Open it for "
                                        "signatures when it is ready."))
            return redirect(petition)
    return render(request, "petitions/petition_form.html",
                  {"union": union, "form": form, "petition": None},
                  status=400 if request.method == "POST" else 200)


@login_required
def petition_edit(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    petition = _petition(request, union_slug, slug, "petitions.change_petition")
    form = PetitionForm(_posted(request), editing=True, initial=_initial(petition))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.petition_update(
                petition=petition, by=request.user, title=data["title"], text=data["text"],
                target=data["target"], closes_at=data["closes_at"],
                anonymise_after_days=data["anonymise_after_days"],
                milestones=data["milestones"])
        except SumaError as error:
            _error(form, error) or form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Saved."))
            return redirect(petition)
    return render(request, "petitions/petition_form.html",
                  {"union": petition.union, "form": form, "petition": petition},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def petition_status(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    petition = _petition(request, union_slug, slug, "petitions.change_petition")
    action = request.POST.get("action")
    try:
        if action == "open":
            services.petition_open(petition=petition, by=request.user)
            messages.success(request, _("The petition is open: anyone can sign it now."))
        elif action == "close":
            services.petition_close(petition=petition, by=request.user)
            messages.success(request, _("The petition is closed."))
        else:
            messages.error(request, _("Unknown action."))
    except SumaError as error:
        messages.error(request, str(error.message))
    return redirect(petition)


@login_required
def signature_review(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    """The signatures screening held back: approve (they count) or reject."""
    petition = _petition(request, union_slug, slug, "petitions.review_signatures")
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            held = Signature.objects.filter(pk=form.cleaned_data["signature"],
                                            petition=petition).first()
            if held is None:
                raise Http404
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.signature_review(signature=held, by=request.user, approve=approve)
            except SumaError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Approved: the signature counts.") if approve
                                 else _("Rejected: the signature does not count."))
            return redirect("signature_review", petition.union.slug, petition.slug)
        messages.error(request, _("Choose a signature and a decision."))
        return redirect("signature_review", petition.union.slug, petition.slug)
    queue = list(selectors.review_queue(petition=petition)[:200])
    return render(request, "petitions/signature_review.html", {
        "union": petition.union, "petition": petition, "queue": queue,
        "waiting": selectors.review_count(petition=petition)})


@login_required
def petition_delivery(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    petition = _petition(request, union_slug, slug, "petitions.deliver_petition")
    if request.method == "POST":
        try:
            services.petition_deliver(petition=petition, by=request.user)
        except SumaError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Delivery recorded on the campaign's timeline."))
        return redirect("petition_delivery", petition.union.slug, petition.slug)
    return render(request, "petitions/petition_delivery.html", {
        "union": petition.union, "petition": petition,
        "total": signature_total(petition=petition),
        "countries": selectors.counts_by_country(petition=petition),
        "delivered": petition.status == PetitionStatus.DELIVERED})


@login_required
def petition_letter(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    petition = _petition(request, union_slug, slug, "petitions.deliver_petition")
    response = HttpResponse(delivery.letter_pdf(petition=petition),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="petition-{petition.slug}.pdf"'
    return response


@login_required
def petition_signatures_csv(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    petition = _petition(request, union_slug, slug, "petitions.deliver_petition")
    response = HttpResponse(delivery.signatures_csv(petition=petition),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="petition-{petition.slug}-'
                                       f'signatures.csv"')
    return response
