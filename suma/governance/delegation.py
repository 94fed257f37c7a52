"""Whose vote carries whose: transitive delegation, resolved at the close. No Django here.

The rules (docs/governance.md):
- A member who votes casts their own vote; their delegation is ignored (voting directly
  overrides it).
- A member who does not vote is represented by the first member along their chain of
  delegates who did vote.
- A chain that loops back on itself without reaching a voter, that ends at a member who
  neither votes nor delegates, or that reaches someone not on the voter roll, casts nothing:
  those votes are not counted (they are neither yes nor no, and do not count for quorum).
"""

from collections.abc import Collection, Mapping


def delegation_resolve(*, delegate_of: Mapping[int, int | None],
                       voted: Collection[int]) -> dict[int, int]:
    """Map each non-voting member on the roll whose vote is carried to the voter carrying it.

    `delegate_of` is the roll: every eligible member, with their delegate or None.
    """
    voted = set(voted)
    carrier: dict[int, int | None] = {}
    for start in delegate_of:
        if start in voted or start in carrier:
            continue
        path: list[int] = []
        on_path: set[int] = set()
        member: int | None = start
        found: int | None = None
        while True:
            if member is None or member not in delegate_of:
                break  # the chain ends, or leaves the roll
            if member in voted and member != start:
                found = member
                break
            if member in carrier:
                found = carrier[member]
                break
            if member in on_path:
                break  # a loop with no voter on it
            path.append(member)
            on_path.add(member)
            member = delegate_of[member]
        for walked in path:
            carrier[walked] = found
    return {member: by for member, by in carrier.items() if by is not None}
