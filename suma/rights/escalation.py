"""Every write of escalation: follow-up letters for incomplete answers, complaints to a
supervisory authority (Art. 77), the union's Art. 80(1) mandates, and collective dossiers.

A complaint is drafted (its PDF bundle drawn from the request as it stands), then lodged: the
member, or for a dossier an organiser, sends it to the authority and records the date; Suma
keeps the PDF as lodged. A dossier lists the overdue or incomplete requests to one controller
of every member whose mandate is in force. A member who revokes their mandate leaves every
draft dossier at once and is never in a later one; lodged complaints keep their record.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Organisation, OrganisationKind
from suma.core.audit import audit_append
from suma.core.errors import Conflict, NotAllowed, SumaError
from suma.core.i18n import interpolate_lazy
from suma.members.models import Union, User
from suma.members.roles import standing
from suma.rights import escalation_selectors as selectors
from suma.rights.escalation_selectors import COMPLAINABLE, authority_propose
from suma.rights.models import (
    Complaint,
    ComplaintStatus,
    DataRequest,
    Mandate,
    MandateText,
    RequestEvent,
    RequestStatus,
)

__all__ = ["authority_propose", "complaint_authority_set", "complaint_draft",
           "complaint_lodge", "dossier_build", "dossier_pdf_make", "followup_email_deliver",
           "mandate_give", "mandate_revoke", "mandate_text_publish", "request_follow_up"]

logger = logging.getLogger(__name__)
MAX_MANDATE_TEXT = 20_000
# A dossier of at most this many requests gets its PDF at once (about a second); a larger
# one in a background job.
DOSSIER_INLINE = 200

DEFAULT_MANDATE_TEXT = _(
    "I mandate %(union)s, a not-for-profit body that defends the rights of data subjects, to "
    "lodge complaints on my behalf with data-protection supervisory authorities (Articles 77 "
    "and 80(1) of the General Data Protection Regulation) about the data-rights requests I "
    "made through Suma that a controller did not answer by the legal deadline, or answered "
    "incompletely.\n\n"
    "For these complaints, %(union)s may give the authority my name, my email address, the "
    "identification I gave the controller, my requests, their dates and the controller's "
    "answers, and may receive the authority's replies. It tells me when it lodges a "
    "complaint that includes my request.\n\n"
    "I may revoke this mandate at any time on Suma. From then on, %(union)s includes none of "
    "my requests in a complaint; complaints already lodged stay lodged.")


def _today() -> date:
    """Requests' one "today" (suma.rights.services.current_date), so that a test moving the
    clock moves it for escalation too."""
    from suma.rights import services

    return services.current_date()


def _lazy(message, **values):
    """The message with its %(name)s values, translated when shown (in its reader's
    language)."""
    return interpolate_lazy(message, values)


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _status(request: DataRequest) -> str:
    return str(RequestStatus(request.status).label)


def _locked_request(request: DataRequest) -> DataRequest:
    return (DataRequest.objects.select_for_update().select_related("union", "member",
                                                                   "controller")
            .get(pk=request.pk))


def _authority_checked(authority: Organisation | None) -> Organisation | None:
    if authority is not None and authority.kind != OrganisationKind.AUTHORITY:
        raise SumaError(_("Choose a supervisory authority of the directory."), field="authority")
    return authority


# -- Follow-ups ----------------------------------------------------------------------------

def request_follow_up(*, request: DataRequest, by: User,
                      today: date | None = None) -> RequestEvent:
    """Ask the controller for what its answer lacked: the items of the checklist for the
    rights asked that the member did not tick. By email from Suma (Reply-To the member, a copy
    to them) when the controller has an address; otherwise the member prints the PDF
    (suma.rights.escalation_selectors.followup_pdf). Once a day at most."""
    today = today or _today()
    with transaction.atomic():
        request = _locked_request(request)
        if request.status != RequestStatus.INCOMPLETE:
            raise SumaError(_lazy(
                _("A follow-up asks for what an incomplete answer lacked; this request is "
                  "“%(status)s”."), status=_status(request)), code="not_incomplete")
        if request.answered_on and today < request.answered_on:
            raise SumaError(_lazy(
                _("The answer arrived on %(answered)s: a follow-up cannot be dated before it."),
                answered=_day(request.answered_on)), field="today")
        if RequestEvent.objects.filter(request=request, kind=RequestEvent.Kind.FOLLOW_UP,
                                       on=today).exists():
            raise Conflict(_("A follow-up to this request was already sent today."),
                           code="already_sent")
        missing = selectors.missing_items(request)
        if not missing:
            raise SumaError(_("The answer contained every item of the checklist, so there is "
                              "nothing to ask for. Tick off only what the answer contained."),
                            code="nothing_missing")
        email = request.controller.email
        note = (gettext("By email to %(email)s, with a copy to the member.") % {"email": email}
                if email else gettext("As a letter to print and post."))
        event = RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.FOLLOW_UP,
                                            on=today, by=by, note=note)
        audit_append(action="rights.follow_up_sent", actor=by, obj=request,
                     data={"reference": request.reference, "channel": "email" if email
                           else "letter", "missing": [entry.key for entry in missing]})
        if email:
            from suma.rights.escalation_tasks import followup_email_send

            transaction.on_commit(lambda: followup_email_send.enqueue(event.pk))
    return event


def _from_address(member: User) -> str:
    """"Ana Ruiz via Suma <noreply@…>": the union's sender, named after the member."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    who = member.name or member.email
    return formataddr((f"{who} via {name or 'Suma'}", address))


def followup_email_deliver(*, event_id: int) -> bool:
    """Send one follow-up by email to the controller; returns whether a message left."""
    event = (RequestEvent.objects.select_related("request__member", "request__controller")
             .filter(pk=event_id, kind=RequestEvent.Kind.FOLLOW_UP).first())
    if event is None or not event.request.controller.email:
        return False
    request = event.request
    letter = selectors.followup_letter(request=request, on=event.on)
    EmailMessage(subject=letter.subject, body=letter.body,
                 from_email=_from_address(request.member), to=[request.controller.email],
                 cc=[request.member.email], reply_to=[request.member.email],
                 headers={"X-Suma-Reference": request.reference}).send()
    return True


# -- Complaints ----------------------------------------------------------------------------

def _authority_for(controller: Organisation, authority: Organisation | None) -> Organisation:
    chosen = authority or authority_propose(controller=controller)
    if chosen is None:
        raise SumaError(_lazy(
            _("The directory has no supervisory authority for the country of %(controller)s: "
              "choose one from the list."), controller=controller.name), field="authority")
    return chosen


def complaint_draft(*, request: DataRequest, by: User, authority: Organisation | None = None,
                    today: date | None = None) -> Complaint:
    """A draft complaint about one request that is overdue, reminded or answered incompletely,
    to the lead authority Suma proposes unless another is chosen. Drafting again returns the
    same draft (with the authority chosen, if one is)."""
    today = today or _today()
    _authority_checked(authority)
    with transaction.atomic():
        request = _locked_request(request)
        if request.status not in COMPLAINABLE:
            raise SumaError(_lazy(
                _("A complaint is for a request the controller did not answer by the deadline, "
                  "or answered incompletely; this request is “%(status)s”."),
                status=_status(request)), code="not_complainable")
        draft = (Complaint.objects.select_for_update()
                 .filter(requests=request, collective=False, status=ComplaintStatus.DRAFT)
                 .first())
        chosen = _authority_for(request.controller, authority or (draft.authority
                                                                  if draft else None))
        language = selectors.complaint_language(authority=chosen)
        if draft is not None:
            draft.authority, draft.language, draft.drafted_on = chosen, language, today
            draft.save(update_fields=["authority", "language", "drafted_on", "updated_at"])
            return draft
        complaint = Complaint.objects.create(
            union=request.union, controller=request.controller, authority=chosen,
            collective=False, created_by=by, drafted_on=today, language=language)
        complaint.requests.add(request)
        return complaint


def _clear_file(complaint: Complaint) -> None:
    """Forget a draft's PDF (after the commit, the file itself)."""
    if complaint.file:
        name, storage = complaint.file.name, complaint.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    complaint.file = ""


def _remake(complaint: Complaint) -> None:
    """Draw a saved draft dossier's PDF again: now when it is small, else in the background
    once the transaction commits (thousands of requests take seconds)."""
    if complaint.requests.count() <= DOSSIER_INLINE:
        dossier_pdf_make(complaint=complaint)
        complaint.refresh_from_db(fields=["file", "updated_at"])
        return
    from suma.rights.escalation_tasks import dossier_pdf_make as make

    pk = complaint.pk
    transaction.on_commit(lambda: make.enqueue(pk))


def complaint_authority_set(*, complaint: Complaint, by: User,
                            authority: Organisation) -> Complaint:
    """Address a draft to another authority (its letters are then in that one's language)."""
    _authority_checked(authority)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.status != ComplaintStatus.DRAFT:
            raise Conflict(_("This complaint is lodged: its authority cannot change."),
                           code="lodged")
        complaint.authority = authority
        complaint.language = selectors.complaint_language(authority=authority)
        if complaint.collective:
            _clear_file(complaint)
        complaint.save(update_fields=["authority", "language", "file", "updated_at"])
        if complaint.collective:
            _remake(complaint)
    return complaint


def complaint_lodge(*, complaint: Complaint, by: User, on: date,
                    today: date | None = None) -> Complaint:
    """Record that the complaint went to the authority on `on`: it is lodged, each request it
    covers moves to "complaint", and its PDF is kept as lodged."""
    today = today or _today()
    with transaction.atomic():
        complaint = (Complaint.objects.select_for_update()
                     .select_related("union", "controller", "authority").get(pk=complaint.pk))
        if complaint.status != ComplaintStatus.DRAFT:
            raise Conflict(_lazy(_("This complaint was already lodged on %(date)s."),
                                            date=_day(complaint.lodged_on or today)),
                           code="already_lodged")
        if on > today:
            raise SumaError(_("The complaint cannot have been lodged on a day still to come."),
                            field="on")
        if complaint.drafted_on and on < complaint.drafted_on:
            raise SumaError(_lazy(
                _("The complaint was drafted on %(drafted)s: it cannot have been lodged "
                  "before."), drafted=_day(complaint.drafted_on)), field="on")
        requests = list(DataRequest.objects.select_for_update()
                        .filter(complaints=complaint).order_by("pk"))
        if not requests:
            raise Conflict(_("No request is left in this complaint: build it again."),
                           code="empty")
        changed = [r for r in requests if r.status not in COMPLAINABLE]
        if changed:
            raise Conflict(_lazy(
                _("Request %(reference)s is now “%(status)s”: draft the complaint again."),
                reference=changed[0].reference, status=_status(changed[0])), code="changed")
        if complaint.collective:
            mandated = set(selectors.live_mandates(union=complaint.union)
                           .values_list("member_id", flat=True))
            if any(r.member_id not in mandated for r in requests):
                raise Conflict(_("A member of this dossier revoked their mandate: build the "
                                 "dossier again."), code="mandate_revoked")
            if not complaint.file:
                raise Conflict(_("The dossier's PDF is still being made: try again in a "
                                 "moment."), code="not_ready")
        else:
            pdf, _ids = selectors.complaint_pdf_render(complaint=complaint)
            complaint.file.save(f"complaint-{complaint.pk}.pdf", ContentFile(pdf), save=False)
        complaint.status, complaint.lodged_on = ComplaintStatus.LODGED, on
        complaint.save(update_fields=["status", "lodged_on", "file", "updated_at"])
        ids = [r.pk for r in requests]
        DataRequest.objects.filter(pk__in=ids).update(
            status=RequestStatus.COMPLAINT, complained_on=on, updated_at=timezone.now())
        RequestEvent.objects.bulk_create(
            [RequestEvent(request_id=pk, kind=RequestEvent.Kind.COMPLAINT, on=on, by=by,
                          note=complaint.authority.name) for pk in ids], batch_size=1000)
        audit_append(action="rights.complaint_lodged", actor=by, obj=complaint,
                     data={"controller": complaint.controller.name,
                           "authority": complaint.authority.name, "requests": len(ids),
                           "collective": complaint.collective, "on": on.isoformat()})
        if complaint.collective:
            from suma.rights.escalation_tasks import complaint_lodged_notify

            pk = complaint.pk
            transaction.on_commit(lambda: complaint_lodged_notify.enqueue(pk))
    return complaint


def complaint_lodged_notify_members(*, complaint: Complaint) -> int:
    """Tell each member whose request a lodged dossier covers; returns how many."""
    from suma.core.notifications import notify

    told = 0
    members = User.objects.filter(data_requests__complaints=complaint).distinct()
    for member in members.iterator(chunk_size=500):
        title = _lazy(_("%(union)s lodged a complaint about %(controller)s for you"),
                                 union=complaint.union.name, controller=complaint.controller.name)
        body = _lazy(
            _("Your mandate let the union include your request in its complaint to "
              "%(authority)s, lodged on %(date)s."),
            authority=complaint.authority.name, date=_day(complaint.lodged_on or date.today()))
        if notify(user=member, category="rights_complaints", title=title, body=body,
                  url=reverse("mandate", args=[complaint.union.slug]),
                  group=f"complaint:{complaint.pk}"):
            told += 1
    return told


# -- Mandates ------------------------------------------------------------------------------

def mandate_text_publish(*, union: Union, by: User, text: str) -> MandateText:
    """A new version of the union's mandate text. Mandates given to earlier versions stay in
    force: each member consented to the text they read."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise SumaError(_("Write the mandate's text."), field="text")
    if len(text) > MAX_MANDATE_TEXT:
        raise SumaError(_lazy(_("The text is longer than %(limit)s characters."),
                                         limit=MAX_MANDATE_TEXT), field="text")
    if "\x00" in text:
        raise SumaError(_("The text holds a character that cannot be stored."), field="text")
    try:
        with transaction.atomic():
            last = (MandateText.objects.select_for_update().filter(union=union)
                    .order_by("-version").first())
            if last is not None and last.text == text:
                raise Conflict(_lazy(_("This is the text of version %(version)s "
                                                  "already."), version=last.version),
                               field="text", code="unchanged")
            published = MandateText.objects.create(
                union=union, version=(last.version + 1) if last else 1, text=text,
                created_by=by)
            audit_append(action="rights.mandate_text_published", actor=by, obj=published,
                         data={"union": union.slug, "version": published.version})
    except IntegrityError:
        raise Conflict(_("Another version was published at the same moment: reload the page "
                         "and try again."), code="concurrent") from None
    return published


def _refresh_drafts(union: Union, member_id: int, *, remove: bool) -> int:
    """Draft dossiers that list the member: without their requests (when `remove`), and
    their PDF made again."""
    ids = set(Complaint.objects.filter(
        union=union, collective=True, status=ComplaintStatus.DRAFT,
        requests__member_id=member_id).values_list("pk", flat=True))
    drafts = list(Complaint.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    for complaint in drafts:
        if remove:
            complaint.requests.remove(*complaint.requests.filter(member_id=member_id))
        _clear_file(complaint)
        complaint.save(update_fields=["file", "updated_at"])
        _remake(complaint)
    return len(drafts)


def mandate_give(*, union: Union, member: User, text_version: int,
                 now: datetime | None = None) -> Mandate:
    """The member's explicit consent, dated, to the version of the mandate text they were
    shown, which must be the current one. Consenting to a newer version replaces an earlier
    mandate."""
    now = now or timezone.now()
    if not standing(member, union.pk).is_member:
        raise NotAllowed(_("Only members of the union may mandate it."))
    try:
        with transaction.atomic():
            current = (MandateText.objects.filter(union=union).order_by("-version").first())
            if current is None:
                raise SumaError(_("The union has not published a mandate text yet."),
                                code="no_text")
            if text_version != current.version:
                raise Conflict(_lazy(
                    _("The mandate text changed while you were reading it: read version "
                      "%(version)s, then give your consent to it."), version=current.version),
                    field="text_version", code="not_current")
            live = (Mandate.objects.select_for_update()
                    .filter(union=union, member=member, revoked_at__isnull=True).first())
            if live is not None and live.text_id == current.pk:
                raise Conflict(_lazy(
                    _("You already gave this mandate, on %(date)s."),
                    date=_day(timezone.localdate(live.consented_at))), code="already_given")
            if live is not None:
                live.revoked_at = now
                live.save(update_fields=["revoked_at"])
            mandate = Mandate.objects.create(union=union, member=member, text=current,
                                             consented_at=now)
            if live is not None:
                _refresh_drafts(union, member.pk, remove=False)  # the new date in the letters
            audit_append(action="rights.mandate_given", actor=member, obj=mandate,
                         data={"union": union.slug, "version": current.version,
                               "replaces": live.pk if live else None})
    except IntegrityError:
        raise Conflict(_("You already gave this mandate."), code="already_given") from None
    return mandate


def mandate_revoke(*, mandate: Mandate, by: User, now: datetime | None = None) -> Mandate:
    """End a mandate: the member's requests leave every draft dossier now, and no later
    complaint includes them. Complaints already lodged keep their record."""
    now = now or timezone.now()
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().select_related("union").get(pk=mandate.pk)
        if mandate.revoked_at is not None:
            raise Conflict(_lazy(
                _("This mandate was revoked on %(date)s."),
                date=_day(timezone.localdate(mandate.revoked_at))), code="already_revoked")
        mandate.revoked_at = now
        mandate.save(update_fields=["revoked_at"])
        drafts = _refresh_drafts(mandate.union, mandate.member_id, remove=True)
        audit_append(action="rights.mandate_revoked", actor=by, obj=mandate,
                     data={"union": mandate.union.slug, "drafts_updated": drafts})
    return mandate


# -- Collective dossiers -------------------------------------------------------------------

def dossier_build(*, union: Union, controller: Organisation, by: User,
                  authority: Organisation | None = None, today: date | None = None,
                  now: datetime | None = None) -> Complaint:
    """A collective complaint about one controller: the overdue, reminded or incomplete
    requests of every member whose mandate is in force, the union as their representative.
    It replaces the controller's earlier draft dossier; its PDF is made in the background."""
    today = today or _today()
    _authority_checked(authority)
    with transaction.atomic():
        ids = list(selectors.dossier_requests(union=union, controller=controller, now=now)
                   .order_by("pk").values_list("pk", flat=True))
        if not ids:
            raise SumaError(_lazy(
                _("No member who mandated the union has an overdue or incomplete request to "
                  "%(controller)s."), controller=controller.name), code="nothing_to_lodge")
        chosen = _authority_for(controller, authority)
        for old in Complaint.objects.select_for_update().filter(
                union=union, controller=controller, collective=True,
                status=ComplaintStatus.DRAFT):
            _clear_file(old)
            old.delete()
        complaint = Complaint.objects.create(
            union=union, controller=controller, authority=chosen, collective=True,
            created_by=by, drafted_on=today, language=selectors.complaint_language(
                authority=chosen))
        through = Complaint.requests.through
        through.objects.bulk_create([through(complaint_id=complaint.pk, datarequest_id=pk)
                                     for pk in ids], batch_size=1000)
        audit_append(action="rights.dossier_built", actor=by, obj=complaint,
                     data={"controller": controller.name, "authority": chosen.name,
                           "requests": len(ids)})
        _remake(complaint)
    return complaint


def dossier_pdf_make(*, complaint: Complaint) -> bool:
    """Draw a draft dossier's PDF and keep it; False when there is nothing to draw, or when
    the dossier changed while it was drawn (the job that change enqueued draws it again)."""
    complaint = (Complaint.objects.select_related("union", "controller", "authority")
                 .filter(pk=complaint.pk).first())
    if complaint is None or complaint.status != ComplaintStatus.DRAFT:
        return False
    try:
        pdf, covered = selectors.complaint_pdf_render(complaint=complaint)
    except SumaError:
        return False
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        if locked is None or locked.status != ComplaintStatus.DRAFT:
            return False
        now_covered = [r.pk for r, _m, _n in selectors.mandated_requests(
            union=locked.union, requests=locked.requests.all())]
        if sorted(now_covered) != sorted(covered) or locked.authority_id != \
                complaint.authority_id:
            return False
        _clear_file(locked)
        locked.file.save(f"dossier-{locked.pk}.pdf", ContentFile(pdf), save=False)
        locked.save(update_fields=["file", "updated_at"])
    return True
