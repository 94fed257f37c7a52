"""Transitive delegation, resolved at the close: the rules of docs/governance.md, as properties."""

from hypothesis import given
from hypothesis import strategies as st

from suma.governance.delegation import delegation_resolve

members = st.integers(min_value=0, max_value=30)
rolls = st.dictionaries(members, st.none() | st.integers(min_value=0, max_value=35), max_size=30)


def _first_voter(start, delegate_of, voted):
    """The rule, walked naively: follow delegates until a voter, a dead end or a repeat."""
    seen, member = {start}, delegate_of.get(start)
    while member is not None and member in delegate_of and member not in seen:
        if member in voted:
            return member
        seen.add(member)
        member = delegate_of.get(member)
    return None


@given(rolls, st.sets(members))
def test_each_non_voter_is_carried_by_the_first_voter_along_their_chain(delegate_of, voted):
    voted = voted & set(delegate_of)
    carried = delegation_resolve(delegate_of=delegate_of, voted=voted)
    for member in delegate_of:
        expected = None if member in voted else _first_voter(member, delegate_of, voted)
        assert carried.get(member) == expected


@given(rolls, st.sets(members))
def test_nobody_is_counted_twice_and_voters_carry_only_for_others(delegate_of, voted):
    voted = voted & set(delegate_of)
    carried = delegation_resolve(delegate_of=delegate_of, voted=voted)
    assert not set(carried) & voted  # voting directly overrides delegating
    assert set(carried.values()) <= voted
    assert len(carried) + len(voted) <= len(delegate_of)


def test_a_textbook_chain_a_loop_and_a_silent_delegate():
    delegate_of = {1: 2, 2: 3, 3: None, 4: 5, 5: 4, 6: 7, 7: None, 8: 99}
    assert delegation_resolve(delegate_of=delegate_of, voted={3}) == {1: 3, 2: 3}
