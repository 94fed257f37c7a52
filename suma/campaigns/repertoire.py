"""The repertoire: each tactic app registers how to read its uses in a campaign.

The campaign and union dashboards show every tactic's figures beside the demands' outcomes,
without knowing petitions, pledges or letters: those apps call `register_tactic` in their
AppConfig.ready() with a function that lists their uses in a campaign.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class TacticUse:
    """One use of a tactic in a campaign (a petition, a pledge, a strike …) and its figures."""

    tactic: str                     # the registered key: "petition", "pledge", "strike" …
    title: str
    url: str
    status: str                     # as shown to people, translated
    started_at: datetime | None
    ended_at: datetime | None
    # Named figures, shown in this order: e.g. {"signatures": 50123, "goal": 100000}.
    figures: dict[str, int | float] = field(default_factory=dict)
    # Labels for the figures' keys, translatable.
    labels: dict[str, str | Promise] = field(default_factory=dict)
    # Did it reach its own goal? None while it runs or when it has none.
    succeeded: bool | None = None
    # A cumulative count per day (signatures, pledges, check-ins) for the charts.
    series: tuple[tuple[date, int], ...] = ()


@dataclass(frozen=True)
class Tactic:
    key: str
    label: str | Promise
    uses: Callable[..., list[TacticUse]]  # (campaign=) -> its uses of this tactic


TACTICS: dict[str, Tactic] = {}


def register_tactic(key: str, label: str | Promise,
                    uses: Callable[..., list[TacticUse]]) -> None:
    TACTICS[key] = Tactic(key=key, label=label, uses=uses)


def tactic_uses(*, campaign) -> list[TacticUse]:
    """Every use of every registered tactic in a campaign, oldest first."""
    found = [use for tactic in TACTICS.values() for use in tactic.uses(campaign=campaign)]
    return sorted(found, key=lambda u: (u.started_at is None, u.started_at or datetime.min))
