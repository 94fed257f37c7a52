"""Controllers, drives and requests in every state, on the shared fixture world, built with
the real services.

The controllers reach members' requests each by one channel: email (Suma sends), a postal
address (a letter to print), a web form, a fax, and one with none. Dates: a request is
created today; to make it older, the services are told a later `today`.
"""

from datetime import date, timedelta

from suma.campaigns.models import Campaign, CampaignStatus, Organisation, OrganisationKind
from suma.rights import services
from suma.rights.models import DataRequest

NAME_EMAIL = [{"desc": "Name", "type": "name", "optional": False},
              {"desc": "Email", "type": "email", "optional": False}]


def controller(kind: str = "email", **fields) -> Organisation:
    """A data controller reached by one channel: email, letter, webform, fax or none."""
    values = {
        "email": {"name": "MailCo Ltd", "email": "privacy@mailco.example", "slug": "mailco",
                  "country": "IE",
                  "required_elements": [*NAME_EMAIL, {"desc": "Worker ID", "type": "input",
                                                      "optional": False}]},
        "letter": {"name": "Uber B.V.", "slug": "uber", "country": "NL",
                   "postal_address": "Burgerweeshuispad 301\n1076 HR Amsterdam\nNetherlands",
                   "webform": "https://uber.com/privacy-dpo",
                   "required_elements": [*NAME_EMAIL, {"desc": "Address", "type": "address",
                                                       "optional": True}]},
        "webform": {"name": "FormCo SAS", "slug": "formco", "country": "FR",
                    "webform": "https://formco.example/privacy", "required_elements": NAME_EMAIL},
        "fax": {"name": "FaxCo GmbH", "slug": "faxco", "country": "DE", "fax": "+49 30 123"},
        "none": {"name": "Silent Corp", "slug": "silent", "country": "ES"},
    }[kind]
    values |= fields
    found = Organisation.objects.filter(slug=values["slug"]).first()
    if found is not None:
        return found
    return Organisation.objects.create(kind=OrganisationKind.PLATFORM, is_controller=True,
                                       **values)


def campaign(world, slug: str = "our-data") -> Campaign:
    found = Campaign.objects.filter(union=world.union, slug=slug).first()
    if found is None:
        found = Campaign.objects.create(union=world.union, slug=slug, title="Our data",
                                        status=CampaignStatus.ACTIVE)
        found.chapters.add(world.chapter)
    return found


def drive(world, *, kind: str = "email", slug: str = "our-data", open_it: bool = True,
          chapter="default", with_campaign: bool = False, kinds=("access", "portability")):
    made = services.drive_create(
        union=world.union, by=world.organiser, title="Our data and the logic of its decisions",
        slug=slug, controller=controller(kind), kinds=list(kinds),
        chapter=world.chapter if chapter == "default" else chapter,
        campaign=campaign(world) if with_campaign else None)
    if open_it:
        made = services.drive_open(drive=made, by=world.organiser)
    return made


def identification(kind: str = "email") -> dict:
    return {"Worker ID": "W-1234"} if kind == "email" else {}


def draft(world, *, kind: str = "email", member=None, kinds=("access",), **extra) -> DataRequest:
    return services.request_create(member=member or world.member, union=world.union,
                                   controller=controller(kind), kinds=list(kinds),
                                   identification=identification(kind), **extra)


def sent(world, *, kind: str = "email", member=None, on: date | None = None,
         **extra) -> DataRequest:
    """A request sent `on` (today by default; a later day means the services are told so)."""
    request = draft(world, kind=kind, member=member, **extra)
    on = on or services.current_date()
    if request.channel == "email":
        return services.request_send(request=request, by=request.member, today=on)
    return services.request_mark_sent(request=request, by=request.member, sent_on=on,
                                      today=on)


def overdue(world, *, kind: str = "email", member=None) -> tuple[DataRequest, date]:
    """A sent request the daily sweep found overdue; returns it and the day that happened."""
    from suma.rights.sweep import requests_overdue_sweep

    request = sent(world, kind=kind, member=member)
    day = request.deadline + timedelta(days=1)
    requests_overdue_sweep(today=day)
    request.refresh_from_db()
    return request, day


def rights_values(world) -> dict:
    """Ids and references for the permission matrix: the member's requests in each state
    (outside any drive), a drive open to the chapter nobody joined, one the member joined
    (a letter to post), and a draft drive."""
    today = services.current_date()
    reminded, day = overdue(world, kind="letter")  # first: the sweep sees no other
    services.request_remind(request=reminded, by=world.member, today=day)
    draft_email = draft(world)
    draft_letter = draft(world, kind="letter")
    sent_request = sent(world, kind="webform")  # no email leaves outside a test's outbox
    open_drive = drive(world, slug="matrix-open")
    joined_drive = drive(world, kind="letter", slug="matrix-joined")
    joined = services.drive_join(drive=joined_drive, member=world.member)
    draft_drive = drive(world, slug="matrix-draft", open_it=False)
    return {"rights_today": today.isoformat(), "rights_controller": controller("email").pk,
            "rights_draft": draft_email.reference, "rights_draft_letter": draft_letter.reference,
            "rights_sent": sent_request.reference, "rights_reminded": reminded.reference,
            "rights_joined": joined.reference, "rights_drive_open": open_drive.slug,
            "rights_drive_joined": joined_drive.slug, "rights_drive_draft": draft_drive.slug}
