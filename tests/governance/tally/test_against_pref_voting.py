"""Property tests: our counts agree with pref_voting, the reference implementation."""

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pref_voting.iterative_methods import instant_runoff_put
from pref_voting.margin_based_methods import beat_path as pv_schulze
from pref_voting.profiles import Profile as PVProfile
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.proportional_methods import stv_scottish
from pref_voting.scoring_methods import borda as pv_borda
from pref_voting.scoring_methods import plurality as pv_plurality

from suma.governance.tally import Profile, tally

# 500 random profiles per property, 3,500 in all (2,500 of them compared with pref_voting).
FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def linear_profiles(draw, max_alternatives=6, max_orders=8):
    """Complete strict orders with counts (few orders, so ties and cycles happen often)."""
    m = draw(st.integers(2, max_alternatives))
    orders = draw(st.lists(st.permutations(range(m)), min_size=1, max_size=max_orders))
    counts = draw(st.lists(st.integers(1, 6), min_size=len(orders), max_size=len(orders)))
    return m, [list(o) for o in orders], counts


@st.composite
def tied_profiles(draw):
    """Orders with ties and unranked alternatives: each alternative gets a tier or none."""
    m = draw(st.integers(2, 6))
    n = draw(st.integers(1, 8))
    rows = draw(st.lists(st.lists(st.integers(0, m), min_size=m, max_size=m),
                         min_size=n, max_size=n))
    counts = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    return m, rows, counts


def ours(m, orders, counts):
    return Profile.from_rankings([str(i) for i in range(m)], orders, counts)


def names(xs):
    return sorted(str(x) for x in xs)


def check_winner(result, reference):
    winner = result.winners[0]
    assert winner in reference
    if len(reference) == 1:
        assert result.winners == reference
        assert result.tie_break["applied"] is False


@FAST
@given(linear_profiles())
def test_plurality_and_borda_winners_are_pref_votings(data):
    m, orders, counts = data
    profile = ours(m, orders, counts)
    pv = PVProfile(orders, rcounts=counts)
    check_winner(tally(profile, "plurality"), names(pv_plurality(pv)))
    check_winner(tally(profile, "borda"), names(pv_borda(pv)))
    # the top tier of our ranking is exactly their set of winners
    assert sorted(tally(profile, "borda").ranking[0]) == names(pv_borda(pv))


@FAST
@given(linear_profiles())
def test_schulze_top_tier_is_pref_votings_winner_set(data):
    m, orders, counts = data
    profile = ours(m, orders, counts)
    pv = PVProfile(orders, rcounts=counts)
    result = tally(profile, "schulze")
    assert sorted(result.ranking[0]) == names(pv_schulze(pv))
    check_winner(result, names(pv_schulze(pv)))


@FAST
@given(tied_profiles())
def test_pairwise_matrix_equals_pref_votings_support_with_ties_and_truncation(data):
    m, rows, counts = data
    ballots = [[[a for a in range(m) if row[a] == t] for t in range(m) if t in row]
               for row in rows]
    profile = ours(m, ballots, counts)
    pv = ProfileWithTies([{a: t for a, t in enumerate(row) if t < m} for row in rows],
                         rcounts=counts, candidates=list(range(m)))
    pv.use_extended_strict_preference()
    d = np.array(tally(profile, "schulze").details["pairwise"])
    expected = [[pv.support(i, j) if i != j else 0 for j in range(m)] for i in range(m)]
    assert d.tolist() == expected
    # Schulze with winning votes: pref_voting's beat path with support as the strength
    result = tally(profile, "schulze")
    assert sorted(result.ranking[0]) == names(pv_schulze(pv, strength_function=pv.support))


@FAST
@given(linear_profiles())
def test_irv_winner_is_among_pref_votings_parallel_universe_winners(data):
    m, orders, counts = data
    profile = ours(m, orders, counts)
    reference = names(instant_runoff_put(PVProfile(orders, rcounts=counts)))
    result = tally(profile, "irv")
    assert result.winners[0] in reference
    if not result.tie_break["applied"]:
        # no tie on the way: there was a single elimination path
        assert result.winners == reference


@FAST
@given(linear_profiles(), st.integers(1, 3))
def test_scottish_stv_elects_what_pref_votings_stv_scottish_elects(data, seats):
    m, orders, counts = data
    seats = min(seats, m)
    profile = ours(m, orders, counts)
    result = tally(profile, "stv", seats=seats)
    assert len(result.winners) == seats
    if not result.tie_break["applied"]:
        # no lot drawn: the count is fully determined by the rules
        reference = stv_scottish(PVProfile(orders, rcounts=counts), num_seats=seats,
                                 rng=random.Random(0))
        assert sorted(result.winners) == names(reference)


@FAST
@given(linear_profiles())
def test_single_seat_stv_agrees_with_irv_when_no_tie_is_broken(data):
    m, orders, counts = data
    profile = ours(m, orders, counts)
    irv = tally(profile, "irv")
    if not irv.tie_break["applied"]:
        assert tally(profile, "stv").winners == irv.winners


@FAST
@given(tied_profiles())
def test_methods_accept_ties_and_truncation_and_rank_every_alternative(data):
    m, rows, counts = data
    ballots = [[[a for a in range(m) if row[a] == t] for t in range(m) if t in row]
               for row in rows]
    profile = ours(m, ballots, counts)
    for method, seats in [("plurality", 1), ("approval", 1), ("borda", 2), ("irv", 1),
                          ("schulze", 1), ("stv", min(2, m))]:
        result = tally(profile, method, seats=seats)
        assert sorted(a for tier in result.ranking for a in tier) == sorted(profile.alternatives)
        assert len(result.winners) == seats
        flat = [a for tier in result.ranking for a in tier]
        assert set(result.winners) == set(flat[:seats]) or method == "stv"
