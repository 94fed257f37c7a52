"""Every write to letter campaigns, members' declared places, letters and replies.

A letter campaign moves draft → open → closed. While it is open, members matched to their
representatives (selectors.representatives_matching) write one letter to each, pre-filled
from the template and then put in their own words: a letter too close to the template or to
another member's letter is refused (the identikit check, similarity.py). A letter is sent
once, by email from Suma (Reply-To and a copy to the member; the email leaves in a job after
the commit) or by post (the member prints the PDF). The database keeps one letter per member,
representative and campaign. Fourteen days after sending, members who have not recorded a
reply are asked "did they reply?" (a daily job, each letter once).
"""

from datetime import date, datetime, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suma.core.audit import audit_append
from suma.core.errors import Conflict, NotAllowed, SumaError
from suma.core.i18n import interpolate_lazy
from suma.tactics.letters import mergefields, similarity
from suma.tactics.letters.models import (
    Constituent,
    Letter,
    LetterCampaign,
    LetterCampaignStatus,
    LetterReply,
    LetterStatus,
    ReplyAnswer,
    SendMethod,
)
from suma.tactics.petitions.countries import CODES, country_name

MAX_POINTS = 20
ASK_AFTER = timedelta(days=14)
# The letters of a campaign the identikit check compares with: the most recent ones.
CORPUS = 20_000
MAX_UPLOAD = 10 * 1024 * 1024
_NUL = "\x00"


class IdentikitError(SumaError):
    """A letter too close to the template or to another member's letter; `verdict` says how
    close (similarity.Verdict)."""

    def __init__(self, verdict: similarity.Verdict) -> None:
        super().__init__(identikit_message(verdict), field="body", code="identikit")
        self.verdict = verdict


def identikit_message(verdict: similarity.Verdict) -> Promise:
    params = {"percent": verdict.percent, "limit": int(verdict.threshold * 100)}
    if verdict.against == "letter":
        text = _("Not sent: your letter is %(percent)s%% the same as a letter another member "
                 "already sent (%(limit)s%% is the limit). Representatives give little weight "
                 "to identical letters: put it in your own words.")
    else:
        text = _("Not sent: your letter is %(percent)s%% the same as the campaign's template "
                 "(%(limit)s%% is the limit). Representatives give little weight to identical "
                 "letters: say in your own words why this matters to you, then send it.")
    return interpolate_lazy(text, params)


def _text(value, *, field: str, limit: int, required: Promise | None = None) -> str:
    value = str(value or "").strip()
    if _NUL in value:
        raise SumaError(_("The text holds a character that is not allowed."), field=field)
    if required is not None and not value:
        raise SumaError(required, field=field)
    if len(value) > limit:
        raise SumaError(interpolate_lazy(_("At most %(n)s characters."), {"n": limit}),
                        field=field)
    return value


def _country(value: str, *, field: str = "country", required: bool = True) -> str:
    value = str(value or "").strip().upper()
    if not value and not required:
        return ""
    if value not in CODES:
        raise SumaError(_("Choose a country from the list."), field=field)
    return value


# -- Letter campaigns -------------------------------------------------------------------------

def _merge_checked(text: str, field: str) -> None:
    try:
        mergefields.check(text)
    except mergefields.UnknownFields as error:
        raise SumaError(interpolate_lazy(
            _("Unknown merge field: %(unknown)s. The fields are: %(known)s."),
            {"unknown": ", ".join("{" + n + "}" for n in error.names),
             "known": ", ".join("{" + n + "}" for n in mergefields.FIELDS)}),
            field=field, code="unknown_field") from None


def _points(points) -> list[str]:
    if isinstance(points, str):
        points = points.splitlines()
    cleaned = []
    for point in points or ():
        point = _text(point, field="talking_points", limit=500)
        if point:
            cleaned.append(point.lstrip("-•* ").strip() or point)
    if len(cleaned) > MAX_POINTS:
        raise SumaError(interpolate_lazy(_("At most %(n)s talking points."), {"n": MAX_POINTS}),
                        field="talking_points")
    return cleaned


def _campaign_values(*, title, subject, template, talking_points, country, body) -> dict:
    values = {
        "title": _text(title, field="title", limit=200,
                       required=_("A letter campaign needs a title.")),
        "subject": _text(subject, field="subject", limit=200,
                         required=_("Give the letters a subject.")),
        "template": _text(template, field="template", limit=20000,
                          required=_("Write the letter members start from.")),
        "talking_points": _points(talking_points),
        "country": _country(country, required=False),
        "body": _text(body, field="body", limit=200),
    }
    _merge_checked(values["subject"], "subject")
    _merge_checked(values["template"], "template")
    return values


def letter_campaign_create(*, campaign, by, title: str, subject: str, template: str,
                           talking_points=(), country: str = "", body: str = ""
                           ) -> LetterCampaign:
    """A draft letter campaign of a campaign; only its organisers see it until it opens."""
    values = _campaign_values(title=title, subject=subject, template=template,
                              talking_points=talking_points, country=country, body=body)
    with transaction.atomic():
        found = LetterCampaign.objects.create(union_id=campaign.union_id, campaign=campaign,
                                              created_by=by, **values)
        audit_append(action="letters.campaign_created", actor=by, obj=found,
                     data={"campaign": campaign.pk})
        return found


def letter_campaign_update(*, letter_campaign: LetterCampaign, by, title: str, subject: str,
                           template: str, talking_points=(), country: str = "",
                           body: str = "") -> LetterCampaign:
    """Change it while it is a draft or open (letters already sent keep their words)."""
    if letter_campaign.status == LetterCampaignStatus.CLOSED:
        raise SumaError(_("A closed letter campaign cannot be changed."), code="closed")
    values = _campaign_values(title=title, subject=subject, template=template,
                              talking_points=talking_points, country=country, body=body)
    with transaction.atomic():
        for name, value in values.items():
            setattr(letter_campaign, name, value)
        letter_campaign.save()
        audit_append(action="letters.campaign_updated", actor=by, obj=letter_campaign)
    return letter_campaign


def letter_campaign_open(*, letter_campaign: LetterCampaign, by,
                         now: datetime | None = None) -> LetterCampaign:
    now = now or timezone.now()
    with transaction.atomic():
        found = LetterCampaign.objects.select_for_update().select_related(
            "union", "campaign").get(pk=letter_campaign.pk)
        if found.status != LetterCampaignStatus.DRAFT:
            raise SumaError(_("Only a draft can be opened."), code="wrong_status")
        found.status, found.opened_at = LetterCampaignStatus.OPEN, now
        found.save(update_fields=["status", "opened_at", "updated_at"])
        audit_append(action="letters.campaign_opened", actor=by, obj=found)
        from suma.campaigns.services import timeline_event_add

        timeline_event_add(campaign=found.campaign, kind="launch", happened_at=now,
                           title=interpolate_lazy(_("Letters to representatives: %(title)s"),
                                                  {"title": found.title}),
                           link=settings.SITE_URL + found.get_absolute_url())
        return found


def letter_campaign_close(*, letter_campaign: LetterCampaign, by,
                          now: datetime | None = None) -> LetterCampaign:
    now = now or timezone.now()
    with transaction.atomic():
        found = LetterCampaign.objects.select_for_update().get(pk=letter_campaign.pk)
        if found.status != LetterCampaignStatus.OPEN:
            raise SumaError(_("Only an open letter campaign can be closed."),
                            code="wrong_status")
        found.status, found.closed_at = LetterCampaignStatus.CLOSED, now
        found.save(update_fields=["status", "closed_at", "updated_at"])
        audit_append(action="letters.campaign_closed", actor=by, obj=found,
                     data={"sent": Letter.objects.filter(letter_campaign=found,
                                                         status=LetterStatus.SENT).count()})
        return found


# -- Where members live ---------------------------------------------------------------------

def constituent_set(*, user, country: str, region: str = "", postcode: str = "",
                    address: str = "") -> Constituent:
    """Declare (or change) where a member lives: every letter campaign matches them by it."""
    values = {"country": _country(country),
              "region": _text(region, field="region", limit=200),
              "postcode": _text(postcode, field="postcode", limit=20),
              "address": _text(address, field="address", limit=1000)}
    with transaction.atomic():
        found, _created = Constituent.objects.update_or_create(user=user, defaults=values)
        return found


# -- Letters ----------------------------------------------------------------------------------

def merge_values(*, letter_campaign: LetterCampaign, representative, user,
                 constituent: Constituent | None) -> dict[str, str]:
    """What each merge field says in this member's letter to this representative."""
    return {
        "representative_name": representative.name,
        "representative_office": representative.office,
        "representative_body": representative.body,
        "representative_region": representative.region,
        "representative_party": representative.party,
        "member_name": user.name or user.email,
        "member_region": constituent.region if constituent else "",
        "member_postcode": constituent.postcode if constituent else "",
        "member_country": country_name(constituent.country) if constituent else "",
        "member_address": constituent.address if constituent else "",
        "union_name": letter_campaign.union.name,
    }


def letter_prefill(*, letter_campaign: LetterCampaign, representative, user,
                   constituent: Constituent | None) -> tuple[str, str]:
    """(subject, text) of the template merged for this member and this representative."""
    values = merge_values(letter_campaign=letter_campaign, representative=representative,
                          user=user, constituent=constituent)
    return (mergefields.merge(letter_campaign.subject, values)[:300],
            mergefields.merge(letter_campaign.template, values))


def _writable(letter_campaign: LetterCampaign, user, representative) -> Constituent:
    """The member's declared place, once the campaign is open and the representative is
    one of theirs."""
    from suma.tactics.letters.selectors import representatives_matching

    if letter_campaign.status != LetterCampaignStatus.OPEN:
        raise not_open()
    if not user.has_perm("letters.write_letter", letter_campaign):
        raise NotAllowed(_("Only members of the union write the campaign's letters."))
    constituent = Constituent.objects.filter(user=user).first()
    if constituent is None:
        raise SumaError(_("Tell us where you live first: your representatives are found by "
                          "your country and region."), code="no_place")
    matched = representatives_matching(letter_campaign=letter_campaign,
                                       constituent=constituent)
    if representative.pk not in {r.pk for r in matched}:
        raise NotAllowed(_("This representative is not one of yours in this campaign."),
                         code="not_your_representative")
    return constituent


def not_open() -> SumaError:
    return SumaError(_("This letter campaign is not open for letters."), code="not_open")


def sent_already(representative) -> Conflict:
    return Conflict(interpolate_lazy(
        _("You already sent a letter to %(name)s in this campaign."),
        {"name": representative.name}), code="already_sent")


def letter_save(*, letter_campaign: LetterCampaign, user, representative, subject: str,
                body: str) -> Letter:
    """Keep the member's draft of their letter to this representative."""
    _writable(letter_campaign, user, representative)
    subject = _text(subject, field="subject", limit=300, required=_("Give your letter a subject."))
    body = _text(body, field="body", limit=20000, required=_("Your letter is empty."))
    with transaction.atomic():
        letter = (Letter.objects.select_for_update()
                  .filter(letter_campaign=letter_campaign, user=user,
                          representative=representative).first())
        if letter is not None and letter.status != LetterStatus.DRAFT:
            raise sent_already(representative)
        if letter is None:
            try:
                with transaction.atomic():
                    return Letter.objects.create(
                        letter_campaign=letter_campaign, user=user,
                        representative=representative, to_name=representative.name,
                        to_office=representative.office, to_body=representative.body,
                        subject=subject, body=body)
            except IntegrityError:  # saved at the same moment in another tab
                letter = Letter.objects.select_for_update().get(
                    letter_campaign=letter_campaign, user=user, representative=representative)
                if letter.status != LetterStatus.DRAFT:
                    raise sent_already(representative) from None
        letter.subject, letter.body = subject, body
        letter.save(update_fields=["subject", "body", "updated_at"])
        return letter


def letter_check(*, letter_campaign: LetterCampaign, user, representative, subject: str,
                 body: str, constituent: Constituent | None = None) -> similarity.Verdict:
    """The identikit check of a letter: against the template merged for this member and
    representative, and the letters other members sent in the campaign."""
    if constituent is None:
        constituent = Constituent.objects.filter(user=user).first()
    _subject, template = letter_prefill(letter_campaign=letter_campaign,
                                        representative=representative, user=user,
                                        constituent=constituent)
    rows = list(Letter.objects.filter(letter_campaign=letter_campaign, status=LetterStatus.SENT)
                .exclude(user=user).order_by("-sent_at", "-pk")
                .values_list("pk", "signature")[:CORPUS])
    ids = [pk for pk, _sig in rows]

    def text_of(index: int) -> str:
        return Letter.objects.filter(pk=ids[index]).values_list("body", flat=True).first() or ""

    return similarity.identikit(body, template=template,
                                signatures=(sig or () for _pk, sig in rows), text_of=text_of)


def letter_send(*, letter_campaign: LetterCampaign, user, representative, method: str,
                subject: str | None = None, body: str | None = None,
                now: datetime | None = None, deliver: bool = True) -> Letter:
    """Send the member's letter to this representative, once: by email (from Suma, a job
    after the commit) or by post (the member prints the PDF). The text given is saved first,
    so a letter the identikit check refuses keeps its changes. `deliver` False records an
    email as sent without mailing it (the demo's letters of days past)."""
    now = now or timezone.now()
    if method not in SendMethod.values:
        raise SumaError(_("Choose how to send it: by email or by post."), field="method")
    current = Letter.objects.filter(letter_campaign=letter_campaign, user=user,
                                    representative=representative).first()
    if current is not None and current.status == LetterStatus.SENT:
        raise sent_already(representative)
    if subject is not None or body is not None:
        default_subject, default_body = (current.subject, current.body) if current else ("", "")
        letter_save(letter_campaign=letter_campaign, user=user, representative=representative,
                    subject=default_subject if subject is None else subject,
                    body=default_body if body is None else body)
    constituent = _writable(letter_campaign, user, representative)
    if method == SendMethod.EMAIL and not representative.email:
        raise SumaError(interpolate_lazy(
            _("%(name)s has no email address in the directory: send your letter by post."),
            {"name": representative.name}), field="method", code="no_email")
    if method == SendMethod.POST and not representative.postal_address:
        raise SumaError(interpolate_lazy(
            _("%(name)s has no postal address in the directory: send your letter by email."),
            {"name": representative.name}), field="method", code="no_address")
    if method == SendMethod.POST and not constituent.address:
        raise SumaError(_("Add your postal address to your details first: a posted letter "
                          "carries it, so the representative can answer you."),
                        field="address", code="no_sender_address")
    with transaction.atomic():
        letter = (Letter.objects.select_for_update()
                  .filter(letter_campaign=letter_campaign, user=user,
                          representative=representative).first())
        if letter is None:
            raise SumaError(_("Write your letter first."), code="no_letter")
        if letter.status != LetterStatus.DRAFT:
            raise sent_already(representative)
        if not LetterCampaign.objects.filter(pk=letter_campaign.pk,
                                             status=LetterCampaignStatus.OPEN).exists():
            raise not_open()  # closed since the page was read
        verdict = letter_check(letter_campaign=letter_campaign, user=user,
                               representative=representative, subject=letter.subject,
                               body=letter.body, constituent=constituent)
        if verdict.flagged:
            raise IdentikitError(verdict)
        letter.status, letter.method, letter.sent_at = LetterStatus.SENT, method, now
        letter.similarity = round(verdict.score, 4)
        letter.signature = list(similarity.signature(letter.body))
        letter.to_name, letter.to_office, letter.to_body = (
            representative.name, representative.office, representative.body)
        letter.save()
        audit_append(action="letters.letter_sent", actor=user, obj=letter,
                     data={"letter_campaign": letter_campaign.pk,
                           "representative": representative.pk, "method": method})
        if method == SendMethod.EMAIL and not deliver:
            letter.emailed_at = now
            letter.save(update_fields=["emailed_at"])
        elif method == SendMethod.EMAIL:
            from suma.tactics.letters.tasks import letter_email_send

            transaction.on_commit(lambda: letter_email_send.enqueue(letter.pk))
        return letter


def letter_email_deliver(*, letter_id: int) -> bool:
    """Email one sent letter to its representative, once: from Suma in the member's name,
    Reply-To the member, a copy to the member. Returns whether a message left."""
    with transaction.atomic():
        letter = (Letter.objects.select_for_update()
                  .filter(pk=letter_id, status=LetterStatus.SENT, method=SendMethod.EMAIL,
                          emailed_at__isnull=True).first())
        if letter is None or letter.user is None or letter.representative is None:
            return False
        message = letter_email(letter=letter)
        message.send()
        Letter.objects.filter(pk=letter.pk).update(emailed_at=timezone.now())
        return True


def letter_email(*, letter: Letter) -> EmailMessage:
    """The email of a letter, as it leaves."""
    user = letter.user
    letter_campaign = LetterCampaign.objects.select_related("union", "campaign").get(
        pk=letter.letter_campaign_id)
    name = user.name or user.email
    _default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override(user.language or "en"):
        footer = render_to_string("letters/email/letter_footer.txt", {
            "name": name, "email": user.email, "letter_campaign": letter_campaign,
            "union": letter_campaign.union})
        sender = str(interpolate_lazy(_("%(name)s via Suma"), {"name": name}))
    return EmailMessage(
        subject=letter.subject.replace("\n", " "), body=f"{letter.body}\n\n-- \n{footer}",
        from_email=formataddr((sender, address)), to=[letter.representative.email],
        cc=[user.email], reply_to=[formataddr((name, user.email))])


# -- Replies and the questionnaire ----------------------------------------------------------

def _own_sent(letter: Letter, user) -> None:
    if letter.user_id != getattr(user, "pk", None):
        raise NotAllowed(_("This is not your letter."))
    if letter.status != LetterStatus.SENT:
        raise SumaError(_("Send the letter first."), code="not_sent")


def reply_record(*, letter: Letter, by, received_on: date, summary: str, file=None,
                 today: date | None = None) -> LetterReply:
    """The member records the representative's reply: when it came, what it said, and
    optionally a copy (a PDF, an email or a scan)."""
    _own_sent(letter, by)
    today = today or timezone.localdate()
    if received_on > today:
        raise SumaError(_("A reply cannot have come in the future."), field="received_on")
    if received_on < timezone.localdate(letter.sent_at):
        raise SumaError(_("That is before you sent the letter."), field="received_on")
    summary = _text(summary, field="summary", limit=5000,
                    required=_("Say in a few words what they answered."))
    if file is not None and file.size > MAX_UPLOAD:
        raise SumaError(interpolate_lazy(_("The file is too large: at most %(n)s MB."),
                                         {"n": MAX_UPLOAD // (1024 * 1024)}), field="file")
    with transaction.atomic():
        reply = LetterReply(letter=letter, received_on=received_on, summary=summary,
                            recorded_by=by)
        if file is not None:
            reply.filename = _text(getattr(file, "name", ""), field="file", limit=255)[-255:]
            reply.file.save(reply.filename or "reply", file, save=False)
        reply.save()
        Letter.objects.filter(pk=letter.pk).update(answer=ReplyAnswer.YES,
                                                   answered_at=timezone.now())
        letter.answer = ReplyAnswer.YES
        return reply


def questionnaire_answer(*, letter: Letter, user, answer: str,
                         now: datetime | None = None) -> Letter:
    """"Did they reply?": yes, no or not yet; the member may change the answer."""
    _own_sent(letter, user)
    if answer not in ReplyAnswer.values:
        raise SumaError(_("Answer yes, no or not yet."), field="answer")
    letter.answer, letter.answered_at = answer, now or timezone.now()
    Letter.objects.filter(pk=letter.pk).update(answer=letter.answer,
                                               answered_at=letter.answered_at)
    return letter


def questionnaires_send(*, now: datetime | None = None, batch: int = 500) -> int:
    """Ask each member, 14 days after a letter left, whether the representative replied: once
    per letter, through the campaign's notifications. A letter with a reply recorded, or an
    answer given already, needs no question: it is marked asked without one."""
    from suma.campaigns.services import campaign_notify

    now = now or timezone.now()
    due = Letter.objects.filter(status=LetterStatus.SENT, asked_at__isnull=True,
                                sent_at__lte=now - ASK_AFTER)
    due.filter(Q(answer__gt="") | Q(replies__isnull=False) | Q(user__isnull=True)).update(
        asked_at=now)
    asked = 0
    while True:
        ids = list(due.filter(answer="").order_by("sent_at", "pk")
                   .values_list("pk", flat=True)[:batch])
        if not ids:
            return asked
        for letter in (Letter.objects.filter(pk__in=ids)
                       .select_related("user", "letter_campaign__campaign__union",
                                       "letter_campaign__union")):
            with transaction.atomic():
                # Claim it: a second worker running the job finds it asked already.
                if not Letter.objects.filter(pk=letter.pk, asked_at__isnull=True).update(
                        asked_at=now):
                    continue
                letter_campaign = letter.letter_campaign
                url = reverse("letter_questionnaire", args=[
                    letter_campaign.union.slug, letter_campaign.pk, letter.pk])
                params = {"name": letter.to_name, "title": letter_campaign.title}
                asked += int(campaign_notify(
                    campaign=letter_campaign.campaign, user=letter.user, url=url,
                    title=interpolate_lazy(_("Did %(name)s reply to your letter?"), params),
                    body=interpolate_lazy(_("Two weeks ago you wrote to %(name)s (%(title)s). "
                                            "Tell us whether they replied: yes, no or not "
                                            "yet. The union counts the answers per "
                                            "representative."), params)))
