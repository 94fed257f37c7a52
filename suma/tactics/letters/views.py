"""Pages of letters to representatives: the list, a letter campaign's page (whom you write to,
the counts per representative), where you live, writing and sending your letter, replies and
the "did they reply?" questionnaire, and the organisers' editor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from suma.campaigns.models import Campaign, Representative
from suma.campaigns.selectors import representative_facets
from suma.core.errors import NotFound, SumaError
from suma.members.pages import posted as _posted
from suma.members.pages import require as _require
from suma.members.pages import union_or_404 as _union
from suma.tactics.letters import selectors, services, similarity
from suma.tactics.letters.forms import (
    FIELD_LABELS,
    ConstituentForm,
    LetterCampaignForm,
    LetterForm,
    QuestionnaireForm,
    ReplyForm,
)
from suma.tactics.letters.models import (
    Letter,
    LetterCampaign,
    LetterStatus,
    SendMethod,
)
from suma.tactics.letters.printing import letter_pdf_bytes
from suma.tactics.petitions.countries import country_name


def _letter_campaign(request: HttpRequest, union_slug: str, pk: int,
                     perm: str = "letters.view_letter_campaign") -> LetterCampaign:
    union = _union(union_slug)
    try:
        found = selectors.letter_campaign_get(union=union, pk=pk)
    except NotFound:
        raise Http404 from None
    if not request.user.has_perm("letters.view_letter_campaign", found):
        raise Http404  # a draft: nobody but its organisers learns it exists
    if perm != "letters.view_letter_campaign":
        _require(request, perm, found)
    return found


def _my_letter(request: HttpRequest, letter_campaign: LetterCampaign, letter_id: int) -> Letter:
    try:
        return selectors.my_letter_get(letter_campaign=letter_campaign, user=request.user,
                                       pk=letter_id)
    except NotFound:
        raise Http404 from None


def _error(form, error: SumaError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _campaign_url(campaign: Campaign) -> str:
    try:
        return campaign.get_absolute_url()
    except NoReverseMatch:
        return ""


def _next(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return default


# -- The list and a letter campaign's page --------------------------------------------------

def letter_campaign_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    return render(request, "letters/letter_campaign_list.html", {
        "union": union,
        "letter_campaigns": list(selectors.letter_campaign_list(union=union,
                                                                viewer=request.user)),
        "may_create": request.user.has_perm("letters.create_letter_campaigns", union),
    })


@never_cache
def letter_campaign_detail(request: HttpRequest, union_slug: str, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, union_slug, pk)
    user = request.user
    constituent = selectors.constituent_of(user=user)
    may_write = user.has_perm("letters.write_letter", letter_campaign)
    matched = selectors.representatives_matching(letter_campaign=letter_campaign,
                                                  constituent=constituent) if may_write else []
    mine = selectors.letters_of(letter_campaign=letter_campaign, user=user)
    sent_to = {letter.representative_id for letter in mine if letter.status == LetterStatus.SENT}
    return render(request, "letters/letter_campaign_detail.html", {
        "union": letter_campaign.union, "letter_campaign": letter_campaign,
        "campaign_url": _campaign_url(letter_campaign.campaign),
        "country": country_name(letter_campaign.country) if letter_campaign.country else "",
        "constituent": constituent,
        "constituent_country": country_name(constituent.country) if constituent else "",
        "may_write": may_write,
        "matched": [(r, r.pk in sent_to) for r in matched],
        "no_match": selectors.no_match_reason(letter_campaign=letter_campaign,
                                              constituent=constituent)
        if may_write and not matched else "",
        "region_unmatched": selectors.region_unmatched(
            letter_campaign=letter_campaign, constituent=constituent, matched=matched),
        "mine": mine,
        "counts": selectors.counts_per_representative(letter_campaign=letter_campaign),
        "totals": selectors.letter_totals(letter_campaign=letter_campaign),
        "may_change": user.has_perm("letters.change_letter_campaign", letter_campaign),
        "may_open": user.has_perm("letters.open_letter_campaign", letter_campaign),
    })


# -- Organisers -------------------------------------------------------------------------------

def _bodies() -> list[str]:
    return representative_facets()["bodies"]


@login_required
def letter_campaign_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "letters.create_letter_campaigns", union)
    campaigns = [c for c in Campaign.objects.filter(union=union).order_by("title")
                 if request.user.has_perm("letters.add_letter_campaign", c)]
    if not campaigns:
        raise PermissionDenied
    form = LetterCampaignForm(_posted(request), campaigns=campaigns, bodies=_bodies())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.letter_campaign_create(
                campaign=form.campaigns[data["campaign"]], by=request.user,
                title=data["title"], subject=data["subject"], template=data["template"],
                talking_points=data["talking_points"], country=data["country"],
                body=data["body"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The letter campaign is saved as a draft. Open it "
                                        "when it is ready."))
            return redirect(found)
    return render(request, "letters/letter_campaign_form.html", {
        "union": union, "form": form, "letter_campaign": None, "fields": FIELD_LABELS},
        status=400 if request.method == "POST" else 200)


@login_required
def letter_campaign_edit(request: HttpRequest, union_slug: str, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, union_slug, pk, "letters.change_letter_campaign")
    initial = {"title": letter_campaign.title, "country": letter_campaign.country,
               "body": letter_campaign.body, "subject": letter_campaign.subject,
               "template": letter_campaign.template,
               "talking_points": "\n".join(letter_campaign.talking_points)}
    form = LetterCampaignForm(_posted(request), initial=initial, bodies=_bodies())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.letter_campaign_update(
                letter_campaign=letter_campaign, by=request.user, title=data["title"],
                subject=data["subject"], template=data["template"],
                talking_points=data["talking_points"], country=data["country"],
                body=data["body"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(letter_campaign)
    return render(request, "letters/letter_campaign_form.html", {
        "union": letter_campaign.union, "form": form, "letter_campaign": letter_campaign,
        "fields": FIELD_LABELS}, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def letter_campaign_status(request: HttpRequest, union_slug: str, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, union_slug, pk, "letters.open_letter_campaign")
    action = request.POST.get("action")
    try:
        if action == "open":
            services.letter_campaign_open(letter_campaign=letter_campaign, by=request.user)
            messages.success(request, _("Open: members can write their letters now."))
        elif action == "close":
            services.letter_campaign_close(letter_campaign=letter_campaign, by=request.user)
            messages.success(request, _("Closed: no more letters are sent. Members can still "
                                        "record replies."))
        else:
            messages.error(request, _("Unknown action."))
    except SumaError as error:
        messages.error(request, str(error.message))
    return redirect(letter_campaign)


# -- Where you live ---------------------------------------------------------------------------

@login_required
def constituent_edit(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    found = selectors.constituent_of(user=request.user)
    initial = {"country": found.country, "region": found.region, "postcode": found.postcode,
               "address": found.address} if found else None
    form = ConstituentForm(_posted(request), initial=initial)
    back = _next(request, reverse("letter_campaign_list", args=[union.slug]))
    if request.method == "POST" and form.is_valid():
        try:
            services.constituent_set(user=request.user, **form.cleaned_data)
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved: your representatives are found by these "
                                        "details."))
            return redirect(back)
    return render(request, "letters/constituent_form.html", {
        "union": union, "form": form, "next": back},
        status=400 if request.method == "POST" else 200)


# -- Writing and sending ----------------------------------------------------------------------

def _write_page(request: HttpRequest, letter_campaign: LetterCampaign,
                representative: Representative, letter: Letter | None, form: LetterForm,
                constituent, *, refused: similarity.Verdict | None = None,
                status: int = 200) -> HttpResponse:
    _subject, template = services.letter_prefill(
        letter_campaign=letter_campaign, representative=representative, user=request.user,
        constituent=constituent)
    body = form.data.get("body") if form.is_bound else form.initial.get("body", "")
    score = similarity.similarity(body or "", template)
    return render(request, "letters/letter_write.html", {
        "union": letter_campaign.union, "letter_campaign": letter_campaign,
        "representative": representative, "letter": letter, "form": form,
        "hint": similarity.Verdict(score=score, against="template", index=None),
        "refused": refused, "limit": int(similarity.THRESHOLD * 100),
        "refused_message": services.identikit_message(refused) if refused else "",
        "may_email": bool(representative.email),
        "may_post": bool(representative.postal_address),
        "constituent": constituent,
        "sent": letter is not None and letter.status == LetterStatus.SENT,
    }, status=status)


@login_required
def letter_write(request: HttpRequest, union_slug: str, pk: int,
                 representative_id: int) -> HttpResponse:
    """The member's letter to one of their representatives: edit, save, send once."""
    letter_campaign = _letter_campaign(request, union_slug, pk)
    try:
        representative = selectors.representative_get(pk=representative_id)
    except NotFound:
        raise Http404 from None
    user = request.user
    letter = selectors.letter_of(letter_campaign=letter_campaign, user=user,
                                 representative=representative)
    constituent = selectors.constituent_of(user=user)
    if letter is not None and letter.status == LetterStatus.SENT:
        if request.method == "POST":
            messages.error(request, str(services.sent_already(representative).message))
            return redirect("letter_write", letter_campaign.union.slug, letter_campaign.pk,
                            representative.pk)
        return _write_page(request, letter_campaign, representative, letter,
                           LetterForm(initial={"subject": letter.subject, "body": letter.body}),
                           constituent)
    _require(request, "letters.write_letter", letter_campaign)
    back = redirect(letter_campaign)
    if constituent is None:
        messages.warning(request, _("Tell us where you live first: your representatives are "
                                    "found by your country and region."))
        return redirect(reverse("constituent_edit", args=[letter_campaign.union.slug])
                        + "?next=" + letter_campaign.get_absolute_url())
    matched = selectors.representatives_matching(letter_campaign=letter_campaign,
                                                  constituent=constituent)
    if representative.pk not in {r.pk for r in matched}:
        messages.error(request, _("This representative is not one of yours in this "
                                  "campaign."))
        return back
    if request.method != "POST":
        if letter is not None:
            initial = {"subject": letter.subject, "body": letter.body}
        else:
            subject, body = services.letter_prefill(
                letter_campaign=letter_campaign, representative=representative, user=user,
                constituent=constituent)
            initial = {"subject": subject, "body": body}
        return _write_page(request, letter_campaign, representative, letter,
                           LetterForm(initial=initial), constituent)
    form = LetterForm(request.POST)
    action = request.POST.get("action", "save")
    if not form.is_valid():
        return _write_page(request, letter_campaign, representative, letter, form, constituent,
                           status=400)
    data = form.cleaned_data
    try:
        if action in SendMethod.values:
            sent = services.letter_send(letter_campaign=letter_campaign, user=user,
                                        representative=representative, method=action,
                                        subject=data["subject"], body=data["body"])
        else:
            services.letter_save(letter_campaign=letter_campaign, user=user,
                                 representative=representative, subject=data["subject"],
                                 body=data["body"])
            sent = None
    except services.IdentikitError as error:
        letter = selectors.letter_of(letter_campaign=letter_campaign, user=user,
                                     representative=representative)
        return _write_page(request, letter_campaign, representative, letter, form, constituent,
                           refused=error.verdict, status=400)
    except SumaError as error:
        if error.field in form.fields:
            form.add_error(error.field, str(error.message))
            return _write_page(request, letter_campaign, representative, letter, form,
                               constituent, status=400)
        messages.error(request, str(error.message))
        return redirect("letter_write", letter_campaign.union.slug, letter_campaign.pk,
                        representative.pk)
    if sent is None:
        messages.success(request, _("Your draft is saved."))
    elif sent.method == SendMethod.EMAIL:
        messages.success(request, _("Your letter to %(name)s is on its way; a copy goes to "
                                    "your inbox. Replies come straight to you.")
                         % {"name": representative.name})
    else:
        messages.success(request, _("Recorded as sent by post: print the PDF, sign it and post "
                                    "it to %(name)s.") % {"name": representative.name})
    return redirect("letter_write", letter_campaign.union.slug, letter_campaign.pk,
                    representative.pk)


@login_required
def letter_pdf(request: HttpRequest, union_slug: str, pk: int, letter_id: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, union_slug, pk)
    letter = _my_letter(request, letter_campaign, letter_id)
    response = HttpResponse(letter_pdf_bytes(letter=letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.pdf"'
    return response


# -- Replies and the questionnaire ----------------------------------------------------------

@login_required
def letter_reply(request: HttpRequest, union_slug: str, pk: int, letter_id: int
                 ) -> HttpResponse:
    letter_campaign = _letter_campaign(request, union_slug, pk)
    letter = _my_letter(request, letter_campaign, letter_id)
    form = ReplyForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reply_record(letter=letter, by=request.user,
                                  received_on=data["received_on"], summary=data["summary"],
                                  file=data["file"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Reply recorded: it counts for %(name)s on the "
                                        "campaign's page.") % {"name": letter.to_name})
            return redirect(letter_campaign)
    return render(request, "letters/letter_reply.html", {
        "union": letter_campaign.union, "letter_campaign": letter_campaign, "letter": letter,
        "replies": list(letter.replies.all()), "form": form},
        status=400 if request.method == "POST" else 200)


@login_required
def reply_file(request: HttpRequest, union_slug: str, pk: int, letter_id: int,
               reply_id: int) -> FileResponse:
    letter_campaign = _letter_campaign(request, union_slug, pk)
    letter = _my_letter(request, letter_campaign, letter_id)
    reply = letter.replies.filter(pk=reply_id).exclude(file="").first()
    if reply is None:
        raise Http404
    return FileResponse(reply.file.open("rb"), as_attachment=True,
                        filename=reply.filename or "reply")


@login_required
def letter_questionnaire(request: HttpRequest, union_slug: str, pk: int, letter_id: int
                         ) -> HttpResponse:
    """"Did they reply?", asked 14 days after the letter left."""
    letter_campaign = _letter_campaign(request, union_slug, pk)
    letter = _my_letter(request, letter_campaign, letter_id)
    form = QuestionnaireForm(_posted(request),
                             initial={"answer": letter.answer} if letter.answer else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_answer(letter=letter, user=request.user,
                                          answer=form.cleaned_data["answer"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Thank you: your answer is counted."))
            if letter.answer == "yes" and not letter.replies.exists():
                return redirect("letter_reply", letter_campaign.union.slug, letter_campaign.pk,
                                letter.pk)
            return redirect(letter_campaign)
    return render(request, "letters/letter_questionnaire.html", {
        "union": letter_campaign.union, "letter_campaign": letter_campaign, "letter": letter,
        "form": form}, status=400 if request.method == "POST" else 200)
