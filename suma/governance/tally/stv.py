"""Scottish STV: the count of The Scottish Local Government Elections Order 2007 (SSI 2007/42).

Schedule 1, rules 45 to 52, as implemented here:

- rule 46: quota = floor(valid votes / (seats + 1)) + 1 (Droop);
- rule 47: a continuing candidate whose votes reach the quota at the end of a stage is elected;
- rule 48: a surplus is transferred by moving every ballot paper the candidate holds to its
  next available preference, each at transfer value (surplus x value of the paper when
  received) / (candidate's total), truncated to five decimal places; papers with no next
  preference are non-transferable and their share is not credited to anyone;
- rule 49: the largest surplus first; equal surpluses: the candidate with more votes at the
  most recent preceding stage where they differed, else by lot;
- rule 50: when no surplus is left, the candidate with fewest votes is excluded and all of
  their papers pass at their current value, in one stage;
- rule 51: equal lowest: the candidate with fewer votes at the most recent preceding stage
  where they differed, else by lot;
- rule 52: when the continuing candidates are no more than the vacancies, all are elected.

Values are kept exactly, as integers in units of 0.00001 of a vote. "By lot" is the seeded
tie-break order (ties.py). A paper whose next preference is a tie among continuing candidates
is non-transferable (the Order allows no equal preferences).
"""

from __future__ import annotations

import numpy as np

from .methods import first_continuing
from .profile import Profile
from .ties import TieBreaker

SCALE = 100_000  # one vote, in units of 0.00001


def scottish_stv(profile: Profile, seats: int, tb: TieBreaker):
    names = profile.alternatives
    m = len(names)
    w = profile.weights
    big = int(w.sum()) * SCALE * SCALE >= 2**62
    dtype = object if big else np.int64  # exact beyond int64 for huge electorates
    w = w.astype(dtype)
    quota = (profile.total // (seats + 1) + 1) * SCALE

    continuing = np.ones(m, dtype=bool)
    holder = first_continuing(profile.ranks, continuing)
    value = np.full(len(w), SCALE, dtype=dtype)
    credited_fixed: dict[int, int] = {}  # elected candidates whose surplus has left: the quota
    elected: list[int] = []
    excluded: list[int] = []
    pending: list[int] = []  # elected with a surplus still to transfer
    history: list[np.ndarray] = []
    stages: list[dict] = []

    def tallies() -> np.ndarray:
        t = np.zeros(m + 1, dtype=dtype)
        np.add.at(t, holder + 1, value * w)  # slot 0 collects non-transferable papers
        for a, v in credited_fixed.items():
            t[a + 1] = v
        return t

    def record(action: str, **extra) -> dict:
        t = tallies()
        history.append(t[1:].copy())
        total_units = profile.total * SCALE
        stage = {
            "stage": len(stages) + 1,
            "action": action,
            **extra,
            "tallies": {names[a]: _votes(t[a + 1]) for a in range(m) if a not in excluded},
            "non_transferable": _votes(t[0]),
            "lost_to_rounding": _votes(total_units - int(t.sum())),
            "elected": [],
        }
        stages.append(stage)
        return stage

    def by_history(tied: list[int], prefer_high: bool) -> list[int]:
        """Rules 49(2)/51(2): narrow a tie by the most recent earlier stage where they differ."""
        for past in reversed(history[:-1]):
            vals = [int(past[a]) for a in tied]
            pick = max(vals) if prefer_high else min(vals)
            narrowed = [a for a, v in zip(tied, vals, strict=True) if v == pick]
            if len(narrowed) < len(tied):
                tied = narrowed
                if len(tied) == 1:
                    break
        return tied

    def choose(tied: list[int], prefer_high: bool) -> int:
        if len(tied) > 1:
            tied = by_history(tied, prefer_high)
        if len(tied) == 1:
            return tied[0]
        return tb.best(tied) if prefer_high else tb.worst(tied)

    def move(papers: np.ndarray, new_value) -> dict:
        nxt = first_continuing(profile.ranks[papers], continuing)
        holder[papers] = nxt
        value[papers] = new_value
        moved = np.zeros(m + 1, dtype=dtype)
        np.add.at(moved, nxt + 1, value[papers] * w[papers])
        out = {names[a]: _votes(moved[a + 1]) for a in range(m) if moved[a + 1]}
        out["non_transferable"] = _votes(moved[0])
        return out

    stage = record("first preferences", quota=_votes(quota))
    while True:
        t = tallies()[1:]
        # rule 47: elect everyone at or above the quota, most votes first
        reached = [a for a in range(m) if continuing[a] and t[a] >= quota]
        while reached:
            top = max(t[a] for a in reached)
            a = choose([b for b in reached if t[b] == top], prefer_high=True)
            reached.remove(a)
            continuing[a] = False
            elected.append(a)
            stage["elected"].append(names[a])
            if t[a] > quota:
                pending.append(a)
        vacancies = seats - len(elected)
        if vacancies == 0:
            break
        live = [a for a in range(m) if continuing[a]]
        if len(live) <= vacancies:  # rule 52
            for a in sorted(live, key=lambda a: (-t[a], tb.position[a])):
                continuing[a] = False
                elected.append(a)
                stage["elected"].append(names[a])
            break
        if pending:  # rules 48 and 49
            top = max(t[a] - quota for a in pending)
            a = choose([b for b in pending if t[b] - quota == top], prefer_high=True)
            pending.remove(a)
            surplus, total = t[a] - quota, t[a]
            papers = holder == a
            transfer_value = value[papers] * surplus // total
            credited_fixed[a] = quota
            transfers = move(papers, transfer_value)
            stage = record(
                "surplus",
                candidate=names[a],
                surplus=_votes(surplus),
                transfers=transfers,
            )
            continue
        low = min(t[a] for a in live)  # rules 50 and 51
        a = choose([b for b in live if t[b] == low], prefer_high=False)
        continuing[a] = False
        excluded.append(a)
        transfers = move(holder == a, value[holder == a])
        stage = record("exclusion", candidate=names[a], transfers=transfers)

    final = history[-1]
    rest = [a for a in range(m) if a not in elected and a not in excluded]
    rest_tiers: list[list[int]] = []
    for v in sorted({int(final[a]) for a in rest}, reverse=True):
        rest_tiers.append(tb.sort(a for a in rest if int(final[a]) == v))
    ranking = [[a] for a in elected] + rest_tiers + [[a] for a in reversed(excluded)]
    details = {
        "rule": "Scottish STV (The Scottish Local Government Elections Order 2007, "
        "SSI 2007/42, Schedule 1 rules 45-52)",
        "seats": seats,
        "quota": _votes(quota),
        "rounds": stages,
        "elected_in_order": [names[a] for a in elected],
    }
    return elected, ranking, details


def _votes(units) -> float | int:
    units = int(units)
    return units // SCALE if units % SCALE == 0 else round(units / SCALE, 5)
