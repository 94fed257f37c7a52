"""Voting methods over a Profile: plurality, approval, score, Borda, IRV, Schulze (and STV).

Conventions shared by every method (see docs/tally.md):

- A ballot counts for an alternative in plurality, IRV and STV only while that alternative
  stands alone in the ballot's highest tier that still holds a continuing alternative; a
  ballot whose highest such tier is a tie counts for nobody at that point (as a paper with
  the same preference marked twice is non-transferable in the Scottish rules).
- Pairwise counts: d[i][j] is the number of voters ranking i strictly above j; unranked
  alternatives are below every ranked one and tied among themselves.
- Ties are broken by the seeded order of `ties.py` and the Result says whether that
  happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from .profile import Profile
from .ties import TieBreaker

METHODS: dict[str, str] = {
    "plurality": "Most first choices (ballots with a tie at the top count for nobody).",
    "approval": "Most approvals (on ranked ballots, every ranked alternative is approved).",
    "score": "Highest sum of scores (score ballots only).",
    "borda": "Most alternatives beaten, summed over ballots (m-1 for first, 0 for last).",
    "irv": "Instant-runoff: drop the alternative with fewest votes until one has a majority.",
    "schulze": "Schulze (winning votes): the Condorcet winner if any, else the widest paths.",
    "stv": "Single transferable vote, Scottish rules (SSI 2007/42): Droop quota, "
    "surplus transfer values truncated to 5 decimals.",
}


@dataclass
class Result:
    method: str
    alternatives: list[str]
    winners: list[str]
    ranking: list[list[str]]
    details: dict = field(default_factory=dict)
    tie_break: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def tally(profile: Profile, method: str, *, seats: int = 1, seed: str = "suma") -> Result:
    """Count `profile` with `method`, electing `seats` alternatives (IRV elects one)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    m = len(profile.alternatives)
    if not 1 <= seats <= m:
        raise ValueError(f"seats must be between 1 and {m}")
    if method == "irv" and seats != 1:
        raise ValueError("irv elects one alternative; use stv for several seats")
    tb = TieBreaker(profile.alternatives, seed)
    if method == "stv":
        from .stv import scottish_stv

        winners, ranking, details = scottish_stv(profile, seats, tb)
    elif method == "irv":
        winners, ranking, details = _irv(profile, tb)
    elif method == "schulze":
        winners, ranking, details = _schulze(profile, seats, tb)
    else:
        totals = _SCORERS[method](profile)
        ranking = _tiers_by_value(totals, tb)
        winners = _take_seats(ranking, seats, tb)
        details = {"totals": _named(profile, totals)}
        if method == "plurality":
            details["ignored_ballots"] = profile.total - int(totals.sum())
    names = profile.alternatives
    return Result(
        method=method,
        alternatives=list(names),
        winners=[names[a] for a in winners],
        ranking=[[names[a] for a in tier] for tier in ranking],
        details=details,
        tie_break=tb.as_dict(),
    )


# -- positional methods -------------------------------------------------------------------


def plurality_totals(profile: Profile) -> np.ndarray:
    top = profile.ranks == 0
    alone = top.sum(axis=1) == 1
    return profile.weights[alone] @ top[alone].astype(np.int64)


def approval_totals(profile: Profile) -> np.ndarray:
    if profile.kind == "score":
        raise ValueError("approval needs ranked or approval ballots, not score ballots")
    return profile.weights @ (profile.ranks < profile.unranked).astype(np.int64)


def score_totals(profile: Profile) -> np.ndarray:
    if profile.scores is None:
        raise ValueError("score needs score ballots")
    return profile.weights @ profile.scores


def pairwise(profile: Profile) -> np.ndarray:
    """d[i][j]: how many voters rank i strictly above j (one product per alternative)."""
    m = len(profile.alternatives)
    r, w = profile.ranks, profile.weights
    d = np.zeros((m, m), dtype=np.int64)
    for i in range(m):
        d[i] = w @ (r[:, i:i + 1] < r).astype(np.int64)
    return d


def borda_totals(profile: Profile) -> np.ndarray:
    return pairwise(profile).sum(axis=1)


_SCORERS: dict[str, Callable[[Profile], np.ndarray]] = {
    "plurality": plurality_totals,
    "approval": approval_totals,
    "score": score_totals,
    "borda": borda_totals,
}


# -- Schulze --------------------------------------------------------------------------------


def strongest_paths(d: np.ndarray) -> np.ndarray:
    """Widest paths (Floyd–Warshall) over the winning-votes graph of d."""
    p = np.where(d > d.T, d, 0)
    for k in range(len(d)):
        p = np.maximum(p, np.minimum(p[:, k:k + 1], p[k:k + 1, :]))
    np.fill_diagonal(p, 0)
    return p


def _schulze(profile: Profile, seats: int, tb: TieBreaker):
    d = pairwise(profile)
    p = strongest_paths(d)
    beats = p > p.T
    remaining = list(range(len(d)))
    ranking = []
    while remaining:
        # the unbeaten among the remaining; the Schulze relation is transitive, so never empty
        tier = [a for a in remaining if not any(beats[b, a] for b in remaining)]
        ranking.append(tb.sort(tier))
        remaining = [a for a in remaining if a not in tier]
    winners = _take_seats(ranking, seats, tb)
    details = {
        "pairwise": d.tolist(),
        "strongest_paths": p.tolist(),
        "variant": "winning votes",
    }
    return winners, ranking, details


# -- instant-runoff ---------------------------------------------------------------------------


def first_continuing(ranks: np.ndarray, continuing: np.ndarray) -> np.ndarray:
    """Per ballot, the continuing alternative alone in its highest tier, or -1."""
    m = ranks.shape[1]
    r = np.where(continuing[None, :], ranks, m + 1)
    best = r.min(axis=1)
    alone = (r == best[:, None]).sum(axis=1) == 1
    return np.where(alone & (best < m), r.argmin(axis=1), -1)


def _irv(profile: Profile, tb: TieBreaker):
    m = len(profile.alternatives)
    names = profile.alternatives
    w = profile.weights
    continuing = np.ones(m, dtype=bool)
    holder = first_continuing(profile.ranks, continuing)
    rounds = []
    eliminated: list[int] = []
    while True:
        counts = np.bincount(holder[holder >= 0], weights=w[holder >= 0], minlength=m)
        counts = counts.astype(np.int64)
        active = int(counts.sum())
        live = np.flatnonzero(continuing)
        top = counts[live].max()
        entry: dict = {
            "round": len(rounds) + 1,
            "tallies": {names[a]: int(counts[a]) for a in live},
            "exhausted": profile.total - active,
        }
        rounds.append(entry)
        if 2 * top > active or len(live) == 1:
            leaders = [a for a in live if counts[a] == top]
            winner = tb.best(leaders) if len(leaders) > 1 else leaders[0]
            entry["elected"] = names[winner]
            break
        low = counts[live].min()
        lowest = [a for a in live if counts[a] == low]
        loser = tb.worst(lowest) if len(lowest) > 1 else lowest[0]
        continuing[loser] = False
        eliminated.append(loser)
        moving = holder == loser
        new = first_continuing(profile.ranks[moving], continuing)
        holder[moving] = new
        moved = np.bincount(new + 1, weights=w[moving], minlength=m + 1).astype(np.int64)
        entry["eliminated"] = names[loser]
        entry["transfers"] = {names[a]: int(moved[a + 1]) for a in range(m) if moved[a + 1]}
        entry["transfers"]["exhausted"] = int(moved[0])
    last = rounds[-1]["tallies"]
    others = np.array([last.get(names[a], 0) if continuing[a] else -1 for a in range(m)])
    others[winner] = -1
    rest = [t for t in _tiers_by_value(others, tb) if others[t[0]] >= 0]
    ranking = [[winner], *rest, *[[a] for a in reversed(eliminated)]]
    return [winner], ranking, {"rounds": rounds, "majority_of": "continuing ballots"}


# -- helpers ----------------------------------------------------------------------------------


def _tiers_by_value(values: np.ndarray, tb: TieBreaker) -> list[list[int]]:
    """Alternatives grouped by equal value, highest first; each tier in tie-break order."""
    tiers = []
    for v in sorted(set(values.tolist()), reverse=True):
        tiers.append(tb.sort(a for a in range(len(values)) if values[a] == v))
    return tiers


def _take_seats(ranking: list[list[int]], seats: int, tb: TieBreaker) -> list[int]:
    winners: list[int] = []
    for tier in ranking:
        free = seats - len(winners)
        if free <= 0:
            break
        if len(tier) > free:
            tb.applied = True  # the tier is already in tie-break order
        winners.extend(tier[:free])
    return winners


def _named(profile: Profile, values: np.ndarray) -> dict:
    return {name: int(v) for name, v in zip(profile.alternatives, values.tolist(), strict=True)}
