"""Requests in the states escalation starts from, built straight with the models (the request
services are another helper's), plus the directory entries they need: controllers and the
supervisory authorities of the Netherlands, Ireland and Germany (the federal one and two
Länder), keyed by their datenanfragen slugs."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from suma.campaigns.models import Organisation, OrganisationKind
from suma.rights import escalation
from suma.rights.letters import Kind
from suma.rights.models import (
    Channel,
    Complaint,
    DataRequest,
    Mandate,
    MandateText,
    RequestEvent,
    RequestStatus,
)

_numbers = count(1)
# The Uber checklist's items a typical incomplete answer had: the Art. 15(1) information and
# the trips, not the ratings, tags, logic or copy.
CONTAINED = ["purposes", "categories", "recipients", "retention", "rights", "complaint",
             "source", "trips"]


# What the controllers here require to identify a member, as the directory records it.
ELEMENTS = [{"desc": "Name", "type": "name", "optional": False},
            {"desc": "Email", "type": "email", "optional": False},
            {"desc": "Driver ID", "type": "input", "optional": False}]


def authority(slug: str, name: str, country: str, **extra) -> Organisation:
    return Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": OrganisationKind.AUTHORITY,
                             "country": country, "relevant_countries": [country],
                             "postal_address": extra.pop("postal_address", f"{name}\nSomewhere"),
                             **extra})[0]


def authorities() -> dict[str, Organisation]:
    return {
        "nlap": authority("nlap", "Autoriteit Persoonsgegevens", "NL", complaint_language="nl",
                          postal_address="Postbus 93374\n2509 AJ DEN HAAG\nThe Netherlands",
                          webform="https://autoriteitpersoonsgegevens.nl/klacht"),
        "iedpc": authority("iedpc", "Irish Data Protection Commission", "IE",
                           complaint_language="en", email="info@dataprotection.ie",
                           postal_address="21 Fitzwilliam Square South\nDublin 2\nIreland"),
        "debfdi": authority("debfdi", "Die Bundesbeauftragte für den Datenschutz", "DE",
                            complaint_language="de"),
        "debaylda": authority("debaylda", "Bayerisches Landesamt für Datenschutzaufsicht",
                              "DE", complaint_language="de"),
        "deberlbdi": authority("deberlbdi", "Berliner Beauftragte für Datenschutz", "DE",
                               complaint_language="de"),
        "dekathdsz": authority("dekathdsz", "Katholisches Datenschutzzentrum", "DE",
                               complaint_language="de"),
    }


def controller(slug: str = "uber", name: str = "Uber B.V.", country: str = "NL",
               email: str = "privacy@uber.example",
               address: str = "Burgerweeshuispad 301\n1076 HR Amsterdam\nThe Netherlands"
               ) -> Organisation:
    return Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": OrganisationKind.COMPANY, "country": country,
                             "email": email, "postal_address": address, "is_controller": True,
                             "relevant_countries": ["all"], "required_elements": ELEMENTS})[0]


def make_request(union, member, ctrl: Organisation, *, status: str = RequestStatus.SENT,
                 sent_on: date | None = None, kinds=(Kind.ACCESS,), answered_on=None,
                 contained=None, reminded_on=None, language: str = "en",
                 extended_on=None, deadline: date | None = None) -> DataRequest:
    """A request sent `sent_on` (40 days ago unless given), received the same day, its
    deadline a month later; answered, reminded, overdue as the status says."""
    today = timezone.localdate()
    sent_on = sent_on or today - timedelta(days=40)
    deadline = deadline or sent_on + timedelta(days=31)
    if status == RequestStatus.INCOMPLETE:
        answered_on = answered_on or min(today, deadline - timedelta(days=2))
        contained = CONTAINED if contained is None else contained
    if status == RequestStatus.REMINDED:
        reminded_on = reminded_on or min(today, deadline + timedelta(days=2))
    request = DataRequest.objects.create(
        union=union, member=member, controller=ctrl, kinds=[str(k) for k in kinds],
        identification=[["Name", member.name], ["Email", member.email],
                        ["Driver ID", f"D-{member.pk:05d}"]],
        language=language, reference=f"ESC{next(_numbers):05d}", channel=Channel.EMAIL,
        status=status, subject="Data subject request", body="…", sent_on=sent_on,
        received_on=sent_on, deadline=deadline, answered_on=answered_on,
        contained=contained or [], extended_on=extended_on,
        overdue_on=deadline + timedelta(days=1) if status in (
            RequestStatus.OVERDUE, RequestStatus.REMINDED) else None,
        reminded_on=reminded_on)
    RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.SENT, on=sent_on)
    if reminded_on:
        RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.REMINDED,
                                    on=reminded_on)
    if answered_on:
        RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.ANSWERED,
                                    on=answered_on)
    return request


def publish(union, by, text: str = "I mandate the union to complain for me.") -> MandateText:
    return escalation.mandate_text_publish(union=union, by=by, text=text)


def mandate(union, member, *, text: MandateText | None = None, days_ago: int = 1) -> Mandate:
    """A live mandate given `days_ago` days ago (to the current text)."""
    text = text or MandateText.objects.filter(union=union).order_by("-version").first()
    return escalation.mandate_give(union=union, member=member, text_version=text.version,
                                   now=timezone.now() - timedelta(days=days_ago))


LONG_AGO = date(2000, 1, 3)  # a draft's date, so that any day since is a valid lodging date


def escalation_values(world) -> dict:
    """For the permission matrix: the member's incomplete request (to follow up), one already
    followed up (its letter's PDF), an overdue one with a draft complaint, one just sent
    (nothing to escalate), the mandate text with the member's mandate, and a draft dossier
    about the controller (made with the models: no PDF file is written)."""
    found = authorities()
    uber = controller()
    incomplete = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    followed = make_request(world.union, world.member, uber, status=RequestStatus.INCOMPLETE)
    event = RequestEvent.objects.create(request=followed, kind=RequestEvent.Kind.FOLLOW_UP,
                                        on=timezone.localdate(), by=world.member)
    overdue = make_request(world.union, world.member, uber, status=RequestStatus.OVERDUE)
    sent = make_request(world.union, world.member, uber, status=RequestStatus.SENT,
                        sent_on=timezone.localdate() - timedelta(days=3))
    draft = escalation.complaint_draft(request=overdue, by=world.member, today=LONG_AGO)
    publish(world.union, world.steward)
    mandate(world.union, world.member)
    dossier = Complaint.objects.create(union=world.union, controller=uber,
                                       authority=found["nlap"], collective=True,
                                       created_by=world.organiser, drafted_on=LONG_AGO,
                                       language="en")
    dossier.requests.add(incomplete, overdue)
    return {"esc_incomplete": incomplete.reference, "esc_followed": followed.reference,
            "esc_followup": event.pk, "esc_overdue": overdue.reference,
            "esc_sent": sent.reference, "esc_complaint": draft.pk, "esc_dossier": dossier.pk,
            "esc_controller": uber.pk, "esc_today": timezone.localdate().isoformat()}
