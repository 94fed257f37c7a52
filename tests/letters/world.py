"""Letter campaigns on the shared fixture world, built with the real services.

The campaign is the Nairobi chapter's (tests/petitions/world.py): its organiser and the
steward run its letter campaigns; the organiser of another chapter does not. The directory
holds the example representatives the project ships (Erika Example for Berlin-Mitte, Max
Example elected nationally, both of the Deutscher Bundestag; Marie Exemple for Paris, who has
an email; Louis Exemple for Île-de-France, who has none …).
"""

from datetime import UTC, date, datetime

from suma.campaigns.directory import REPRESENTATIVES_EXAMPLE, representatives_import
from suma.campaigns.models import Representative
from suma.tactics.letters import services
from suma.tactics.letters.models import LetterCampaign
from tests.petitions.world import campaign_for

TEMPLATE = """Dear {representative_name},

I live in {member_region} and I am a member of {union_name}. Platforms reject our tasks
without a reason and keep the work. We ask you to support a law that makes every rejection
come with a reason and a way to appeal, and to ask the labour ministry to look into it.

Yours sincerely,
{member_name}"""
POINTS = ["Say which platform you work on.", "Say what a rejected task cost you."]
PERSONAL = """Dear Ms Example,

I am a click worker in Berlin-Mitte. Last month a requester rejected forty of my image labels
in one night, gave no reason, and kept them all: that was two days of rent for me. When I
wrote to the platform, a bot closed my ticket. My neighbours who drive for delivery apps tell
the same story about deactivations. Please ask the Bundestag to require reasons and an appeal
for every rejection, and tell me what you will do.

Achieng"""


def representatives() -> dict[str, Representative]:
    if not Representative.objects.exists():
        representatives_import(path=REPRESENTATIVES_EXAMPLE)
    return {r.name: r for r in Representative.objects.all()}


def make_letter_campaign(world, *, open_it: bool = True, campaign=None, country: str = "DE",
                         body: str = "Deutscher Bundestag", by=None) -> LetterCampaign:
    representatives()
    found = services.letter_campaign_create(
        campaign=campaign or campaign_for(world), by=by or world.organiser,
        title="Reasons for every rejection", subject="Rejected tasks: {member_name} asks you",
        template=TEMPLATE, talking_points=POINTS, country=country, body=body)
    if open_it:
        found = services.letter_campaign_open(letter_campaign=found, by=by or world.organiser)
    return LetterCampaign.objects.select_related("union", "campaign").get(pk=found.pk)


def lives_in_berlin(user, *, address: str = "Torstraße 1\n10119 Berlin"):
    return services.constituent_set(user=user, country="DE", region="Berlin-Mitte",
                                    postcode="10119", address=address)


def send_personal(letter_campaign, user, representative, *, text: str = PERSONAL,
                  method: str = "email", **kwargs):
    return services.letter_send(letter_campaign=letter_campaign, user=user,
                                representative=representative, method=method,
                                subject="Reasons for rejected tasks", body=text, **kwargs)


# A second personal letter, for the matrix's sending rows (not a copy of PERSONAL).
ANOTHER = """Dear Mr Example,

I label images for a living from a cybercafé, and my account was suspended for a week after a
requester disputed work I had done well. Nobody told me why. I ask you to support a duty for
platforms to explain every rejection and suspension, with an appeal to a human being.

A constituent"""
SENT_ON = datetime(2020, 1, 6, 12, tzinfo=UTC)


def letters_values(world) -> dict:
    """Ids for the permission matrix: an open letter campaign of the Nairobi chapter's
    campaign, a draft and a closed one; the member, the organiser and the steward live in
    Berlin-Mitte (the other organiser has not said where they live); the member sent a letter
    to Erika Example in January 2020, and recorded a reply (with no copy)."""
    reps = representatives()
    campaign = campaign_for(world, slug="letters-matrix")
    opened = make_letter_campaign(world, campaign=campaign)
    draft = make_letter_campaign(world, campaign=campaign, open_it=False)
    closed = make_letter_campaign(world, campaign=campaign)
    services.letter_campaign_close(letter_campaign=closed, by=world.organiser)
    for user in (world.member, world.organiser, world.steward):
        lives_in_berlin(user)
    sent = send_personal(opened, world.member, reps["Erika Example"], now=SENT_ON)
    reply = services.reply_record(letter=sent, by=world.member, summary="Thanks, will look.",
                                  received_on=date(2020, 1, 20))
    return {"letters_campaign": campaign.pk, "letters_open": opened.pk,
            "letters_draft": draft.pk, "letters_closed": closed.pk,
            "letters_erika": reps["Erika Example"].pk, "letters_max": reps["Max Example"].pk,
            "letters_lucia": reps["Lucía Ejemplo"].pk, "letters_sent": sent.pk,
            "letters_reply": reply.pk}
