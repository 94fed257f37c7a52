"""The demo's letter campaign: on the Facebook campaign, letters in members' own words to the
example representatives, one reply recorded, loaded once."""

import pytest

from suma.members.demo import demo_load
from suma.tactics.letters import selectors
from suma.tactics.letters.demo import letters_demo_load
from suma.tactics.letters.models import Letter, LetterCampaign

pytestmark = pytest.mark.django_db


def test_the_demo_has_letters_to_the_example_representatives_and_a_reply():
    union = demo_load()
    letters = LetterCampaign.objects.select_related("union").get(union=union)
    assert letters.status == "open" and letters.campaign.slug == "facebook-transparency"
    totals = selectors.letter_totals(letter_campaign=letters)
    assert totals["sent"] == 4 and totals["by_post"] == 1
    assert (totals["replied"], totals["no_reply"]) == (1, 1)
    writers = Letter.objects.filter(letter_campaign=letters).select_related(
        "user__constituent", "representative")
    for letter in writers:  # each writer's declared place finds the one they wrote to
        found = selectors.representatives_matching(letter_campaign=letters,
                                                   constituent=letter.user.constituent)
        assert letter.representative in found
        assert letter.similarity < 0.75
    letters_demo_load(union=union)  # again: nothing more
    assert Letter.objects.count() == 4
