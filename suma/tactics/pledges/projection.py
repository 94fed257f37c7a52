"""Pure arithmetic of pledges: the projected final count, and past success rates by size.

No Django here: the nudge job and the create form call these with plain numbers.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

# Threshold sizes grouped for "pledges of 50–99 in your union succeeded 3 times out of 4".
BANDS: tuple[tuple[int, int | None], ...] = (
    (1, 9), (10, 49), (50, 99), (100, 499), (500, 999), (1000, None))


def projected_count(*, count: int, started_at: datetime, now: datetime,
                    deadline: datetime) -> int:
    """The count at the deadline if pledges keep coming at the rate they came so far.

    A straight line through (started_at, 0) and (now, count), read at the deadline, rounded
    down: a nudge should come when the count is short, not when it only might be. Before any
    time has passed there is no rate: the count itself is the projection.
    """
    if count < 0:
        raise ValueError("a count cannot be negative")
    elapsed = (now - started_at).total_seconds()
    remaining = (deadline - now).total_seconds()
    if elapsed <= 0 or remaining <= 0:
        return count
    return count + math.floor(count * remaining / elapsed)


def falls_short(*, count: int, threshold: int, started_at: datetime, now: datetime,
                deadline: datetime) -> bool:
    """Whether the projection stays below the threshold (never once it is reached)."""
    if count >= threshold:
        return False
    return projected_count(count=count, started_at=started_at, now=now,
                           deadline=deadline) < threshold


def band_of(threshold: int) -> tuple[int, int | None]:
    for low, high in BANDS:
        if threshold >= low and (high is None or threshold <= high):
            return low, high
    return BANDS[0]


@dataclass(frozen=True)
class Band:
    low: int
    high: int | None
    succeeded: int    # activated
    ended: int        # activated or failed: every pledge whose outcome is known

    @property
    def rate(self) -> float | None:
        return self.succeeded / self.ended if self.ended else None


def success_rates(outcomes: Iterable[tuple[int, bool]]) -> list[Band]:
    """Per band of threshold size, how many ended pledges activated: (threshold, activated)
    pairs in, one Band per band that holds at least one ended pledge out, smallest first."""
    tally: dict[tuple[int, int | None], list[int]] = {}
    for threshold, activated in outcomes:
        counts = tally.setdefault(band_of(threshold), [0, 0])
        counts[0] += int(bool(activated))
        counts[1] += 1
    return [Band(low, high, *tally[(low, high)]) for low, high in BANDS if (low, high) in tally]
