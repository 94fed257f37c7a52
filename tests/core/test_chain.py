"""The audit chain's pure hashing: any change to any entry is found, and named."""

from hypothesis import given
from hypothesis import strategies as st

from suma.core import chain

contents = st.lists(
    st.dictionaries(st.sampled_from(["action", "actor", "data", "object_id"]),
                    st.one_of(st.text(max_size=20), st.integers(), st.none()), min_size=1),
    min_size=1, max_size=30)


def build(items):
    rows, prev = [], chain.GENESIS
    for seq, content in enumerate(items, start=1):
        content = {**content, "seq": seq}
        h = chain.entry_hash(prev, content)
        rows.append((seq, prev, h, content))
        prev = h
    return rows


@given(contents)
def test_an_untouched_chain_verifies(items):
    assert chain.verify(build(items)) is None


@given(contents, st.data())
def test_changing_any_entry_names_that_entry(items, data):
    rows = build(items)
    i = data.draw(st.integers(0, len(rows) - 1))
    seq, prev, h, content = rows[i]
    rows[i] = (seq, prev, h, {**content, "tampered": True})
    assert chain.verify(rows) == chain.Break(seq, "its content does not match its hash")


@given(contents, st.data())
def test_deleting_an_entry_is_found(items, data):
    rows = build(items)
    if len(rows) < 2:
        return
    i = data.draw(st.integers(0, len(rows) - 2))
    del rows[i]
    broken = chain.verify(rows)
    assert broken is not None and broken.seq == i + 1


def test_key_order_does_not_change_the_hash():
    assert chain.entry_hash("a", {"x": 1, "y": 2}) == chain.entry_hash("a", {"y": 2, "x": 1})
