"""The pure arithmetic of pledges: the projected final count and success rates by size."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from suma.tactics.pledges.projection import (
    BANDS,
    band_of,
    falls_short,
    projected_count,
    success_rates,
)

START = datetime(2026, 1, 1, tzinfo=UTC)
counts = st.integers(min_value=0, max_value=1_000_000)
seconds = st.integers(min_value=1, max_value=10_000_000)


@given(counts, seconds, seconds)
def test_the_projection_never_falls_below_the_count_so_far(count, elapsed, remaining):
    now = START + timedelta(seconds=elapsed)
    assert projected_count(count=count, started_at=START, now=now,
                           deadline=now + timedelta(seconds=remaining)) >= count


@given(counts, seconds, seconds)
def test_the_projection_is_the_straight_line_through_the_pledges_so_far(count, elapsed,
                                                                        remaining):
    now = START + timedelta(seconds=elapsed)
    projected = projected_count(count=count, started_at=START, now=now,
                                deadline=now + timedelta(seconds=remaining))
    exact = count * (elapsed + remaining) / elapsed
    assert projected <= exact + 1e-6 and projected > exact - 1 - 1e-6 * exact


@given(counts, counts, seconds, seconds)
def test_more_pledges_so_far_never_project_fewer(a, b, elapsed, remaining):
    now = START + timedelta(seconds=elapsed)
    deadline = now + timedelta(seconds=remaining)
    low, high = sorted((a, b))
    assert projected_count(count=low, started_at=START, now=now, deadline=deadline) <= \
        projected_count(count=high, started_at=START, now=now, deadline=deadline)


@given(counts, seconds)
def test_at_or_after_the_deadline_the_projection_is_the_count(count, elapsed):
    now = START + timedelta(seconds=elapsed)
    assert projected_count(count=count, started_at=START, now=now, deadline=now) == count


def test_half_way_with_half_the_pledges_is_on_course():
    now = START + timedelta(days=5)
    deadline = START + timedelta(days=10)
    assert projected_count(count=50, started_at=START, now=now, deadline=deadline) == 100
    assert not falls_short(count=50, threshold=100, started_at=START, now=now,
                           deadline=deadline)
    assert falls_short(count=49, threshold=100, started_at=START, now=now, deadline=deadline)


@given(st.integers(min_value=1, max_value=100), counts, seconds, seconds)
def test_a_pledge_that_reached_its_threshold_never_falls_short(threshold, extra, elapsed,
                                                               remaining):
    now = START + timedelta(seconds=elapsed)
    assert not falls_short(count=threshold + extra, threshold=threshold, started_at=START,
                           now=now, deadline=now + timedelta(seconds=remaining))


@given(st.integers(min_value=1, max_value=10**9))
def test_every_threshold_falls_in_exactly_one_band(threshold):
    low, high = band_of(threshold)
    assert low <= threshold and (high is None or threshold <= high)
    assert sum(1 for lo, hi in BANDS if lo <= threshold and (hi is None or threshold <= hi)) == 1


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=5000), st.booleans()),
                max_size=200))
def test_success_rates_count_every_ended_pledge_once(outcomes):
    bands = success_rates(outcomes)
    assert sum(b.ended for b in bands) == len(outcomes)
    assert sum(b.succeeded for b in bands) == sum(1 for _t, ok in outcomes if ok)
    for band in bands:
        assert 0 <= band.succeeded <= band.ended and 0 <= band.rate <= 1
    assert [b.low for b in bands] == sorted(b.low for b in bands)


def test_three_of_four_pledges_of_fifty_to_ninety_nine_succeeded():
    (band,) = success_rates([(50, True), (60, True), (99, False), (75, True)])
    assert (band.low, band.high, band.succeeded, band.ended, band.rate) == (50, 99, 3, 4, 0.75)
