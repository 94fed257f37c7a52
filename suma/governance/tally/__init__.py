"""Counting votes: ballot profiles, voting methods, ballot files. Pure Python and numpy, no Django.

    from suma.governance.tally import Profile, tally
    profile = Profile.from_rankings(["Ana", "Bo", "Chen"], [[0, 1], [[1, 2]], [2]])
    result = tally(profile, "schulze")
    result.winners, result.ranking, result.details, result.tie_break

See docs/tally.md for the methods, the STV rule, the tie-break rule and the file formats.
"""

from .fileio import read_ballots, write_csv, write_preflib
from .methods import METHODS, Result, tally
from .outcomes import consensus_outcome, yes_no_outcome
from .profile import BallotError, ParseError, Profile

__all__ = [
    "METHODS",
    "BallotError",
    "ParseError",
    "Profile",
    "Result",
    "consensus_outcome",
    "read_ballots",
    "tally",
    "write_csv",
    "write_preflib",
    "yes_no_outcome",
]
