"""Unions, chapters, memberships, roles, invitations and pseudonyms."""
