"""The demo union's petition: on the Facebook campaign, with members' and visitors' signatures,
a milestone reached, and one suspicious signature waiting in the review queue."""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from suma.members.models import Membership, UnionRole
from suma.tactics.petitions import services
from suma.tactics.petitions.models import Petition

CAMPAIGN_SLUG = "facebook-transparency"
TEXT = """We, Facebook's users, ask Meta Platforms to:

1. show each of us every advertiser that holds our contact details, and how they got them;
2. let us download all the data held on us, in a format we can use elsewhere;
3. stop tracking us on other websites unless we agree to it, one site at a time.

We make Facebook valuable. We ask for transparency and privacy in return.
"""
VISITORS = [("Siobhán Murphy", "IE"), ("Liam O'Brien", "IE"), ("Giulia Bianchi", "IT"),
            ("Marco Rossi", "IT"), ("Camille Martin", "FR"), ("Lucas Bernard", "FR"),
            ("Lucía García", "ES"), ("Javier López", "ES"), ("Anna Schmidt", "DE"),
            ("Jonas Weber", "DE"), ("Zofia Kowalska", "PL"), ("Priya Sharma", "IN"),
            ("Rahul Verma", "IN"), ("Ana Souza", "BR"), ("Grace Wanjiku", "KE"),
            ("Chidi Okeke", "NG"), ("Emma Jansen", "NL"), ("Sara Lindqvist", "SE")]
COUNTRIES = {"facebook-europe": "IE", "nairobi-click-workers": "KE", "paris-drivers": "FR",
             "la-paz": "BO"}


def petitions_demo_load(*, union) -> None:
    """Add the demo petition once, if the campaigns demo made its campaign."""
    from suma.campaigns.models import Campaign

    campaign = Campaign.objects.filter(union=union, slug=CAMPAIGN_SLUG).first()
    if campaign is None or Petition.objects.filter(union=union).exists():
        return
    rng = random.Random(2007)  # Beacon's year
    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD).first().user
    petition = services.petition_create(
        campaign=campaign, by=steward, slug="facebook-show-us-our-data",
        title="Facebook: show us our data, stop tracking us",
        text=TEXT, target="Meta Platforms Ireland Ltd.",
        milestones=[(25, "a response from Meta"), (100, "delivery to the Irish Data "
                                                       "Protection Commission")],
        closes_at=timezone.now() + timedelta(days=60))
    services.petition_open(petition=petition, by=steward,
                           now=timezone.now() - timedelta(days=12))
    petition.refresh_from_db()
    members = (Membership.objects.filter(union=union, is_member=True).select_related("user")
               .prefetch_related("chapter_memberships__chapter").order_by("pk"))
    for membership in members:
        if rng.random() < 0.35:
            continue
        chapters = [p.chapter.slug for p in membership.chapter_memberships.all()]
        country = next((COUNTRIES[c] for c in chapters if c in COUNTRIES), "IE")
        services.petition_sign(petition=petition, user=membership.user, country=country)
    for i, (name, country) in enumerate(VISITORS):
        email = f"{slugify(name)}@visitor.example"
        signature = services.petition_sign_visitor(petition=petition, name=name, email=email,
                                                   country=country, send_email=False)
        if i % 6 != 5:  # some never confirmed
            services.signature_confirm(petition=petition,
                                       token=services.signature_token_issue(signature=signature))
    held = services.petition_sign_visitor(petition=petition, name="Fаcebook Support",  # noqa: RUF001
                                          email="support@mailinator.com", country="US",
                                          send_email=False)
    services.signature_confirm(petition=petition,
                               token=services.signature_token_issue(signature=held))
    services.milestones_check(petition=petition)
