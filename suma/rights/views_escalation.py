"""Pages of escalation: the follow-up to an incomplete answer, a complaint to the supervisory
authority (drafted from the request in one click, lodged with its date), the union's Art.
80(1) mandate (members consent or revoke; stewards publish its text), and the collective
dossiers organisers build per controller."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from suma.core.errors import NotFound, SumaError
from suma.members.models import Union
from suma.members.pages import posted, require, union_or_404
from suma.rights import escalation
from suma.rights import escalation_selectors as selectors
from suma.rights.escalation_forms import AuthorityForm, LodgeForm, MandateForm, MandateTextForm
from suma.rights.escalation_selectors import COMPLAINABLE
from suma.rights.models import Complaint, ComplaintStatus, DataRequest, RequestStatus

COLLECTIVE_ROWS_SHOWN = 200


def _request(request: HttpRequest, union_slug: str, reference: str, perm: str) -> DataRequest:
    """The member's own request a URL names: 403 to those who may see it but not act on it
    (its organisers), 404 to anyone else (requests are private)."""
    union = union_or_404(union_slug)
    try:
        found = selectors.request_get(union=union, reference=reference)
    except NotFound:
        raise Http404 from None
    if not (request.user.has_perm(perm, found)
            or request.user.has_perm("rights.view_request", found)):
        raise Http404
    require(request, perm, found)
    return found


def _complaint(request: HttpRequest, union_slug: str, complaint_id: int,
               perm: str = "rights.view_complaint") -> Complaint:
    union = union_or_404(union_slug)
    try:
        found = selectors.complaint_get(union=union, pk=complaint_id)
    except NotFound:
        raise Http404 from None
    if not request.user.has_perm("rights.view_complaint", found):
        raise Http404
    require(request, perm, found)
    return found


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _form_error(request: HttpRequest, form) -> None:
    errors = [str(error) for found in form.errors.values() for error in found]
    messages.error(request, errors[0] if errors else _("Check the form."))


def _labels(items) -> list[str]:
    return [selectors.item_label(entry.key, translation.get_language() or "en")
            for entry in items]


# -- Follow-ups ----------------------------------------------------------------------------

@login_required
@never_cache
def request_follow_up(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    """The items the answer lacked, the letter that asks for them, and the button that sends
    it (or makes the PDF to post)."""
    found = _request(request, union_slug, reference, "rights.send_follow_up")
    if request.method == "POST":
        try:
            event = escalation.request_follow_up(request=found, by=request.user)
        except SumaError as error:
            messages.error(request, str(error.message))
            return redirect("request_follow_up", union_slug, reference)
        if found.controller.email:
            messages.success(request, _("Follow-up sent to %(email)s, with a copy to you.")
                             % {"email": found.controller.email})
        else:
            messages.success(request, _("Your follow-up letter is ready: download it, print "
                                        "it and post it."))
        return redirect(f"{reverse('request_follow_up', args=[union_slug, reference])}"
                        f"#followup-{event.pk}")
    today = selectors.today_date()
    missing = selectors.missing_items(found)
    letter = (selectors.followup_letter(request=found, on=today)
              if found.status == RequestStatus.INCOMPLETE and missing else None)
    history = list(selectors.followups(request=found))
    return render(request, "rights/escalation/follow_up.html", {
        "union": found.union, "req": found, "controller": found.controller,
        "missing": _labels(missing), "letter": letter, "history": history,
        "sent_today": any(event.on == today for event in history),
        "complainable": found.status in COMPLAINABLE})


@login_required
def followup_pdf(request: HttpRequest, union_slug: str, reference: str,
                 event_id: int) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.send_follow_up")
    event = selectors.followups(request=found).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return _pdf(selectors.followup_pdf(request=found, event=event),
                f"follow-up-{found.reference}-{event.on.isoformat()}.pdf")


# -- One member's complaint ----------------------------------------------------------------

def _draft_authority(request: HttpRequest, found: DataRequest, authorities: list, source):
    """The authority the page shows: the one asked for, else the draft's, else Suma's
    proposal; with the form to choose another."""
    draft = (selectors.complaints_of_request(request=found)
             .filter(status=ComplaintStatus.DRAFT).first())
    default = (draft.authority if draft else None) or selectors.authority_propose(
        controller=found.controller, authorities=authorities)
    chooser = AuthorityForm(source if source.get("authority") else None,
                            authorities=authorities,
                            initial={"authority": default.slug if default else ""})
    chosen = chooser.chosen() if chooser.is_bound and chooser.is_valid() else None
    return chooser, chosen or default, default


@login_required
@never_cache
def complaint_draft(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    """The complaint, drafted from the request as it stands: the letter, its PDF bundle, the
    authority Suma proposes (or the one chosen), and where to send it. Posting records the
    day the member lodged it."""
    found = _request(request, union_slug, reference, "rights.draft_complaint")
    authorities = selectors.authority_list()
    source = request.POST if request.method == "POST" else request.GET
    chooser, authority, proposed = _draft_authority(request, found, authorities, source)
    complainable = found.status in COMPLAINABLE
    lodge_form = LodgeForm(posted(request))
    if request.method == "POST":
        if not complainable:
            messages.error(request, _("This request is not one to complain about."))
            return redirect("complaint_draft", union_slug, reference)
        if lodge_form.is_valid():
            try:
                with transaction.atomic():
                    complaint = escalation.complaint_draft(request=found, by=request.user,
                                                           authority=authority)
                    escalation.complaint_lodge(complaint=complaint, by=request.user,
                                               on=lodge_form.cleaned_data["on"])
            except SumaError as error:
                messages.error(request, str(error.message))
                return redirect("complaint_draft", union_slug, reference)
            messages.success(request, _("Recorded: you lodged the complaint on %(date)s.")
                             % {"date": _day(lodge_form.cleaned_data["on"])})
            return redirect("complaint_detail", union_slug, complaint.pk)
    letter = None
    if complainable and authority is not None:
        parts = selectors.complaint_preview_parts(request=found, authority=authority,
                                                  today=selectors.today_date())
        letter = parts[0].letter
    return render(request, "rights/escalation/complaint_draft.html", {
        "union": found.union, "req": found, "controller": found.controller,
        "complainable": complainable, "authority": authority, "proposed": proposed,
        "chooser": chooser, "lodge_form": lodge_form, "letter": letter,
        "complaints": list(selectors.complaints_of_request(request=found)),
        "mandate": selectors.mandate_live(union=found.union, member=request.user),
    }, status=400 if request.method == "POST" else 200)


@login_required
def complaint_draft_pdf(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    """The draft's PDF bundle: the complaint letter, the timeline, the missing items."""
    found = _request(request, union_slug, reference, "rights.draft_complaint")
    authorities = selectors.authority_list()
    _chooser, authority, _proposed = _draft_authority(request, found, authorities, request.GET)
    if found.status not in COMPLAINABLE or authority is None:
        messages.error(request, _("This request is not one to complain about.")
                       if authority is not None else
                       _("Choose the supervisory authority first."))
        return redirect("complaint_draft", union_slug, reference)
    parts = selectors.complaint_preview_parts(request=found, authority=authority,
                                              today=selectors.today_date())
    return _pdf(selectors.bundle(parts), f"complaint-{found.reference}.pdf")


# -- Any complaint -------------------------------------------------------------------------

@login_required
@never_cache
def complaint_detail(request: HttpRequest, union_slug: str, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, union_slug, complaint_id)
    is_draft = complaint.status == ComplaintStatus.DRAFT
    authorities = selectors.authority_list() if is_draft else []
    context = {
        "union": complaint.union, "complaint": complaint, "authority": complaint.authority,
        "controller": complaint.controller, "is_draft": is_draft,
        "pdf_ready": bool(complaint.file) or not complaint.collective,
        "may_lodge": request.user.has_perm("rights.lodge_complaint", complaint),
        "chooser": AuthorityForm(authorities=authorities,
                                 initial={"authority": complaint.authority.slug}),
        "lodge_form": LodgeForm(),
    }
    if complaint.collective:
        found = selectors.mandated_requests(union=complaint.union,
                                            requests=complaint.requests.all()) \
            if is_draft else [(r, None, r.member.name or r.member.email) for r in
                              complaint.requests.select_related("member", "controller")
                              .order_by("sent_on", "reference")]
        statistics = selectors.complaint_statistics(complaint=complaint)
        language = translation.get_language() or "en"
        context.update({
            "statistics": statistics,
            "most_missing": [(selectors.item_label(key, language), count)
                             for key, count in statistics.most_missing],
            "rows": [(r, name) for r, _mandate, name in found[:COLLECTIVE_ROWS_SHOWN]],
            "row_count": len(found), "more": max(0, len(found) - COLLECTIVE_ROWS_SHOWN),
        })
    else:
        context["requests"] = list(complaint.requests.select_related("controller"))
    return render(request, "rights/escalation/complaint_detail.html", context)


@login_required
def complaint_pdf(request: HttpRequest, union_slug: str, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, union_slug, complaint_id)
    name = (f"dossier-{complaint.controller.slug or complaint.controller.pk}-{complaint.pk}.pdf"
            if complaint.collective else f"complaint-{complaint.pk}.pdf")
    if complaint.file:
        with complaint.file.open("rb") as stored:
            return _pdf(stored.read(), name)
    if complaint.collective:
        messages.info(request, _("The dossier's PDF is still being made: reload this page in "
                                 "a moment."))
        return redirect("complaint_detail", union_slug, complaint.pk)
    try:
        content, _ids = selectors.complaint_pdf_render(complaint=complaint)
    except NotFound:
        raise Http404 from None
    return _pdf(content, name)


@login_required
@require_POST
def complaint_authority(request: HttpRequest, union_slug: str,
                        complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, union_slug, complaint_id, "rights.lodge_complaint")
    form = AuthorityForm(request.POST, authorities=selectors.authority_list())
    if not form.is_valid() or form.chosen() is None:
        messages.error(request, _("Choose a supervisory authority from the list."))
        return redirect("complaint_detail", union_slug, complaint.pk)
    try:
        escalation.complaint_authority_set(complaint=complaint, by=request.user,
                                           authority=form.chosen())
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The complaint is now addressed to %(authority)s.")
                         % {"authority": form.chosen().name})
    return redirect("complaint_detail", union_slug, complaint.pk)


@login_required
@require_POST
def complaint_lodge(request: HttpRequest, union_slug: str, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, union_slug, complaint_id, "rights.lodge_complaint")
    form = LodgeForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("complaint_detail", union_slug, complaint.pk)
    try:
        escalation.complaint_lodge(complaint=complaint, by=request.user,
                                   on=form.cleaned_data["on"])
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Recorded: the complaint was lodged on %(date)s.")
                         % {"date": _day(form.cleaned_data["on"])})
    return redirect("complaint_detail", union_slug, complaint.pk)


# -- Mandates ------------------------------------------------------------------------------

@login_required
@never_cache
def mandate(request: HttpRequest, union_slug: str) -> HttpResponse:
    """The union's mandate text, the member's consent to it (or its revocation), and their
    history of mandates with dates."""
    union = union_or_404(union_slug)
    require(request, "rights.view_mandate", union)
    current = selectors.mandate_text_current(union=union)
    live = selectors.mandate_live(union=union, member=request.user)
    form = MandateForm(posted(request), initial={"text_version": current.version}
                       if current else None)
    if request.method == "POST":
        require(request, "rights.give_mandate", union)
        if form.is_valid():
            try:
                escalation.mandate_give(union=union, member=request.user,
                                        text_version=form.cleaned_data["text_version"])
            except SumaError as error:
                messages.error(request, str(error.message))
                return redirect("mandate", union.slug)
            messages.success(request, _("Thank you: %(union)s may now lodge complaints for you "
                                        "under this mandate.") % {"union": union.name})
            return redirect("mandate", union.slug)
    return render(request, "rights/escalation/mandate.html", {
        "union": union, "current": current, "live": live, "form": form,
        "history": list(selectors.mandate_history(union=union, member=request.user)),
        "up_to_date": live is not None and current is not None and live.text_id == current.pk,
        "complaints": list(selectors.complaints_of_member(union=union, member=request.user)),
        "may_publish": request.user.has_perm("rights.publish_mandate_text", union),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def mandate_revoke(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = union_or_404(union_slug)
    live = selectors.mandate_live(union=union, member=request.user)
    if live is None:
        messages.error(request, _("You have no mandate in force to revoke."))
        return redirect("mandate", union.slug)
    require(request, "rights.revoke_mandate", live)
    try:
        escalation.mandate_revoke(mandate=live, by=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your mandate is revoked: no complaint will include your "
                                    "requests from now on."))
    return redirect("mandate", union.slug)


def _default_text(union: Union) -> str:
    return str(escalation.DEFAULT_MANDATE_TEXT) % {"union": union.name}


@login_required
@never_cache
def mandate_texts(request: HttpRequest, union_slug: str) -> HttpResponse:
    """The stewards' page: every version of the mandate text, and a new one to publish."""
    union = union_or_404(union_slug)
    require(request, "rights.publish_mandate_text", union)
    current = selectors.mandate_text_current(union=union)
    form = MandateTextForm(posted(request),
                           initial={"text": current.text if current else _default_text(union)})
    if request.method == "POST" and form.is_valid():
        try:
            published = escalation.mandate_text_publish(union=union, by=request.user,
                                                        text=form.cleaned_data["text"])
        except SumaError as error:
            form.add_error("text" if error.field == "text" else None, str(error.message))
        else:
            messages.success(request, _("Version %(version)s of the mandate is published.")
                             % {"version": published.version})
            return redirect("mandate_texts", union.slug)
    return render(request, "rights/escalation/mandate_texts.html", {
        "union": union, "form": form,
        "versions": list(selectors.mandate_text_list(union=union)),
    }, status=400 if request.method == "POST" else 200)


# -- Collective dossiers -------------------------------------------------------------------

@login_required
@never_cache
def dossier_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = union_or_404(union_slug)
    require(request, "rights.build_dossier", union)
    return render(request, "rights/escalation/dossier_list.html", {
        "union": union, "controllers": selectors.dossier_controllers(union=union),
        "dossiers": list(selectors.complaint_list(union=union, collective=True)[:100]),
        "mandated": selectors.live_mandates(union=union).count(),
        "may_publish": request.user.has_perm("rights.publish_mandate_text", union),
    })


@login_required
@never_cache
def dossier_detail(request: HttpRequest, union_slug: str, controller_id: int) -> HttpResponse:
    """One controller: what a dossier would list, with its statistics; the button builds it."""
    union = union_or_404(union_slug)
    require(request, "rights.build_dossier", union)
    try:
        controller = selectors.controller_get(pk=controller_id)
    except NotFound:
        raise Http404 from None
    authorities = selectors.authority_list()
    proposed = selectors.authority_propose(controller=controller, authorities=authorities)
    form = AuthorityForm(posted(request), authorities=authorities,
                         initial={"authority": proposed.slug if proposed else ""})
    if request.method == "POST":
        chosen = form.chosen() if form.is_valid() else None
        try:
            complaint = escalation.dossier_build(union=union, controller=controller,
                                                 by=request.user, authority=chosen)
        except SumaError as error:
            messages.error(request, str(error.message))
            return redirect("dossier_detail", union.slug, controller.pk)
        messages.success(request, _("The dossier is built: %(count)s requests.")
                         % {"count": complaint.requests.count()})
        return redirect("complaint_detail", union.slug, complaint.pk)
    statistics = selectors.dossier_statistics(union=union, controller=controller)
    language = translation.get_language() or "en"
    return render(request, "rights/escalation/dossier_detail.html", {
        "union": union, "controller": controller, "statistics": statistics,
        "most_missing": [(selectors.item_label(key, language), count)
                         for key, count in statistics.most_missing],
        "proposed": proposed, "form": form,
        "dossiers": list(selectors.complaint_list(union=union, collective=True,
                                                  controller=controller)[:20]),
    })
