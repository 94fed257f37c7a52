"""Collective decisions: proposals, deliberation, ballots, delegation and enactment."""
