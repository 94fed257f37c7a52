"""Ballot profiles: every ballot of a vote, grouped into unique ballots with counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


class BallotError(ValueError):
    """A ballot that cannot be counted: unknown alternative, alternative given twice..."""


class ParseError(ValueError):
    """A ballot file that cannot be read: `line` (1-based) names where, `problem` says what."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


KINDS = ("ranked", "approval", "score")


@dataclass(frozen=True, eq=False)
class Profile:
    """Unique ballots over `alternatives`, each with its count (`weights`).

    `ranks[b, a]` is the tier of alternative `a` on unique ballot `b`: 0 is the best tier,
    tiers are numbered densely (0, 1, 2...), alternatives sharing a tier are tied, and
    `len(alternatives)` means unranked (below every ranked alternative). Approval ballots
    put the approved alternatives in tier 0 and leave the others unranked; score ballots
    keep their `scores` and rank alternatives by score (higher is better).

    Rows are unique and sorted, so two profiles holding the same ballots compare equal.
    """

    alternatives: tuple[str, ...]
    ranks: np.ndarray
    weights: np.ndarray
    kind: str = "ranked"
    scores: np.ndarray | None = None

    @property
    def total(self) -> int:
        return int(self.weights.sum())

    @property
    def unranked(self) -> int:
        """The rank value that means "not ranked"."""
        return len(self.alternatives)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        same_scores = (self.scores is None and other.scores is None) or (
            self.scores is not None
            and other.scores is not None
            and np.array_equal(self.scores, other.scores)
        )
        return (
            self.alternatives == other.alternatives
            and self.kind == other.kind
            and np.array_equal(self.ranks, other.ranks)
            and np.array_equal(self.weights, other.weights)
            and same_scores
        )

    __hash__ = None  # type: ignore[assignment]

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def from_rankings(
        cls,
        alternatives: Sequence[str],
        ballots: Iterable[Sequence[int | Sequence[int]]],
        weights: Iterable[int] | None = None,
    ) -> Profile:
        """Ballots as tiers, best first; a tier is an index or a sequence of tied indices.

        Alternatives a ballot does not list are unranked (below all it ranks).
        """
        alts = _alternatives(alternatives)
        m = len(alts)
        rows = []
        for number, ballot in enumerate(ballots, start=1):
            row = [m] * m
            for tier, group in enumerate(ballot):
                members = [group] if _is_index(group) else list(group)
                if not members:
                    raise BallotError(f"ballot {number}: tier {tier + 1} is empty")
                for a in members:
                    _check_index(a, m, number)
                    if row[a] != m:
                        raise BallotError(f"ballot {number}: {alts[a]!r} is ranked twice")
                    row[a] = tier
            rows.append(row)
        ranks = np.array(rows, dtype=np.int64).reshape(len(rows), m)
        return cls._build(alts, ranks, _weights(weights, len(rows)), "ranked")

    @classmethod
    def from_ranks(
        cls,
        alternatives: Sequence[str],
        ranks: np.ndarray,
        weights: Iterable[int] | np.ndarray | None = None,
    ) -> Profile:
        """Ballots as a matrix, for many ballots at once: `ranks[b, a]` is alternative `a`'s
        rank on ballot `b` (smaller is better, equal is a tie, gaps allowed); `m` or more
        means unranked."""
        alts = _alternatives(alternatives)
        m = len(alts)
        ranks = np.asarray(ranks, dtype=np.int64)
        if ranks.ndim != 2 or ranks.shape[1] != m:
            raise BallotError(f"the rank matrix must have one column per alternative ({m})")
        if (ranks < 0).any():
            raise BallotError("a rank cannot be negative")
        if isinstance(weights, np.ndarray):
            counts = weights.astype(np.int64).reshape(len(ranks))
            if (counts < 0).any():
                raise BallotError("a ballot count cannot be negative")
        else:
            counts = _weights(weights, len(ranks))
        unranked = ranks >= m
        return cls._build(alts, dense_ranks(ranks, unranked), counts, "ranked")

    @classmethod
    def from_approvals(
        cls,
        alternatives: Sequence[str],
        ballots: Iterable[Iterable[int]],
        weights: Iterable[int] | None = None,
    ) -> Profile:
        """Ballots as collections of approved alternatives' indices."""
        alts = _alternatives(alternatives)
        m = len(alts)
        rows = []
        for number, ballot in enumerate(ballots, start=1):
            row = [m] * m
            for a in ballot:
                _check_index(a, m, number)
                if row[a] == 0:
                    raise BallotError(f"ballot {number}: {alts[a]!r} is approved twice")
                row[a] = 0
            rows.append(row)
        ranks = np.array(rows, dtype=np.int64).reshape(len(rows), m)
        return cls._build(alts, ranks, _weights(weights, len(rows)), "approval")

    @classmethod
    def from_scores(
        cls,
        alternatives: Sequence[str],
        ballots: Iterable[Sequence[int]],
        weights: Iterable[int] | None = None,
        *,
        max_score: int,
    ) -> Profile:
        """Ballots as one integer score per alternative, from 0 to `max_score`."""
        alts = _alternatives(alternatives)
        m = len(alts)
        if max_score < 1:
            raise BallotError("the highest score must be at least 1")
        rows = []
        for number, ballot in enumerate(ballots, start=1):
            row = list(ballot)
            if len(row) != m:
                raise BallotError(f"ballot {number}: {len(row)} scores for {m} alternatives")
            for s in row:
                if not _is_index(s) or not 0 <= s <= max_score:
                    raise BallotError(f"ballot {number}: score {s!r} is not 0 to {max_score}")
            rows.append(row)
        scores = np.array(rows, dtype=np.int64).reshape(len(rows), m)
        return cls._build(alts, _ranks_from_scores(scores), _weights(weights, len(rows)),
                          "score", scores)

    @classmethod
    def _build(
        cls,
        alternatives: tuple[str, ...],
        ranks: np.ndarray,
        weights: np.ndarray,
        kind: str,
        scores: np.ndarray | None = None,
    ) -> Profile:
        """Group equal ballots (ranks already dense) and drop those counted zero times."""
        keep = weights > 0
        ranks, weights = ranks[keep], weights[keep]
        key = scores[keep] if scores is not None else ranks
        if len(key):
            uniq, first, inverse = _unique_rows(key)
            inverse = inverse.reshape(-1)
            summed = np.zeros(len(uniq), dtype=np.int64)
            np.add.at(summed, inverse, weights)
            ranks = ranks[first]
            scores = uniq if scores is not None else None
            weights = summed
        else:
            scores = key if scores is not None else None
        ranks = np.ascontiguousarray(ranks, dtype=np.int64)
        ranks.setflags(write=False)
        weights.setflags(write=False)
        if scores is not None:
            scores.setflags(write=False)
        return cls(alternatives, ranks, weights, kind, scores)


def _unique_rows(rows: np.ndarray):
    """np.unique(rows, axis=0) with index and inverse; one integer per row when it fits."""
    m = rows.shape[1]
    base = int(rows.max()) + 1 if rows.size else 1
    if rows.min(initial=0) >= 0 and base ** m < 2**62:
        powers = base ** np.arange(m - 1, -1, -1, dtype=np.int64)
        keys = rows @ powers
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return rows[first], first, inverse
    return np.unique(rows, axis=0, return_index=True, return_inverse=True)


def dense_ranks(values: np.ndarray, unranked: np.ndarray) -> np.ndarray:
    """Turn per-row rank numbers (smaller is better, gaps allowed) into dense tiers.

    `unranked` marks cells that hold no rank; they get `m` (the number of columns).
    """
    n, m = values.shape
    out = np.empty((n, m), dtype=np.int64)
    big = np.iinfo(np.int64).max
    for start in range(0, n, 65536):  # chunks bound the (rows, m, m) temporary
        v = np.where(unranked[start:start + 65536], big, values[start:start + 65536])
        s = np.sort(v, axis=1)
        new = np.ones_like(s, dtype=bool)
        new[:, 1:] = s[:, 1:] != s[:, :-1]
        new &= s != big
        # tier of a cell = number of distinct ranked values strictly smaller than it
        below = (s[:, None, :] < v[:, :, None]) & new[:, None, :]
        tiers = below.sum(axis=2)
        out[start:start + 65536] = np.where(v == big, m, tiers)
    return out


def _ranks_from_scores(scores: np.ndarray) -> np.ndarray:
    return dense_ranks(-scores, np.zeros(scores.shape, dtype=bool))


def _alternatives(alternatives: Sequence[str]) -> tuple[str, ...]:
    alts = tuple(str(a) for a in alternatives)
    if not alts:
        raise BallotError("there must be at least one alternative")
    seen: set[str] = set()
    for a in alts:
        if a in seen:
            raise BallotError(f"alternative {a!r} is listed twice")
        seen.add(a)
    return alts


def _is_index(x: object) -> bool:
    return isinstance(x, int | np.integer) and not isinstance(x, bool)


def _check_index(a: object, m: int, number: int) -> None:
    if not _is_index(a) or not 0 <= a < m:  # type: ignore[operator]
        raise BallotError(f"ballot {number}: unknown alternative {a!r}")


def _weights(weights: Iterable[int] | None, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n, dtype=np.int64)
    w = list(weights)
    if len(w) != n:
        raise BallotError(f"{len(w)} counts for {n} ballots")
    for x in w:
        if not _is_index(x) or x < 0:
            raise BallotError(f"ballot count {x!r} is not a whole number of at least 0")
    return np.array(w, dtype=np.int64).reshape(n)
