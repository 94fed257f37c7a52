"""What a ballot says: input checked, one canonical text per choice, receipts and seals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suma.core.errors import SumaError
from suma.governance import sealing
from suma.governance.ballots import choice_decode, choice_encode, profile_build
from suma.governance.models import Kind

OPTIONS = 6


@given(st.permutations(range(1, OPTIONS + 1)), st.integers(min_value=1, max_value=OPTIONS))
def test_a_ranking_survives_encoding_and_decoding(order, length):
    ranking = list(order)[:length]
    text = choice_encode(kind=Kind.SCHULZE, options=OPTIONS, max_score=5,
                         choice={"ranking": ranking})
    assert choice_decode(kind=Kind.SCHULZE, choice=text) == {"ranking": ranking}


@given(st.sets(st.integers(min_value=1, max_value=OPTIONS)))
def test_approvals_in_any_order_give_one_canonical_text(approved):
    forwards = choice_encode(kind=Kind.APPROVAL, options=OPTIONS, max_score=5,
                             choice={"options": sorted(approved)})
    backwards = choice_encode(kind=Kind.APPROVAL, options=OPTIONS, max_score=5,
                              choice={"options": sorted(approved, reverse=True)})
    assert forwards == backwards
    assert choice_decode(kind=Kind.APPROVAL, choice=forwards) == {"options": sorted(approved)}


def test_scores_may_be_given_by_option_number():
    text = choice_encode(kind=Kind.SCORE, options=3, max_score=5, choice={"scores": {"2": 5}})
    assert text == "0,5,0"


@pytest.mark.parametrize(("kind", "choice", "message"), [
    (Kind.YES_NO, {"vote": "maybe"}, "Choose one of"),
    (Kind.CONSENSUS, {"vote": "yes"}, "Choose one of"),
    (Kind.PLURALITY, {"option": 9}, "Option 9 is not on this ballot"),
    (Kind.PLURALITY, {"option": "x"}, "x is not an option number"),
    (Kind.APPROVAL, {"options": [1, 1]}, "Option 1 is approved twice"),
    (Kind.SCORE, {"scores": [6]}, "from 0 to 5"),
    (Kind.IRV, {"ranking": [1, 2, 1]}, "Option 1 is ranked twice"),
    (Kind.STV, {"ranking": [0]}, "Option 0 is not on this ballot"),
])
def test_a_bad_ballot_is_refused_with_a_message_that_says_why(kind, choice, message):
    with pytest.raises(SumaError, match=message):
        choice_encode(kind=kind, options=3, max_score=5, choice=choice)


def test_stored_choices_become_a_weighted_profile():
    profile = profile_build(kind=Kind.IRV, labels=["A", "B", "C"], max_score=5,
                            counts=[("2>1", 3), ("3", 2)])
    assert profile.total == 5


def test_a_receipt_is_found_however_it_is_typed():
    code = sealing.receipt_new()
    assert len(code) == 24 and code.count("-") == 4
    typed = code.lower().replace("-", " ")
    assert sealing.ballot_hash(typed) == sealing.ballot_hash(code)
    assert sealing.ballot_hash(code) != sealing.roll_hash(1, code)
    assert sealing.roll_hash(1, code) != sealing.roll_hash(2, code)


def test_a_seal_opens_only_with_the_same_secret_and_salt():
    salt = sealing.seal_salt_new()
    sealed = sealing.seal(secret_key="k", salt=salt, proposal_id=7, choice="2>1>3")
    assert sealing.unseal(secret_key="k", salt=salt, proposal_id=7, sealed=sealed) == "2>1>3"
    with pytest.raises(Exception):  # noqa: B017  (cryptography's InvalidTag)
        sealing.unseal(secret_key="k", salt=sealing.seal_salt_new(), proposal_id=7,
                       sealed=sealed)


@given(st.lists(st.tuples(st.permutations(range(1, OPTIONS + 1)),
                          st.integers(min_value=1, max_value=OPTIONS),
                          st.integers(min_value=1, max_value=9)), max_size=12))
def test_stored_rankings_are_read_in_bulk_exactly_as_one_by_one(rows):
    from suma.governance.tally import Profile

    counts = {}
    for order, length, n in rows:
        text = ">".join(str(x) for x in list(order)[:length])
        counts[text] = counts.get(text, 0) + n
    labels = [f"option {i}" for i in range(1, OPTIONS + 1)]
    bulk = profile_build(kind=Kind.SCHULZE, labels=labels, max_score=5, counts=counts.items())
    one_by_one = Profile.from_rankings(
        labels, [[int(x) - 1 for x in c.split(">")] for c in counts], list(counts.values()))
    assert bulk == one_by_one
