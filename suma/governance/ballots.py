"""What a ballot says: checked input in, one canonical text per choice, and back out for the tally.

Canonical texts (stored in Ballot.choice, grouped by the tally, shown on the bulletin):
yes/no "yes", "no", "abstain"; consensus "agree", "abstain", "disagree", "block";
single choice "3"; approval "1,4" (sorted; empty = approves none); score "5,0,3" (one score
per option, in option order); ranked "2>1>3" (option numbers, best first; unranked options
rank below every ranked one).
"""

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy as _

from suma.core.errors import SumaError
from suma.core.i18n import interpolate_lazy
from suma.governance.models import RANKED_KINDS, Kind
from suma.governance.tally import Profile

YES_NO = ("yes", "no", "abstain")
CONSENSUS = ("agree", "abstain", "disagree", "block")


def _number(value: Any, options: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SumaError(interpolate_lazy(_("%(value)s is not an option number."),
                                         {"value": str(value)[:20]}), code="unknown_option",
                        field="choice") from None
    if not 1 <= number <= options:
        raise SumaError(interpolate_lazy(_("Option %(number)s is not on this ballot."),
                                         {"number": number}), code="unknown_option",
                        field="choice")
    return number


def choice_encode(*, kind: str, options: int, max_score: int, choice: Mapping[str, Any]) -> str:
    """Check one ballot's input (as the form or the API gives it) and return its canonical text.

    `choice` holds one of: vote (yes/no, consensus), option (single choice), options
    (approval), scores (score: a list in option order, or a mapping number -> score),
    ranking (ranked kinds: option numbers, best first).
    """
    if kind in (Kind.YES_NO, Kind.CONSENSUS):
        allowed = YES_NO if kind == Kind.YES_NO else CONSENSUS
        vote = str(choice.get("vote") or "")
        if vote not in allowed:
            raise SumaError(interpolate_lazy(_("Choose one of: %(allowed)s."),
                                             {"allowed": ", ".join(allowed)}),
                            code="invalid_choice", field="vote")
        return vote
    if kind == Kind.PLURALITY:
        if choice.get("option") in (None, ""):
            raise SumaError(_("Choose an option."), code="invalid_choice", field="option")
        return str(_number(choice["option"], options))
    if kind == Kind.APPROVAL:
        numbers = [_number(v, options) for v in _as_list(choice.get("options"))]
        _no_repeats(numbers, _("Option %(number)s is approved twice."))
        return ",".join(str(n) for n in sorted(numbers))
    if kind == Kind.SCORE:
        return ",".join(str(s) for s in _scores(choice.get("scores"), options, max_score))
    if kind in RANKED_KINDS:
        numbers = [_number(v, options) for v in _as_list(choice.get("ranking"))]
        if not numbers:
            raise SumaError(_("Rank at least one option."), code="invalid_choice",
                            field="ranking")
        _no_repeats(numbers, _("Option %(number)s is ranked twice."))
        return ">".join(str(n) for n in numbers)
    raise ValueError(f"unknown ballot kind {kind!r}")


def _as_list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str | int):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return list(value)
    raise SumaError(_("This choice is not a list of option numbers."), code="invalid_choice",
                    field="choice")


def _no_repeats(numbers: list[int], message) -> None:
    seen: set[int] = set()
    for number in numbers:
        if number in seen:
            raise SumaError(interpolate_lazy(message, {"number": number}), code="repeated_option",
                            field="choice")
        seen.add(number)


def _scores(value: Any, options: int, max_score: int) -> list[int]:
    if isinstance(value, Mapping):
        pairs = [(_number(k, options), v) for k, v in value.items()]
    else:
        values = _as_list(value)
        if len(values) > options:
            raise SumaError(_("There are more scores than options."), code="invalid_choice",
                            field="scores")
        pairs = list(enumerate(values, start=1))
    scores = [0] * options
    for number, raw in pairs:
        try:
            score = int(raw) if raw not in (None, "") else 0
        except (TypeError, ValueError):
            score = -1
        if not 0 <= score <= max_score:
            raise SumaError(interpolate_lazy(
                _("A score must be a whole number from 0 to %(max)s."), {"max": max_score}),
                code="invalid_choice", field="scores")
        scores[number - 1] = score
    return scores


def choice_decode(*, kind: str, choice: str) -> dict:
    """The canonical text back as the structured choice `choice_encode` accepts."""
    if kind in (Kind.YES_NO, Kind.CONSENSUS):
        return {"vote": choice}
    if kind == Kind.PLURALITY:
        return {"option": int(choice)}
    if kind == Kind.APPROVAL:
        return {"options": [int(n) for n in choice.split(",") if n]}
    if kind == Kind.SCORE:
        return {"scores": [int(n) for n in choice.split(",")]}
    return {"ranking": [int(n) for n in choice.split(">") if n]}


def profile_build(*, kind: str, labels: list[str], max_score: int,
                  counts: Iterable[tuple[str, int]]) -> Profile:
    """A tally profile from (canonical choice, number of ballots) pairs."""
    rows = list(counts)
    weights = [n for _choice, n in rows]
    if kind == Kind.APPROVAL:
        return Profile.from_approvals(
            labels, [[int(n) - 1 for n in c.split(",") if n] for c, _n in rows], weights)
    if kind == Kind.SCORE:
        return Profile.from_scores(labels, [[int(n) for n in c.split(",")] for c, _n in rows],
                                   weights, max_score=max_score)
    # Single choices and rankings: "2>1>3" (a single choice is a ranking of one), read in
    # one numpy pass, since a large vote has hundreds of thousands of distinct rankings.
    return Profile.from_ranks(labels, _rank_matrix([c for c, _n in rows], len(labels)),
                              np.array(weights, dtype=np.int64))


def _rank_matrix(orders: list[str], m: int) -> np.ndarray:
    """Canonical rankings ("2>1>3", option numbers best first) as a rank matrix."""
    ranks = np.full((len(orders), m), m, dtype=np.int64)
    if not orders:
        return ranks
    lengths = np.array([order.count(">") + 1 for order in orders], dtype=np.int64)
    numbers = np.fromstring(",".join(orders).replace(">", ","), dtype=np.int64, sep=",")
    if len(numbers) != lengths.sum() or numbers.min() < 1 or numbers.max() > m:
        raise ValueError("a stored ranking names an option that is not on the ballot")
    rows = np.repeat(np.arange(len(orders)), lengths)
    ranks[rows, numbers - 1] = np.arange(len(numbers)) - np.repeat(np.cumsum(lengths) - lengths,
                                                                   lengths)
    if ((ranks < m).sum(axis=1) != lengths).any():
        raise ValueError("a stored ranking names an option twice")
    return ranks
