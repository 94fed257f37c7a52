"""Pages of data-rights requests and drives: a member's requests and each one's page with
what to do next, the letters as PDFs, the drives with their join button and dashboards, the
league table of controllers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from suma.campaigns import selectors as campaigns
from suma.campaigns.models import Campaign, Organisation
from suma.core.errors import NotFound, SumaError
from suma.members.models import Chapter
from suma.members.pages import posted, require, union_or_404
from suma.rights import batch, selectors, services
from suma.rights.forms import (
    AnswerForm,
    ControllerSearchForm,
    DateForm,
    DriveForm,
    ExtendForm,
    IdentificationForm,
    MarkSentForm,
    ReplyForm,
    RequestForm,
)
from suma.rights.models import Channel, DataRequest, Drive, DriveStatus, RequestStatus

S = RequestStatus
# When the page offers "Draft a complaint" (escalation's page, suma.rights.urls_escalation).
COMPLAINABLE = (S.OVERDUE, S.REMINDED, S.INCOMPLETE)
LETTERS_REFRESH_SECONDS = 5  # how often the drive's dashboard reloads while letters are made


def _request(request: HttpRequest, union_slug: str, reference: str,
             perm: str = "rights.view_request") -> DataRequest:
    """The request a URL names; 404 to whoever may not see it (it is private)."""
    union = union_or_404(union_slug)
    try:
        found = selectors.request_get(union=union, reference=reference)
    except NotFound:
        raise Http404 from None
    if not request.user.has_perm("rights.view_request", found):
        raise Http404
    require(request, perm, found)
    return found


def _drive(request: HttpRequest, union_slug: str, slug: str,
           perm: str = "rights.view_drive") -> Drive:
    union = union_or_404(union_slug)
    try:
        drive = selectors.drive_get(union=union, slug=slug)
    except NotFound:
        raise Http404 from None
    if not request.user.has_perm("rights.view_drive", drive):
        raise Http404  # a draft: nobody but its organisers learns it exists
    require(request, perm, drive)
    return drive


def _form_error(request: HttpRequest, form) -> None:
    errors = [f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
              for name, found in form.errors.items() for error in found]
    messages.error(request, errors[0] if errors else _("Check the form."))


def _today_initial() -> dict:
    return {"on": services.current_date(), "sent_on": services.current_date()}


# -- A member's requests ---------------------------------------------------------------------

@login_required
def request_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = union_or_404(union_slug)
    return render(request, "rights/request_list.html", {
        "union": union, "requests": list(selectors.request_list(union=union,
                                                                member=request.user)),
        "may_create": request.user.has_perm("rights.add_request", union),
        "may_see_league": request.user.has_perm("rights.view_league", union),
        "may_see_dashboard": request.user.has_perm("rights.view_dashboard", union)})


def _controller(pk: str | None) -> Organisation | None:
    if not pk or not str(pk).isdigit() or int(pk) > 2**63 - 1:
        return None
    return Organisation.objects.filter(pk=int(pk), is_controller=True).first()


@login_required
def request_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    """Choose a controller (a search of the directory), then the rights and identification."""
    union = union_or_404(union_slug)
    require(request, "rights.add_request", union)
    controller = _controller(request.POST.get("controller") or request.GET.get("controller"))
    if controller is None:
        search = ControllerSearchForm(request.GET or None)
        found = []
        if search.is_valid() and search.cleaned_data["q"]:
            found = list(campaigns.organisation_list(q=search.cleaned_data["q"],
                                                     controller=True)[:25])
        return render(request, "rights/request_choose.html", {
            "union": union, "search": search, "found": found,
            "searched": bool(search.is_bound and search.is_valid()
                             and search.cleaned_data["q"])},
            status=400 if request.method == "POST" else 200)
    channel = services.channel_for(controller)
    form = RequestForm(posted(request), controller=controller, initial_values=(
        services.identification_defaults(controller=controller, member=request.user)))
    if request.method == "POST" and channel is not None and form.is_valid():
        try:
            created = services.request_create(
                member=request.user, union=union, controller=controller,
                kinds=form.cleaned_data["kinds"], identification=form.identification(),
                details=form.details())
        except SumaError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your request is ready. Check the letter, then send "
                                        "it."))
            return redirect(created)
    return render(request, "rights/request_form.html", {
        "union": union, "controller": controller, "form": form, "channel": channel,
        "no_channel": (services.no_channel_message(union, controller)
                       if channel is None else "")},
        status=400 if request.method == "POST" else 200)


@never_cache
@login_required
def request_detail(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference)
    user = request.user
    mine = user.has_perm("rights.act_on_request", found)
    may_check = user.has_perm("rights.check_answer", found)
    status = found.status
    if found.sent_on is None:
        letter = selectors.request_letter(found, on=services.current_date())
        subject, body = letter.subject, letter.body
    else:
        subject, body = found.subject, found.body
    items = selectors.checklist(request=found)
    initial = _today_initial()
    return render(request, "rights/request_detail.html", {
        "union": found.union, "req": found, "controller": found.controller,
        "kinds": selectors.kind_labels(found.kinds), "subject": subject, "body": body,
        "explanation": selectors.deadline_explanation(request=found),
        "history": selectors.request_history(request=found),
        "items": items, "missing": [i for i in items if not i["ticked"]],
        "identification": [(label, value) for label, value in found.identification],
        "mine": mine, "may_check": may_check,
        "can_send": mine and status == S.DRAFT and found.channel == Channel.EMAIL,
        "can_mark_sent": mine and status == S.DRAFT and found.channel != Channel.EMAIL,
        "can_acknowledge": mine and status in services.ACKNOWLEDGEABLE,
        "can_extend": mine and status in services.EXTENDABLE,
        "can_answer": may_check and status in services.ANSWERABLE,
        "can_reply": mine and status in services.REPLYABLE,
        "can_remind": mine and status in services.REMINDABLE,
        "can_withdraw": mine and status in services.WITHDRAWABLE,
        "complainable": mine and status in COMPLAINABLE,
        "mark_sent_form": MarkSentForm(initial=initial, prefix="sent"),
        "date_form": DateForm(initial=initial, prefix="ack"),
        "extend_form": ExtendForm(initial=initial, prefix="ext"),
        "answer_form": AnswerForm(items=items, prefix="ans", initial={
            "on": found.answered_on or services.current_date(),
            "contained": found.contained}),
        "reply_form": ReplyForm(prefix="reply")})


def _act(request: HttpRequest, found: DataRequest, action, success: str) -> HttpResponse:
    try:
        action()
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect(found)


@login_required
@require_POST
def request_send(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    return _act(request, found, lambda: services.request_send(request=found, by=request.user),
                _("Sent. The controller has your request by email, and you have a copy. The "
                  "deadline runs from today."))


@login_required
@require_POST
def request_mark_sent(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    form = MarkSentForm(request.POST, prefix="sent")
    if not form.is_valid():
        _form_error(request, form)
        return redirect(found)
    return _act(request, found, lambda: services.request_mark_sent(
        request=found, by=request.user, sent_on=form.cleaned_data["sent_on"],
        received_on=form.cleaned_data["received_on"]),
        _("Recorded: the deadline runs from the day the controller received it."))


@login_required
@require_POST
def request_acknowledge(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    form = DateForm(request.POST, prefix="ack")
    if not form.is_valid():
        _form_error(request, form)
        return redirect(found)
    return _act(request, found, lambda: services.request_acknowledge(
        request=found, by=request.user, on=form.cleaned_data["on"]),
        _("Recorded: the controller acknowledged your request."))


@login_required
@require_POST
def request_extend(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    form = ExtendForm(request.POST, prefix="ext")
    if not form.is_valid():
        _form_error(request, form)
        return redirect(found)
    return _act(request, found, lambda: services.request_extend(
        request=found, by=request.user, on=form.cleaned_data["on"],
        reasons=form.cleaned_data["reasons"]),
        _("Recorded: the deadline is now three months from receipt."))


@login_required
@require_POST
def request_answer(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.check_answer")
    form = AnswerForm(request.POST, items=selectors.checklist(request=found), prefix="ans")
    if not form.is_valid():
        _form_error(request, form)
        return redirect(found)

    def answer():
        done = services.request_answer(request=found, by=request.user,
                                       on=form.cleaned_data["on"],
                                       contained=form.cleaned_data["contained"])
        found.status = done.status

    response = _act(request, found, answer, _("Recorded."))
    if found.status == S.COMPLETE:
        messages.info(request, _("The answer is complete."))
    elif found.status == S.INCOMPLETE:
        messages.info(request, _("The answer is incomplete: a follow-up letter can ask for "
                                 "what is missing."))
    return response


@login_required
@require_POST
def request_reply(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    form = ReplyForm(request.POST, request.FILES, prefix="reply")
    if not form.is_valid():
        _form_error(request, form)
        return redirect(found)
    return _act(request, found, lambda: services.request_reply_attach(
        request=found, by=request.user, upload=form.cleaned_data["upload"],
        received_on=form.cleaned_data["received_on"]),
        _("The reply is attached to your request. Tick off below what it contains."))


@login_required
def reply_download(request: HttpRequest, union_slug: str, reference: str,
                   reply_id: int) -> HttpResponse:
    found = _request(request, union_slug, reference)
    try:
        reply = selectors.reply_get(request=found, pk=reply_id)
    except NotFound:
        raise Http404 from None
    return FileResponse(reply.file.open("rb"), as_attachment=True, filename=reply.filename,
                        content_type=reply.content_type)


@login_required
@require_POST
def request_remind(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    success = (_("Reminder sent by email: the controller has 14 days to comply.")
               if found.channel == Channel.EMAIL else
               _("Reminder recorded: print it (below) and send it like the request."))
    return _act(request, found, lambda: services.request_remind(request=found, by=request.user),
                success)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference, "rights.act_on_request")
    return _act(request, found,
                lambda: services.request_withdraw(request=found, by=request.user),
                _("Your request is withdrawn."))


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def request_letter_pdf(request: HttpRequest, union_slug: str, reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference)
    letter = selectors.request_letter(found, on=found.sent_on or services.current_date())
    return _pdf(selectors.letter_pdf(found, letter), f"{found.reference}.pdf")


@login_required
def request_reminder_pdf(request: HttpRequest, union_slug: str,
                         reference: str) -> HttpResponse:
    found = _request(request, union_slug, reference)
    if found.reminded_on is None:
        raise Http404
    letter = selectors.reminder_letter(found)
    return _pdf(selectors.letter_pdf(found, letter), f"{found.reference}-reminder.pdf")


# -- Drives --------------------------------------------------------------------------------

def drive_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = union_or_404(union_slug)
    user = request.user
    return render(request, "rights/drive_list.html", {
        "union": union, "drives": selectors.drive_list(union=union, viewer=user),
        "may_create": user.is_authenticated and (
            user.has_perm("rights.add_drive", union) or any(
                user.has_perm("rights.add_drive", c) for c in union.chapters.all())),
        "may_see_league": user.has_perm("rights.view_league", union),
        "may_see_dashboard": user.has_perm("rights.view_dashboard", union)})


def _drive_context(request: HttpRequest, drive: Drive, form=None) -> dict:
    user = request.user
    joined = selectors.member_request_in_drive(drive=drive, user=user)
    channel = services.channel_for(drive.controller)
    may_run = user.has_perm("rights.change_drive", drive)
    return {
        "union": drive.union, "drive": drive, "controller": drive.controller,
        "kinds": selectors.kind_labels(drive.kinds), "joined": joined,
        "sent": selectors.drive_sent_count(drive=drive),
        "eligible": services.drive_eligible(drive=drive, user=user),
        "is_open": drive.status == DriveStatus.OPEN, "channel": channel,
        "no_channel": (services.no_channel_message(drive.union, drive.controller)
                       if channel is None else ""),
        "form": form or (IdentificationForm(controller=drive.controller, initial_values=(
            services.identification_defaults(controller=drive.controller, member=user)))
            if user.is_authenticated else None),
        "may_run": may_run,
        "dashboard": selectors.drive_dashboard(drive=drive) if may_run else None,
    }


@never_cache
def drive_detail(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    drive = _drive(request, union_slug, slug)
    return render(request, "rights/drive_detail.html", _drive_context(request, drive))


@login_required
@require_POST
def drive_join(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    """One click: the request is made, and sent at once when Suma can email it."""
    drive = _drive(request, union_slug, slug)
    form = IdentificationForm(request.POST, controller=drive.controller)
    if not form.is_valid():
        return render(request, "rights/drive_detail.html",
                      _drive_context(request, drive, form), status=400)
    try:
        joined = services.drive_join(drive=drive, member=request.user,
                                     identification=form.identification())
    except SumaError as error:
        messages.error(request, str(error.message))
        return redirect(drive)
    if joined.status == S.SENT:
        messages.success(request, _("Your request is sent: the controller has it by email, "
                                    "and you have a copy. We will tell you before the "
                                    "deadline."))
    else:
        messages.success(request, _("Your request is ready. Send it as this page says, then "
                                    "record the date with “I've sent it”."))
    return redirect(joined)


@login_required
def drive_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = union_or_404(union_slug)
    user = request.user
    whole_union = user.has_perm("rights.add_drive", union)
    chapters = [c for c in Chapter.objects.filter(union=union).order_by("name")
                if user.has_perm("rights.add_drive", c)]
    if not whole_union and not chapters:
        raise PermissionDenied
    union_campaigns = list(Campaign.objects.filter(union=union).order_by("title"))
    form = DriveForm(posted(request), chapters=chapters, campaigns=union_campaigns,
                     whole_union=whole_union)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = data["controller"].strip()
        controller = Organisation.objects.filter(
            Q(slug=key) | Q(pk=int(key) if key.isdigit() and len(key) < 18 else 0)).first()
        chapter = next((c for c in chapters if str(c.pk) == data["chapter"]), None)
        campaign = next((c for c in union_campaigns if str(c.pk) == data["campaign"]), None)
        if controller is None:
            form.add_error("controller", _("The directory has no such controller."))
        else:
            try:
                drive = services.drive_create(
                    union=union, by=user, title=data["title"], slug=data["slug"],
                    controller=controller, kinds=data["kinds"], chapter=chapter,
                    campaign=campaign, description=data["description"])
            except SumaError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(request, _("The drive is saved as a draft. Open it when it "
                                            "is ready: members can then join."))
                return redirect(drive)
    return render(request, "rights/drive_form.html", {"union": union, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def drive_status(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    drive = _drive(request, union_slug, slug, "rights.change_drive")
    action = request.POST.get("action")
    try:
        if action == "open":
            services.drive_open(drive=drive, by=request.user)
            messages.success(request, _("The drive is open: members can join."))
        elif action == "close":
            services.drive_close(drive=drive, by=request.user)
            messages.success(request, _("The drive is closed."))
        else:
            messages.error(request, _("Unknown action."))
    except SumaError as error:
        messages.error(request, str(error.message))
    return redirect(drive)


@never_cache
@login_required
def drive_dashboard(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    """The drive's counts and its printable letters: the page reloads itself every few
    seconds while the letters are being made (no script: a Refresh header), unless the
    organiser turned that off."""
    drive = _drive(request, union_slug, slug, "rights.view_dashboard")
    letters = batch.drive_letters_progress(drive=drive)
    refresh = letters["running"] and request.GET.get("refresh") != "off"
    response = render(request, "rights/drive_dashboard.html", {
        "union": drive.union, "drive": drive, "counts": selectors.drive_dashboard(drive=drive),
        "rows": [row for row in selectors.league_table(union=drive.union,
                                                       today=services.current_date())
                 if row.controller_id == drive.controller_id],
        "letters": letters, "may_make_letters": request.user.has_perm("rights.change_drive",
                                                                       drive),
        "refresh": refresh, "refresh_seconds": LETTERS_REFRESH_SECONDS})
    if refresh:
        response["Refresh"] = str(LETTERS_REFRESH_SECONDS)
    return response


def _letters_page(drive: Drive) -> str:
    return f"{reverse('drive_dashboard', args=[drive.union.slug, drive.slug])}#letters"


@login_required
@require_POST
def drive_letters_start(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    """Make every request's letter, in one ZIP, in the background."""
    drive = _drive(request, union_slug, slug, "rights.change_drive")
    try:
        batch.drive_letters_start(drive=drive, by=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The letters are being made: this page shows how far "
                                    "they are."))
    return redirect(_letters_page(drive))


@never_cache
@login_required
def drive_letters_download(request: HttpRequest, union_slug: str, slug: str) -> HttpResponse:
    """The drive's letters as one ZIP, streamed to its organisers only: the file lies under
    MEDIA_ROOT, which is not served (the letters carry members' names and identification)."""
    drive = _drive(request, union_slug, slug, "rights.change_drive")
    letters = batch.drive_letters_progress(drive=drive)
    if not letters["ready"]:
        raise Http404
    try:
        zipped = letters["path"].open("rb")
    except FileNotFoundError:  # a newer run finished just now and replaced it
        raise Http404 from None
    return FileResponse(zipped, as_attachment=True, filename=f"{drive.slug}-letters.zip",
                        content_type="application/zip")


@login_required
def rights_dashboard(request: HttpRequest, union_slug: str) -> HttpResponse:
    """Every controller the union's members wrote to, by where their requests stand."""
    union = union_or_404(union_slug)
    require(request, "rights.view_dashboard", union)
    return render(request, "rights/rights_dashboard.html", {
        "union": union, "rows": selectors.controller_dashboard(union=union)})


@login_required
def league_table(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = union_or_404(union_slug)
    require(request, "rights.view_league", union)
    return render(request, "rights/league_table.html", {
        "union": union,
        "rows": selectors.league_table(union=union, today=services.current_date())})
