"""Petitions on the shared fixture world, built with the real services.

The campaign is the Nairobi chapter's (world.chapter): its organiser and the steward
organise its petitions; the organiser of another chapter does not.
"""

from django.utils import timezone

from suma.campaigns.models import Campaign, CampaignStatus
from suma.tactics.petitions import services
from suma.tactics.petitions.models import Petition


def campaign_for(world, slug: str = "fair-pay") -> Campaign:
    campaign = Campaign.objects.filter(union=world.union, slug=slug).first()
    if campaign is None:
        campaign = Campaign.objects.create(union=world.union, slug=slug, title="Fair pay",
                                           status=CampaignStatus.ACTIVE,
                                           launched_at=timezone.now())
        campaign.chapters.add(world.chapter)
    return campaign


def make_petition(world, *, slug: str = "pay-us", open_it: bool = True,
                  milestones=((3, "a response"), (5, "delivery")), campaign=None,
                  **kwargs) -> Petition:
    petition = services.petition_create(
        campaign=campaign or campaign_for(world), by=world.organiser, slug=slug,
        title="Pay click workers fairly", text="We ask for **fair pay** per task.",
        target="Requesters Inc.", milestones=milestones, **kwargs)
    if open_it:
        petition = services.petition_open(petition=petition, by=world.organiser)
    return Petition.objects.select_related("union", "campaign").get(pk=petition.pk)


def visitor_confirmed(petition, *, name: str, email: str, country: str = "KE"):
    """A visitor's signature, confirmed with the token the email would carry."""
    signature = services.petition_sign_visitor(petition=petition, name=name, email=email,
                                               country=country, send_email=False)
    token = services.signature_token_issue(signature=signature)
    return services.signature_confirm(petition=petition, token=token)
