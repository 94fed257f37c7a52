"""The campaigns rows of the permission matrix (tests/members/test_rules.py).

PAGES and API have the shapes of those in test_rules.py (see tests/governance/matrix_*.py);
values(world) returns the ids their {placeholders} name, built with the real services.
"""

PAGES: dict = {}
API: dict = {}


def values(world) -> dict:
    return {}
