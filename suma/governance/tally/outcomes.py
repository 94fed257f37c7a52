"""Outcomes of yes/no and consensus decisions."""

from __future__ import annotations

from fractions import Fraction

SIMPLE_MAJORITY = Fraction(1, 2)


def yes_no_outcome(*, yes: int, no: int, abstain: int, threshold: Fraction) -> bool:
    """Whether a yes/no decision passes.

    Abstentions count for quorum elsewhere, never in the share: the share is yes / (yes + no).
    A threshold of exactly 1/2 is a simple majority and needs MORE than half (a tie fails);
    any other threshold (2/3, 3/4, a custom share) needs AT LEAST that share. With no yes
    and no no votes, nothing passes.
    """
    for n in (yes, no, abstain):
        if n < 0:
            raise ValueError("vote counts cannot be negative")
    threshold = Fraction(threshold)
    if not 0 < threshold <= 1:
        raise ValueError("the threshold must be a share above 0 and at most 1")
    cast = yes + no
    if cast == 0:
        return False
    share = Fraction(yes, cast)
    return share > threshold if threshold == SIMPLE_MAJORITY else share >= threshold


def consensus_outcome(*, agree: int, abstain: int, disagree: int, block: int) -> bool:
    """Whether a consensus proposal passes (Loomio's rule).

    A single block stops it. Otherwise it passes when more members agree than disagree;
    abstentions count for neither side.
    """
    for n in (agree, abstain, disagree, block):
        if n < 0:
            raise ValueError("vote counts cannot be negative")
    return block == 0 and agree > disagree
