"""Petitions attached to campaigns: signing, double opt-in, milestones, delivery."""
