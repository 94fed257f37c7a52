"""The public tie-break rule: a fixed order of the alternatives derived from a seed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

RULE = (
    "Alternatives are put in order of sha256(seed + NUL + name) read as hexadecimal, "
    "smallest first; when a tie must be broken, the alternative earlier in that order is "
    "preferred (it wins the seat, keeps its place, or survives an elimination)."
)


def tie_order(alternatives: Sequence[str], seed: str) -> list[int]:
    """Indices of `alternatives`, most favoured first."""
    keys = [hashlib.sha256(f"{seed}\x00{name}".encode()).hexdigest() for name in alternatives]
    return sorted(range(len(alternatives)), key=lambda i: (keys[i], alternatives[i]))


class TieBreaker:
    """Breaks ties by the seeded order and remembers whether it ever had to."""

    def __init__(self, alternatives: Sequence[str], seed: str, rule: str = RULE) -> None:
        self.alternatives = list(alternatives)
        self.seed = seed
        self.rule = rule
        self.order = tie_order(alternatives, seed)
        self.position = {a: p for p, a in enumerate(self.order)}
        self.applied = False

    def sort(self, candidates: Iterable[int]) -> list[int]:
        """Candidates in tie-break order, most favoured first (records nothing)."""
        return sorted(candidates, key=self.position.__getitem__)

    def best(self, candidates: Iterable[int]) -> int:
        tied = self.sort(candidates)
        if len(tied) > 1:
            self.applied = True
        return tied[0]

    def worst(self, candidates: Iterable[int]) -> int:
        tied = self.sort(candidates)
        if len(tied) > 1:
            self.applied = True
        return tied[-1]

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "seed": self.seed,
            "order": [self.alternatives[i] for i in self.order],
            "applied": self.applied,
        }
