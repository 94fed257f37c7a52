"""Reading the directory's sources, without a database: the shipped datenanfragen files, the
countries of addresses, and representatives files with their errors."""

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suma.campaigns.countries import COUNTRY_NAMES, ISO_CODES, country_from_address, fold
from suma.campaigns.directory import AUTHORITIES, COMPANIES
from suma.campaigns.directory_data import (
    AUTHORITY,
    COMPANY,
    REPRESENTATIVE_FIELDS,
    DataError,
    merge_collisions,
    parse_jsonl,
    parse_record,
    parse_representatives,
    search_text,
)


def company(**fields) -> dict:
    return {"slug": "example", "relevant-countries": ["de"], "name": "Example GmbH",
            "address": "Beispielweg 1\n10115 Berlin\nDeutschland",
            "sources": ["https://example.org/privacy"], "quality": "verified"} | fields


# -- The shipped datenanfragen files ---------------------------------------------------------

def test_every_shipped_record_parses_and_every_one_is_placed_in_a_country():
    companies = parse_jsonl(COMPANIES.read_text(encoding="utf-8"), kind=COMPANY)
    authorities = parse_jsonl(AUTHORITIES.read_text(encoding="utf-8"), kind=AUTHORITY)
    assert len(companies.records) == 3069
    assert len(authorities.records) == 57
    assert companies.unplaced == [] and authorities.unplaced == []
    # One mistyped website ("httsp://") is dropped, not a reason to refuse the file.
    assert len(companies.warnings) == 1 and "asos-shop" in companies.warnings[0]
    facebook = next(r for r in companies.records if r.slug == "facebook")
    assert facebook.country == "IE" and facebook.relevant_countries == ["all"]
    assert "Facebook Audience Network" in facebook.runs
    assert facebook.suggested_transport == "letter"  # the schema's default with no email
    uber = next(r for r in companies.records if r.slug == "uber")
    assert uber.country == "NL"
    assert {"desc": "Adress", "type": "address", "optional": True} in uber.required_elements
    länder = [r for r in authorities.records if r.country == "DE"]
    assert len(länder) > 10 and len({r.name for r in länder}) == len(länder)
    assert all(r.kind == AUTHORITY and r.complaint_language in ("", "de") for r in länder)


def test_records_of_the_same_name_and_country_merge_into_the_first_with_their_branches():
    companies = parse_jsonl(COMPANIES.read_text(encoding="utf-8"), kind=COMPANY)
    merged, collisions = merge_collisions(companies.records)
    assert len(merged) + len(collisions) == 3069
    assert len({(r.name, r.country) for r in merged}) == len(merged)
    amazon = next(r for r in merged if r.name == "Amazon Europe Core SARL"
                  and r.country == "LU")
    assert amazon.slug == "amazon-es"
    assert {b["slug"] for b in amazon.branches} == {"amazon-fr", "amazon-gb", "amazon-it",
                                                    "amazon-nl"}
    assert next(b for b in amazon.branches if b["slug"] == "amazon-fr")["email"] == \
        "eu-privacy@amazon.fr"
    assert {"ES", "FR", "GB", "IT", "NL"} <= set(amazon.relevant_countries)
    assert "amazon-fr" in search_text(name=amazon.name, slug=amazon.slug,
                                      branches=amazon.branches)


# -- Records -----------------------------------------------------------------------------------

def test_a_record_takes_the_schema_defaults_and_upper_case_countries():
    record = parse_record(company(**{"relevant-countries": ["all", "at"],
                                     "email": "datenschutz@example.de"}), line=3, kind=COMPANY)
    assert record.country == "DE" and record.relevant_countries == ["all", "AT"]
    assert record.suggested_transport == "email"
    assert parse_record(company(), line=1, kind=COMPANY).suggested_transport == "letter"
    authority = parse_record({"slug": "xx", "relevant-countries": ["ie"], "name": "DPC",
                              "address": "Dublin", "sources": [], "fax": "+353 1 234 5678"},
                             line=1, kind=AUTHORITY)
    assert authority.country == "IE" and authority.suggested_transport == "fax"


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"slug": "Not A Slug"}, "slug", "not_slug"),
    ({"name": ""}, "name", "required"),
    ({"address": None}, "address", "required"),
    ({"relevant-countries": ["germany"]}, "relevant-countries", "not_country"),
    ({"categories": ["weapons"]}, "categories", "not_allowed"),
    ({"quality": "great"}, "quality", "not_allowed"),
    ({"required-elements": [{"desc": "Name", "type": "shoe size"}]}, "required-elements",
     "not_allowed"),
    ({"needs-id-document": "yes"}, "needs-id-document", "not_bool"),
    ({"runs": "Facebook"}, "runs", "not_list"),
])
def test_a_bad_record_names_its_line_and_field(fields, field, code):
    text = json.dumps(company(slug="first")) + "\n\n" + json.dumps(company(**fields)) + "\n"
    with pytest.raises(DataError) as error:
        parse_jsonl(text, kind=COMPANY)
    assert (error.value.line, error.value.field, error.value.code) == (3, field, code)
    assert str(error.value).startswith(f"line 3, field {field}: ")


def test_a_repeated_slug_or_a_broken_line_is_refused():
    with pytest.raises(DataError) as error:
        parse_jsonl(json.dumps(company()) + "\n" + json.dumps(company()), kind=COMPANY)
    assert (error.value.line, error.value.code) == (2, "duplicate")
    with pytest.raises(DataError) as error:
        parse_jsonl(json.dumps(company()) + "\n{not json", kind=COMPANY)
    assert (error.value.line, error.value.code) == (2, "not_json")


# -- Countries --------------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "code"), [
    ("Merrion Road\nDublin 4\nIreland", "IE"),
    ("Barichgasse 40\n1030 Wien\nÖsterreich", "AT"),
    ("1 rue X\n75001 Paris, France", "FR"),
    ("Calle Mayor 1\n28013 Madrid\nEspaña", "ES"),
    ("Via Roma 1\nMilano\nItalia", "IT"),
    ("Damrak 1\nAmsterdam\nNederland\n", "NL"),
    ("1 Main St\nPlainview NY\nUnited States of America", "US"),
    ("Postbox 7\nSomewhere", ""),
])
def test_the_country_comes_from_the_last_line_of_the_address(address, code):
    assert country_from_address(address) == code


@given(st.sampled_from(sorted(COUNTRY_NAMES.items())), st.sampled_from(["", "  ", "\n"]),
       st.booleans())
def test_every_country_name_of_the_table_is_found_in_any_case(entry, padding, upper):
    name, code = entry
    assert code in ISO_CODES
    line = name.upper() if upper else name
    assert country_from_address(f"Street 1\n12345 Town\n{padding}{line}{padding}") == code


@given(st.text(max_size=40))
def test_folding_is_idempotent_and_ignores_case_and_accents(text):
    once = fold(text)
    assert fold(once) == once
    assert fold(text.upper()) == fold(text.lower()) or not text.isascii()
    assert fold("Baden-Württemberg") == fold("BADEN-WURTTEMBERG") == "baden-wurttemberg"
    assert fold("Île-de-France") == "ile-de-france"


# -- Representatives --------------------------------------------------------------------------

HEADER = "name,office,body,region,country,email,postal_address,webform,party\n"
GOOD = "Ana Example,MP,Parliament,North,ES,ana@example.org,,,Example Party\n"


def _csv_error(text: str) -> DataError:
    with pytest.raises(DataError) as error:
        parse_representatives(text.encode(), filename="reps.csv")
    return error.value


@pytest.mark.parametrize(("row", "field", "code"), [
    ("Bo,MP,Parliament,North,ES,not-an-address,,,\n", "email", "not_email"),
    (",MP,Parliament,North,ES,bo@example.org,,,\n", "name", "required"),
    ("Bo,MP,,North,ES,bo@example.org,,,\n", "body", "required"),
    ("Bo,MP,Parliament,North,Spain,bo@example.org,,,\n", "country", "not_country"),
    ("Bo,MP,Parliament,North,QQ,bo@example.org,,,\n", "country", "not_country"),
    ("Bo,MP,Parliament,North,ES,,,,\n", "email", "no_contact"),
    ("Bo,MP,Parliament,North,ES,,,ftp://x,\n", "webform", "not_url"),
    ("Ana Example,MP,Parliament,North,ES,other@example.org,,,\n", "name", "duplicate"),
    ("Bo,MP,Parliament,North,ES,bo@example.org,,,,extra\n", "column 10", "unknown_field"),
])
def test_a_malformed_csv_row_names_its_file_line_and_field(row, field, code):
    # Line 3 holds a quoted address over two lines: the bad row starts on line 5.
    text = (HEADER + GOOD + 'Cy,MP,Parliament,South,ES,,"1 Road\nTown",,\n' + row)
    error = _csv_error(text)
    assert (error.line, error.field, error.code) == (5, field, code)
    assert str(error).startswith(f"line 5, field {field}: ")


def test_a_csv_header_must_name_known_and_required_columns():
    assert (_csv_error("name,body,country,age\n").field, _csv_error(
        "name,body,country,age\n").code) == ("age", "unknown_field")
    assert _csv_error("name,office,country\n").field == "body"
    assert _csv_error("").code == "empty"
    assert _csv_error(HEADER).code == "empty"
    latin1 = (HEADER + "José,MP,Cortes,,ES,j@example.org,,,\n").encode("latin-1")
    with pytest.raises(DataError) as error:
        parse_representatives(latin1, filename="reps.csv")
    assert (error.value.line, error.value.code) == (2, "not_utf8")


def test_csv_columns_may_say_constituency_and_come_in_any_order():
    rows = parse_representatives(
        "\ufeffCountry,Name,Body,Constituency,Email\nde,Erika,Bundestag,Berlin-Mitte,"
        "e@example.org\n".encode(), filename="x.csv")
    assert rows[0].region == "Berlin-Mitte" and rows[0].country == "DE"
    assert rows[0].region_key == "berlin-mitte"


@pytest.mark.parametrize(("items", "line", "field", "code"), [
    ([{"name": "A", "body": "B", "country": "ES", "email": "a@example.org"},
      {"name": "C", "body": "B", "country": "ES", "email": "nope"}], 2, "email", "not_email"),
    ([{"name": "A", "body": "B", "country": "ES"}], 1, "email", "no_contact"),
    ([{"name": "A", "body": "B", "country": "ES", "email": "a@example.org", "age": 3}], 1,
     "age", "unknown_field"),
    ([{"name": "A", "body": "B", "country": 34, "email": "a@example.org"}], 1, "country",
     "not_text"),
    (["A"], 1, "(item)", "not_object"),
])
def test_a_malformed_json_item_names_its_index_and_field(items, line, field, code):
    with pytest.raises(DataError) as error:
        parse_representatives(json.dumps(items).encode(), filename="reps.json")
    assert (error.value.line, error.value.field, error.value.code) == (line, field, code)
    assert str(error.value).startswith(f"item {line}, field {field}: ")


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30) \
    .map(lambda t: " ".join(t.split()))
_rows = st.lists(st.fixed_dictionaries({
    "name": _text.filter(bool), "office": _text, "body": _text.filter(bool), "region": _text,
    "country": st.sampled_from(["DE", "FR", "ES", "IE", "BO", "KE"]),
    "email": st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.org", fullmatch=True),
    "postal_address": st.just(""), "webform": st.just(""), "party": _text,
}), min_size=1, max_size=6, unique_by=lambda r: (r["name"], r["body"], r["region"]))


@given(_rows)
def test_what_a_csv_or_json_file_says_is_what_is_read(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REPRESENTATIVE_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    from_csv = parse_representatives(out.getvalue().encode(), filename="x.csv")
    from_json = parse_representatives(json.dumps(rows).encode(), filename="x.json")
    for parsed in (from_csv, from_json):
        assert [{f: getattr(r, f) for f in REPRESENTATIVE_FIELDS} for r in parsed] == rows
    assert [r.line for r in from_json] == list(range(1, len(rows) + 1))
    assert [r.line for r in from_csv] == list(range(2, len(rows) + 2))
