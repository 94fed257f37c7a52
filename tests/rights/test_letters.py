"""The texts of data-rights requests: what each letter must say, in each of the five languages.

Pure tests: no database. Every non-empty set of kinds in every language is checked, and
hypothesis varies the member's details, the dates and the missing items.
"""

import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import suma
from suma.rights import letters
from suma.rights.letters import (
    ARTICLE_15_ITEMS,
    ARTICLES,
    CHECKLISTS,
    LANGUAGES,
    TEXTS,
    DossierRow,
    Kind,
    Recipient,
    Representative,
    Request,
    Requester,
    Timeline,
    checklist,
    complaint_letter,
    dossier_summary,
    extra_items,
    followup_letter,
    format_date,
    item,
    label,
    language_of,
    missing_annex,
    reminder_letter,
    request_letter,
    timeline_annex,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_KIND_SETS = [set(combo) for n in range(1, len(Kind) + 1)
                 for combo in itertools.combinations(Kind, n)]

# How each language cites Art. 15(1)(h) and Art. 15(3).
CITES_15_1_H = {"en": "Art. 15(1)(h) GDPR", "es": "art. 15.1.h) RGPD",
                "fr": "art. 15, par. 1, point h), du RGPD", "it": "art. 15, par. 1, lett. h), RGPD",
                "de": "Art. 15 Abs. 1 lit. h DSGVO"}
CITES_15_3 = {"en": "Art. 15(3) GDPR", "es": "art. 15.3 RGPD", "fr": "art. 15, par. 3, du RGPD",
              "it": "art. 15, par. 3, RGPD", "de": "Art. 15 Abs. 3 DSGVO"}
SALUTATIONS = {"en": "Dear Sir or Madam,", "es": "Estimados señores:", "fr": "Madame, Monsieur,",
               "it": "Gentili Signore e Signori,", "de": "Sehr geehrte Damen und Herren,"}

# Names and identifiers as members type them: accents, hyphens, apostrophes, digits.
words = st.from_regex(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{1,10}", fullmatch=True)
names = st.builds(lambda first, last: f"{first} {last}", words, words)
identifiers = st.from_regex(r"[A-Z]{1,3}-?[0-9]{3,8}", fullmatch=True)
id_labels = st.builds(lambda word, n: f"{word} {n}", words, st.integers(1, 99))
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


def make_request(*, kinds=(Kind.ACCESS,), language="en", name="Ana Ruiz",
                 identification=(("Driver ID", "D-123456"),), controller="Uber B.V.",
                 reference="SUMA-7F3K", day=date(2025, 3, 3), details=None, items=()):
    return Request(
        requester=Requester(name=name, email="ana.ruiz@example.org",
                            address="Calle Mayor 1\n28013 Madrid", language=language,
                            identification=list(identification)),
        recipient=Recipient(name=controller, address="Burgerweeshuispad 301\n1076 HR Amsterdam",
                            email="privacy@uber.example"),
        kinds=set(kinds), reference=reference, date=day, details=details or {}, items=items)


def assert_clean(*texts):
    """No placeholder left unfilled, no None."""
    for text in texts:
        assert "{" not in text and "}" not in text, text
        assert "None" not in text, text


def cites(text, article):
    return re.search(rf"\bart\. {article}\b", text, re.IGNORECASE) is not None


# ------------------------------------------------------------------ the catalogue


def test_every_text_exists_in_the_five_languages_with_the_same_placeholders():
    assert set(LANGUAGES) == {"en", "es", "fr", "it", "de"}
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        fields = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in texts.items()}
        assert all(found == fields["en"] for found in fields.values()), (key, fields)
        assert all(text.strip() for text in texts.values()), key


def test_french_texts_use_non_breaking_spaces_before_colons():
    french = " ".join(texts["fr"] for texts in TEXTS.values())
    assert " :" not in french and " ;" not in french
    assert "\u00a0:" in french


# ------------------------------------------------------------------ request letters


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_set_of_kinds_gives_a_letter_citing_each_requested_article(language):
    for kinds in ALL_KIND_SETS:
        letter = request_letter(make_request(kinds=kinds, language=language))
        assert letter.language == language
        for kind in kinds:
            assert cites(letter.body, ARTICLES[kind]), (language, kind)
            assert str(ARTICLES[kind]) in letter.subject
        for kind in set(Kind) - kinds:  # no section for a right not asked for
            assert f"{letters._t(f'kind.{kind}.title', language)} (" not in letter.body
        assert (CITES_15_1_H[language] in letter.body) == (Kind.ACCESS in kinds)
        assert (CITES_15_3[language] in letter.body) == (Kind.ACCESS in kinds)
        assert "SUMA-7F3K" in letter.subject and "SUMA-7F3K" in letter.body
        assert "Uber B.V." in letter.body
        assert_clean(letter.subject, letter.body)


@FAST
@given(kinds=st.sets(st.sampled_from(Kind), min_size=1), language=st.sampled_from(LANGUAGES),
       name=names, controller=names, reference=identifiers,
       identification=st.lists(st.tuples(id_labels, identifiers), max_size=4),
       day=days)
def test_a_request_letter_carries_the_members_details_and_the_legal_references(
        kinds, language, name, controller, reference, identification, day):
    letter = request_letter(make_request(kinds=kinds, language=language, name=name,
                                         controller=controller, reference=reference,
                                         identification=identification, day=day))
    body = letter.body
    for id_label, value in identification:
        assert id_label in body and value in body
        assert re.search(rf"{re.escape(id_label)}\u00a0?: {re.escape(value)}", body)
    assert name in body and body.rstrip().endswith(name)  # signed
    assert controller in body and reference in letter.subject and reference in body
    assert "ana.ruiz@example.org" in body and "Calle Mayor 1, 28013 Madrid" in body
    assert letter.date == day
    # Art. 12: one month (3), free of charge (5), identity (6); always.
    for paragraph in (3, 5, 6):
        assert {"en": f"Art. 12({paragraph}) GDPR", "es": f"art. 12.{paragraph} RGPD",
                "fr": f"art. 12, par. {paragraph}, du RGPD",
                "it": f"art. 12, par. {paragraph}, RGPD",
                "de": f"Art. 12 Abs. {paragraph} DSGVO"}[language] in body
    assert body.startswith(SALUTATIONS[language])
    assert_clean(letter.subject, body)


def test_the_english_letter_says_one_month_two_more_free_and_identity_in_plain_words():
    body = request_letter(make_request(kinds={Kind.ACCESS})).body
    assert "within one month of receiving this request" in body
    assert "extended by two further months" in body
    assert "free of charge" in body
    assert "tell me promptly what additional information you need" in body
    assert "meaningful information about the logic involved" in body
    assert "machine-readable" in body


def test_different_languages_give_different_letters():
    bodies = {lang: request_letter(make_request(kinds=set(Kind), language=lang))
              for lang in LANGUAGES}
    assert len({letter.body for letter in bodies.values()}) == len(LANGUAGES)
    assert len({letter.subject for letter in bodies.values()}) == len(LANGUAGES)
    assert "Auskunftsrecht" in bodies["de"].body and "Droit d’accès" in bodies["fr"].body
    assert "Derecho de supresión" in bodies["es"].body
    assert "Diritto di opposizione" in bodies["it"].body


@pytest.mark.parametrize("code", ["pt", "pt-BR", "", None, "xx", "EN-gb"])
def test_an_unknown_language_gets_the_english_letter(code):
    english = request_letter(make_request(language="en"))
    letter = request_letter(make_request(language=code))
    assert letter.language == "en" and letter.body == english.body


def test_language_codes_with_regions_map_to_their_language():
    assert [language_of(code) for code in ("fr-BE", "de_AT", "ES", "it-CH")] == [
        "fr", "de", "es", "it"]


def test_details_and_extra_items_are_in_the_letter():
    request = make_request(
        kinds={Kind.RECTIFICATION, Kind.OBJECTION, Kind.ACCESS}, language="es",
        details={Kind.RECTIFICATION: "Mi apellido es Ruiz, no Ruíz",
                 "objection": "la elaboración de perfiles para publicidad"},
        items=[*extra_items("uber"), "Los mensajes del soporte de 2023"])
    body = request_letter(request).body
    assert "Datos afectados y datos correctos: Mi apellido es Ruiz, no Ruíz" in body
    assert "Tratamiento al que me opongo: la elaboración de perfiles para publicidad" in body
    for entry in extra_items("uber"):
        assert f"- {label(entry, 'es')}" in body
    assert "- Los mensajes del soporte de 2023" in body
    assert "art. 19 RGPD" in body  # rectification is passed on to recipients


def test_empty_values_are_left_out_never_printed_as_none():
    request = Request(
        requester=Requester(name="Ana Ruiz", email=None, address=None, language="de",
                            identification=[("Fahrer-ID", None), ("Telefon", "")]),
        recipient=Recipient(name="Uber B.V."), kinds={Kind.ERASURE}, reference="",
        date=date(2025, 3, 3), details={Kind.ERASURE: None})
    letter = request_letter(request)
    assert "Fahrer-ID" not in letter.body and "Telefon" not in letter.body
    assert "Referenz" not in letter.subject and "Referenz" not in letter.body
    assert "Adresse, von der Sie diesen Antrag erhalten haben" in letter.body
    assert_clean(letter.subject, letter.body)


def test_a_letter_needs_a_kind_a_controller_and_a_name():
    with pytest.raises(ValueError):
        request_letter(make_request(kinds=()))
    with pytest.raises(ValueError):
        request_letter(make_request(controller="  "))
    with pytest.raises(ValueError):
        request_letter(make_request(name=""))
    with pytest.raises(ValueError):
        request_letter(make_request(kinds={"everything"}))


def test_a_controller_name_ending_in_a_full_stop_ends_its_sentence_once():
    body = request_letter(make_request(controller="Uber B.V.", language="fr")).body
    assert "Uber B.V.." not in body and "traite Uber B.V." in body


@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 3, 1), {"en": "1 March 2025", "es": "1 de marzo de 2025", "fr": "1er mars 2025",
                        "it": "1º marzo 2025", "de": "1. März 2025"}),
    (date(2025, 8, 11), {"en": "11 August 2025", "es": "11 de agosto de 2025",
                         "fr": "11 août 2025", "it": "11 agosto 2025", "de": "11. August 2025"}),
])
def test_dates_are_written_as_each_language_writes_them(day, expected):
    assert {lang: format_date(day, lang) for lang in LANGUAGES} == expected


def test_italian_elides_the_article_before_8_and_11():
    request = make_request(language="it", day=date(2025, 3, 8))
    timeline = Timeline(sent=date(2025, 3, 8), received=date(2025, 3, 11),
                        deadline=date(2025, 4, 11))
    body = reminder_letter(request, timeline=timeline, date=date(2025, 4, 14)).body
    assert "L’8 marzo 2025 ho inviato" in body and "L’avete ricevuta l’11 marzo 2025" in body
    assert "il 8" not in body and "il 11" not in body


# ------------------------------------------------------------------ reminders, follow-ups


@FAST
@given(language=st.sampled_from(LANGUAGES), sent=days, answered=st.booleans(),
       extended=st.booleans())
def test_a_reminder_gives_the_dates_and_a_last_date_before_a_complaint(language, sent, answered,
                                                                     extended):
    deadline = sent + timedelta(days=33)
    timeline = Timeline(sent=sent, received=sent + timedelta(days=2), deadline=deadline,
                        extended=sent + timedelta(days=20) if extended else None,
                        answered=deadline + timedelta(days=3) if answered else None)
    today = deadline + timedelta(days=5)
    letter = reminder_letter(make_request(language=language), timeline=timeline, date=today)
    body = letter.body
    for day in (sent, sent + timedelta(days=2), deadline, today + timedelta(days=14)):
        assert format_date(day, language) in body
    assert format_date(sent, language) in letter.subject
    if extended:
        assert format_date(sent + timedelta(days=20), language) in body
    assert (letters._t("reminder.no_answer", language) in body) == (not answered)
    assert letters._t("deadline.past", language, deadline=format_date(deadline, language)) \
        in body
    assert cites(body, 77)  # the complaint that follows
    assert "D-123456" in body and "SUMA-7F3K" in body
    assert_clean(letter.subject, body)


@FAST
@given(language=st.sampled_from(LANGUAGES),
       missing=st.lists(st.sampled_from(checklist("uber")), min_size=1, max_size=6,
                        unique_by=lambda entry: entry.key),
       free_text=st.lists(words, max_size=2))
def test_a_follow_up_lists_every_missing_item_in_the_letters_language(language, missing,
                                                                      free_text):
    timeline = Timeline(sent=date(2025, 3, 3), received=date(2025, 3, 4),
                        deadline=date(2025, 4, 4), answered=date(2025, 4, 1))
    letter = followup_letter(make_request(language=language), timeline=timeline,
                             date=date(2025, 4, 6), missing=[*missing, *free_text])
    for entry in missing:
        assert f"- {label(entry, language)}" in letter.body
        if language != "en":
            assert label(entry, "en") not in letter.body
    for text in free_text:
        assert f"- {text}" in letter.body
    assert format_date(date(2025, 4, 1), language) in letter.body  # the answer's date
    assert format_date(date(2025, 4, 20), language) in letter.body  # 14 days to reply
    assert_clean(letter.subject, letter.body)


def test_a_follow_up_needs_something_missing():
    timeline = Timeline(sent=date(2025, 3, 3), deadline=date(2025, 4, 4))
    with pytest.raises(ValueError):
        followup_letter(make_request(), timeline=timeline, date=date(2025, 4, 6), missing=[])


# ------------------------------------------------------------------ complaints


@FAST
@given(language=st.sampled_from(LANGUAGES), sent=days, union=st.booleans(),
       answered=st.sampled_from(["no", "late", "in time"]), extended=st.booleans(),
       missing=st.lists(st.sampled_from(ARTICLE_15_ITEMS), max_size=3, unique=True))
def test_a_complaint_gives_every_date_what_is_missing_and_what_is_asked(
        language, sent, union, answered, extended, missing):
    deadline = sent + timedelta(days=90 if extended else 31)
    answered_on = {"no": None, "late": deadline + timedelta(days=9),
                   "in time": deadline - timedelta(days=3)}[answered]
    timeline = Timeline(sent=sent, received=sent + timedelta(days=1), deadline=deadline,
                        extended=sent + timedelta(days=25) if extended else None,
                        reminded=(deadline + timedelta(days=2),), answered=answered_on)
    today = deadline + timedelta(days=40)
    mandate = Representative(name="Platform Users' Union", mandate_date=today - timedelta(days=6))
    letter = complaint_letter(make_request(kinds={Kind.ACCESS, Kind.OBJECTION},
                                           language=language),
                              timeline=timeline, date=today, missing=missing,
                              representative=mandate if union else None)
    body = letter.body
    dates = [sent, sent + timedelta(days=1), deadline, deadline + timedelta(days=2)]
    dates += [sent + timedelta(days=25)] if extended else []
    dates += [answered_on] if answered_on else []
    for day in dates:
        assert format_date(day, language) in body, day
    assert cites(body, 77) and cites(body, 15) and cites(body, 21) and cites(body, 58)
    for entry in missing:
        assert label(entry, language) in body
    assert "Uber B.V." in letter.subject and "SUMA-7F3K" in body
    assert "Ana Ruiz" in body and "D-123456" in body and "Burgerweeshuispad 301" in body
    assert cites(body, 80) == union
    if union:
        assert "Platform Users' Union" in body
        assert format_date(today - timedelta(days=6), language) in body
        assert body.rstrip().endswith(letters._t("on_behalf", language, name="Ana Ruiz"))
    else:
        assert body.rstrip().endswith("Ana Ruiz")
    assert_clean(letter.subject, body)


def test_a_complaint_says_whether_the_answer_was_missing_or_late():
    request = make_request()
    no_answer = Timeline(sent=date(2025, 3, 3), deadline=date(2025, 4, 3))
    late = Timeline(sent=date(2025, 3, 3), deadline=date(2025, 4, 3), answered=date(2025, 4, 30))
    body = complaint_letter(request, timeline=no_answer, date=date(2025, 5, 5)).body
    assert "The controller has not answered the request" in body
    assert "no acknowledgement of receipt" in body
    body = complaint_letter(request, timeline=late, date=date(2025, 5, 5)).body
    assert "answered on 30 April 2025, after the period for answering had expired" in body


def test_the_timeline_annex_lists_the_events_in_order():
    timeline = Timeline(sent=date(2025, 3, 3), received=date(2025, 3, 5),
                        extended=date(2025, 3, 20), deadline=date(2025, 6, 5),
                        reminded=(date(2025, 6, 9),), answered=date(2025, 6, 30))
    annex = timeline_annex(make_request(language="de"), timeline)
    assert annex.title == "Zeitlicher Ablauf des Antrags"
    assert annex.header == ("Datum", "Ereignis")
    assert [row[0] for row in annex.rows] == [
        "3. März 2025", "5. März 2025", "20. März 2025", "5. Juni 2025", "9. Juni 2025",
        "30. Juni 2025"]
    assert annex.rows[-1][1] == "Antwort erhalten"


def test_the_missing_annex_numbers_the_items():
    annex = missing_annex([item("copy"), "Fotos"], language="it")
    assert annex.rows == (("1", label(item("copy"), "it")), ("2", "Fotos"))


# ------------------------------------------------------------------ collective complaints


def test_a_dossier_counts_the_requests_and_has_a_row_for_each():
    as_of = date(2025, 6, 1)
    rows = []
    for n in range(1000):
        sent = date(2025, 3, 1) + timedelta(days=n % 40)
        deadline = sent + timedelta(days=31)
        answered = None if n % 4 == 0 else deadline + timedelta(days=(n % 3) - 1)
        rows.append(DossierRow(
            reference=f"SUMA-{n}", kinds={Kind.ACCESS}, member=f"Member {n}",
            timeline=Timeline(sent=sent, deadline=deadline, answered=answered,
                              extended=sent if n % 10 == 0 else None),
            missing=[item("automated_logic")] if n % 4 == 1 else []))
    annex = dossier_summary(controller="Uber B.V.", rows=rows, date=as_of, language="en",
                            union="Platform Users' Union")
    assert len(annex.rows) == 1000 and len(annex.header) == len(annex.rows[0]) == 9
    text = annex.text
    assert "Requests: 1,000" in text
    assert "No answer by the deadline: 250" in text
    assert "Incomplete answer: 250" in text and "Complete answer: 500" in text
    late = sum(1 for row in rows if row.timeline.answered
               and row.timeline.answered > row.timeline.deadline)
    assert f"Answered after the deadline: {late:,}" in text
    assert "Extension notified: 100" in text
    assert "First request sent: 1 March 2025" in text
    assert "Last request sent: 9 April 2025" in text
    assert f"{label(item('automated_logic'), 'en')} (250)" in text
    assert "Platform Users' Union" in text and "Uber B.V." in annex.title
    assert annex.rows[1] == ("2", "Member 1", "SUMA-1", "15", "2025-03-02", "2025-04-02",
                             "2025-04-02", "incomplete", "1")
    assert annex.rows[0][7] == "no answer" and annex.rows[0][6] == "—"
    assert_clean(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_dossier_is_written_in_its_language(language):
    row = DossierRow(reference="R1", kinds={Kind.ERASURE},
                     timeline=Timeline(sent=date(2025, 1, 2), deadline=date(2025, 2, 3)))
    annex = dossier_summary(controller="Meta Platforms Ireland Limited", rows=[row],
                            date=date(2025, 3, 1), language=language)
    assert annex.language == language
    assert annex.rows[0][7] == letters._t("status.no_answer", language)
    assert annex.title == letters._t("dossier.title", language,
                                     controller="Meta Platforms Ireland Limited")
    assert_clean(annex.text)


# ------------------------------------------------------------------ checklists


def test_the_access_checklist_is_article_15_1_a_to_h_and_the_copy():
    assert [entry.key for entry in checklist()] == [
        "purposes", "categories", "recipients", "retention", "rights", "complaint", "source",
        "automated_logic", "copy"]
    cites_by_point = ["15(1)(a)", "15(1)(b)", "15(1)(c)", "15(1)(d)", "15(1)(e)", "15(1)(f)",
                      "15(1)(g)", "15(1)(h)", "15(3)"]
    for entry, cite in zip(checklist(), cites_by_point, strict=True):
        assert cite in label(entry, "en")


def test_uber_drivers_checklist_has_what_they_litigated_for():
    keys = [entry.key for entry in checklist("uber")]
    assert keys[:9] == [entry.key for entry in ARTICLE_15_ITEMS]
    for key in ("trips", "ratings", "tags", "location", "matching_logic", "pricing_logic",
                "deactivation_logic"):
        assert key in keys
    meta = [entry.key for entry in checklist("facebook")]
    assert {"off_platform_activity", "advertisers_contact_list", "ad_interests"} <= set(meta)
    assert checklist("no-such-controller") == checklist()
    assert checklist("UBER ") == checklist("uber")


def test_other_kinds_have_their_own_checklist_items():
    keys = [entry.key for entry in checklist("uber", kinds={Kind.ERASURE, Kind.RESTRICTION})]
    assert keys == ["erased", "restricted", "recipients_notified"]  # no data asked for
    keys = [entry.key for entry in checklist("uber", kinds={"portability", "objection"})]
    assert keys[:2] == ["portable_copy", "objection_outcome"] and "trips" in keys


def test_every_item_has_a_label_in_each_language_and_they_differ():
    every = {entry.key: entry for entry in checklist()}
    for items in CHECKLISTS.values():
        every.update((entry.key, entry) for entry in items)
    for kind in Kind:
        every.update((entry.key, entry) for entry in letters.KIND_ITEMS[kind])
    for key, entry in every.items():
        labels = [label(entry, lang) for lang in LANGUAGES]
        assert all(labels) and len(set(labels)) == len(LANGUAGES), key
        assert item(key) == entry
        assert label(entry, "pt") == label(entry, "en")


def test_checklists_are_keyed_by_real_directory_slugs():
    companies = Path(suma.__file__).parent / "campaigns/data/datenanfragen/companies.jsonl"
    slugs = {json.loads(line)["slug"] for line in companies.read_text().splitlines() if line}
    for slug in ("uber", "facebook", "google", "amazon-de", "deliveroo", "glovo", "bolt"):
        assert slug in CHECKLISTS
    assert set(CHECKLISTS) <= slugs
