"""The demo petition: on the Facebook campaign, with signatures from members and visitors."""

import pytest

from suma.campaigns.models import Campaign, TimelineEvent
from suma.members.demo import demo_load
from suma.tactics.petitions import selectors, services
from suma.tactics.petitions.demo import CAMPAIGN_SLUG, petitions_demo_load
from suma.tactics.petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_petition_with_signatures_a_milestone_and_a_held_signature():
    union = demo_load()
    if not Campaign.objects.filter(union=union, slug=CAMPAIGN_SLUG).exists():
        Campaign.objects.create(union=union, slug=CAMPAIGN_SLUG, status="active",
                                title="Transparency and privacy for Facebook users")
        petitions_demo_load(union=union)
    petition = Petition.objects.get(union=union, campaign__slug=CAMPAIGN_SLUG)
    total = services.signature_total(petition=petition)
    assert total == selectors.stored_valid_count(petition=petition) > 25
    assert selectors.review_count(petition=petition) == 1
    assert TimelineEvent.objects.filter(campaign=petition.campaign, kind="milestone").exists()
    petitions_demo_load(union=union)  # again: nothing more
    assert Petition.objects.filter(union=union).count() == 1
