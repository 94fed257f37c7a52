"""The identikit check and merge fields: pure modules, property tests (no database)."""

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from suma.tactics.letters import mergefields, similarity
from suma.tactics.letters.similarity import THRESHOLD

WORD = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=8)
TEXT = st.lists(WORD, min_size=0, max_size=60).map(" ".join)
# Letters of distinct words: every three-word run is its own.
LETTER = st.lists(WORD, min_size=30, max_size=120, unique=True).map(" ".join)


@given(TEXT)
def test_a_letter_is_identical_to_itself(text):
    assert similarity.similarity(text, text) == 1.0


@given(TEXT, TEXT)
def test_similarity_is_symmetric_and_between_zero_and_one(a, b):
    score = similarity.similarity(a, b)
    assert score == similarity.similarity(b, a)
    assert 0.0 <= score <= 1.0


@given(LETTER)
def test_case_punctuation_and_accents_do_not_make_a_letter_different(text):
    shouted = text.upper().replace(" ", ", ").replace("e", "é").replace("E", "É")
    assert similarity.similarity(text, shouted) == 1.0


@given(LETTER)
def test_a_letter_put_in_ones_own_words_falls_below_the_threshold(template):
    words = template.split()
    rewritten = " ".join(w + "x" if i % 3 == 0 else w for i, w in enumerate(words))
    assert similarity.similarity(template, rewritten) < THRESHOLD
    verdict = similarity.identikit(rewritten, template=template)
    assert not verdict.flagged


@settings(max_examples=40)
@given(LETTER, st.data())
def test_adding_a_paragraph_half_as_long_as_the_template_is_enough(template, data):
    words = template.split()
    own = data.draw(st.lists(st.text(alphabet="0123456789", min_size=3, max_size=6),
                             min_size=len(words) // 2, max_size=len(words), unique=True))
    assert similarity.similarity(template, template + " " + " ".join(own)) < THRESHOLD


@given(LETTER)
def test_the_template_with_one_word_changed_is_flagged(template):
    words = template.split()
    words[len(words) // 2] = "different"
    verdict = similarity.identikit(" ".join(words), template=template)
    assert verdict.flagged and verdict.against == "template"
    assert verdict.percent >= 75


@settings(max_examples=40)
@given(LETTER, LETTER)
def test_minhash_estimates_the_jaccard_index(a, b):
    mixed = " ".join(a.split()[: len(a.split()) // 2] + b.split())
    exact = similarity.similarity(a, mixed)
    estimated = similarity.estimate(similarity.signature(a), similarity.signature(mixed))
    assert abs(estimated - exact) < 0.2


@settings(max_examples=30)
@given(LETTER, LETTER)
def test_a_copy_of_another_members_letter_is_flagged_and_said_so(template, other):
    assume(similarity.similarity(template, other) < 0.5)
    others = [similarity.signature("completely unrelated words here"),
              similarity.signature(other)]
    verdict = similarity.identikit(other, template=template, signatures=others,
                                   text_of=lambda i: ["completely unrelated words here",
                                                      other][i])
    assert verdict.flagged and verdict.against == "letter" and verdict.index == 1
    assert verdict.score == 1.0


def test_an_empty_letter_is_identical_to_an_empty_template():
    assert similarity.similarity("", "  ,; ") == 1.0
    assert similarity.identikit("", template="").flagged
    assert similarity.estimate(similarity.signature(""), similarity.signature("")) == 1.0


def test_percent_is_rounded_down():
    verdict = similarity.Verdict(score=0.996, against="template", index=None)
    assert verdict.percent == 99 and verdict.flagged


# -- Merge fields ---------------------------------------------------------------------------

CHUNK = st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20)
FIELD = st.sampled_from(mergefields.FIELDS)


@given(st.lists(st.tuples(CHUNK, FIELD), max_size=8), CHUNK,
       st.dictionaries(FIELD, st.text(max_size=20)))
def test_merging_fills_every_field_once_and_keeps_the_text_between(parts, tail, values):
    template = "".join(f"{chunk}{{{name}}}" for chunk, name in parts) + tail
    mergefields.check(template)  # no unknown field
    expected = "".join(chunk + values.get(name, "") for chunk, name in parts) + tail
    assert mergefields.merge(template, values) == expected


@given(CHUNK)
def test_text_without_fields_is_left_as_written(text):
    assert mergefields.merge(text, {"member_name": "Ana"}) == text
    assert mergefields.fields_in(text) == []


def test_unknown_fields_are_named_in_order_once():
    template = "Dear {represenative_name}, {member_name} {colour} {represenative_name}"
    with pytest.raises(mergefields.UnknownFields) as caught:
        mergefields.check(template)
    assert caught.value.names == ["represenative_name", "colour"]


def test_braces_around_prose_are_not_fields():
    template = "A set { of words } and {member_name}"
    mergefields.check(template)
    assert mergefields.merge(template, {"member_name": "Ana"}) == "A set { of words } and Ana"


def test_a_value_holding_a_field_is_not_filled_in_again():
    assert mergefields.merge("{member_name}", {"member_name": "{union_name}",
                                               "union_name": "X"}) == "{union_name}"
