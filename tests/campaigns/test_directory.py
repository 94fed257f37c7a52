"""The directory of targets filled from its sources: datenanfragen's controllers and
authorities (a refresh upserts by slug), representatives files, their pages, API and commands.

Small fixture files for most tests; the shipped 3,126 records are loaded by one test only."""

import json
import time
from pathlib import Path

import pytest
from django.test import Client

from suma.campaigns import selectors, services
from suma.campaigns.demo import organisations_demo_load
from suma.campaigns.directory import (
    REPRESENTATIVES_EXAMPLE,
    DirectoryFileError,
    directory_refresh,
    representatives_import,
)
from suma.campaigns.models import Organisation, OrganisationKind, Representative
from suma.cli import main
from suma.core.models import AuditEntry
from tests.governance.test_api import conforms

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
T = "/u/users/campaigns/targets"

META = {"slug": "facebook", "relevant-countries": ["all"], "name": "Meta Platforms Ireland Limited",
        "categories": ["social media"], "runs": ["Facebook, Inc.", "Messenger", "Instagram"],
        "address": "4 Grand Canal Square\nDublin 2\nIreland",
        "webform": "https://www.facebook.com/help/contact/540977946302970",
        "sources": ["https://www.facebook.com/privacy/policy/"], "quality": "verified"}
UBER = {"slug": "uber", "relevant-countries": ["all"], "categories": ["travel"],
        "name": "Uber Technologies Inc.",
        "address": "Burgerweeshuispad 301\n1076 HR Amsterdam\nThe Netherlands",
        "webform": "https://uber.com/privacy-dpo", "sources": ["https://www.uber.com/legal"],
        "required-elements": [{"desc": "Name", "type": "name", "optional": False},
                              {"desc": "Adress", "type": "address", "optional": True}],
        "quality": "verified", "suggested-transport-medium": "webform"}
SHOP = {"slug": "beispiel-shop", "relevant-countries": ["de", "at"], "categories": ["commerce"],
        "name": "Beispiel Handels GmbH", "address": "Beispielweg 1\n10115 Berlin\nDeutschland",
        "email": "datenschutz@beispiel.example", "needs-id-document": True,
        "sources": ["https://beispiel.example/datenschutz"], "quality": "tested",
        "request-language": "de"}
SHOP_AT = SHOP | {"slug": "beispiel-shop-at", "relevant-countries": ["at"],
                  "email": "datenschutz@beispiel-at.example",
                  "address": "Beispielweg 1\n10115 Berlin\nGermany"}
DPC = {"slug": "iedpc", "relevant-countries": ["ie"], "name": "Irish Data Protection Commission",
       "address": "21 Fitzwilliam Square South\nDublin 2\nIreland", "phone": "+353 1 800 437 737",
       "email": "info@dataprotection.ie", "sources": ["https://www.dataprotection.ie"],
       "complaint-language": "en"}
BFDI = {"slug": "debfdi", "relevant-countries": ["de"],
        "name": "Die Bundesbeauftragte für den Datenschutz und die Informationsfreiheit",
        "address": "Graurheindorfer Str. 153\n53117 Bonn\nDeutschland",
        "email": "poststelle@bfdi.bund.de", "sources": ["https://www.bfdi.bund.de"],
        "suggested-transport-medium": "email", "complaint-language": "de"}
HAMBURG = {"slug": "dehmbbfdi", "relevant-countries": ["de"],
           "name": "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",
           "address": "Ludwig-Erhard-Str. 22\n20459 Hamburg\nDeutschland",
           "fax": "+49 40 428544000", "sources": ["https://datenschutz-hamburg.de"]}


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    """Write a companies file and an authorities file; returns the refresh's arguments."""

    def write(companies=(META, UBER, SHOP, SHOP_AT), authorities=(DPC, BFDI, HAMBURG)) -> dict:
        return {"companies": jsonl(tmp_path / "companies.jsonl", list(companies)),
                "authorities": jsonl(tmp_path / "supervisory-authorities.jsonl",
                                     list(authorities))}

    return write


def refreshed(files, **records):
    return directory_refresh(**files(**records))


# -- Refresh ----------------------------------------------------------------------------------

def test_a_refresh_loads_controllers_and_authorities_and_a_second_run_changes_nothing(files):
    first = refreshed(files)
    assert (first.created, first.updated, first.unchanged) == (6, 0, 0)
    assert [(c.kept, c.merged) for c in first.merged] == [("beispiel-shop", "beispiel-shop-at")]
    shop = Organisation.objects.get(slug="beispiel-shop")
    assert shop.country == "DE" and shop.relevant_countries == ["DE", "AT"]
    assert shop.is_controller and shop.needs_id_document and shop.kind == "company"
    assert shop.suggested_transport == "email" and shop.request_language == "de"
    assert shop.branches[0]["email"] == "datenschutz@beispiel-at.example"
    uber = Organisation.objects.get(slug="uber")
    assert uber.country == "NL" and uber.required_elements[1] == {
        "desc": "Adress", "type": "address", "optional": True}
    # Two German authorities share DE: their names tell them apart.
    authorities = Organisation.objects.filter(kind=OrganisationKind.AUTHORITY)
    assert sorted(authorities.values_list("country", flat=True)) == ["DE", "DE", "IE"]
    assert not authorities.filter(is_controller=True).exists()
    assert authorities.get(slug="dehmbbfdi").suggested_transport == "fax"
    second = refreshed(files)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 6)
    assert AuditEntry.objects.filter(action="directory.refreshed").count() == 2


def test_a_hand_made_entry_of_the_same_name_and_country_is_adopted_not_duplicated(world, files):
    meta = services.organisation_create(by=world.steward, name="Meta Platforms Ireland Limited",
                                        kind="platform", country="IE",
                                        contacts="Our contact at the press office")
    campaign = services.campaign_create(union=world.union, by=world.organiser, title="Ads",
                                        targets=[meta])
    report = refreshed(files)
    assert report.adopted == ["facebook"] and report.created == 5
    meta.refresh_from_db()
    assert meta.slug == "facebook" and meta.source == "datenanfragen"
    assert meta.kind == "platform" and meta.contacts == "Our contact at the press office"
    assert meta.webform.startswith("https://www.facebook.com/help/")
    assert list(campaign.targets.all()) == [meta]
    assert Organisation.objects.filter(name="Meta Platforms Ireland Limited").count() == 1


def test_an_entry_no_longer_in_the_source_is_kept_and_reported(world, files):
    refreshed(files)
    uber = Organisation.objects.get(slug="uber")
    services.campaign_create(union=world.union, by=world.organiser, title="Fair rides",
                             targets=[uber])
    report = refreshed(files, companies=(META, SHOP, SHOP_AT))
    assert report.kept == [("uber", "Uber Technologies Inc.")]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert Organisation.objects.filter(pk=uber.pk).exists()


def test_changed_records_are_updated_even_when_two_trade_their_names(files):
    alpha = SHOP | {"slug": "alpha", "name": "Alpha GmbH"}
    beta = SHOP | {"slug": "beta", "name": "Beta GmbH"}
    refreshed(files, companies=(alpha, beta))
    report = refreshed(files, companies=(alpha | {"name": "Beta GmbH"},
                                         beta | {"name": "Alpha GmbH", "email": ""}))
    assert (report.created, report.updated) == (0, 2)
    assert Organisation.objects.get(slug="alpha").name == "Beta GmbH"
    beta_row = Organisation.objects.get(slug="beta")
    assert beta_row.name == "Alpha GmbH" and beta_row.email == ""
    assert beta_row.search_text.startswith("alpha gmbh | beta")


def test_a_source_name_held_by_a_hand_made_entry_is_left_out_and_reported(files):
    refreshed(files, companies=(SHOP,))
    services.organisation_create(by=None, name="Gamma GmbH", kind="company", country="DE")
    report = refreshed(files, companies=(SHOP | {"name": "Gamma GmbH", "quality": "verified"},))
    assert report.blocked == ["beispiel-shop"] and report.updated == 1
    shop = Organisation.objects.get(slug="beispiel-shop")
    assert shop.name == "Beispiel Handels GmbH" and shop.quality == "verified"


def test_a_bad_source_file_names_its_line_and_field_and_nothing_is_written(files):
    with pytest.raises(DirectoryFileError) as error:
        refreshed(files, companies=(META, UBER | {"relevant-countries": ["Netherlands"]}))
    assert str(error.value.message) == ("companies.jsonl: line 2, field relevant-countries: "
                                        "not a two-letter country code")
    assert not Organisation.objects.exists()


# -- The shipped directory and the demo --------------------------------------------------------

def test_the_shipped_directory_loads_in_seconds_and_the_demo_targets_link_to_it():
    started = time.monotonic()
    targets = organisations_demo_load()
    took = time.monotonic() - started
    assert took < 15, f"loading the directory took {took:.1f}s"
    rows = Organisation.objects.filter(source="datenanfragen")
    assert rows.count() == 3069 + 57 - 34  # 34 records merged into one of the same name
    assert rows.filter(kind=OrganisationKind.AUTHORITY).count() == 57
    assert not rows.filter(country="").exists()
    # The demo's targets are the directory's entries where they are the same organisation.
    assert targets["Meta Platforms Ireland Limited"].slug == "facebook"
    assert targets["Uber B.V."].slug == "uber"
    assert targets["Data Protection Commission"].slug == "iedpc"
    assert targets["Commission nationale de l'informatique et des libertés"].slug == "frcnil"
    assert not Organisation.objects.filter(name="Uber B.V.").exists()
    assert targets["Federal Trade Commission"].source == ""
    assert Representative.objects.count() == 7
    # "Facebook" finds Meta through what it runs.
    found = selectors.organisation_list(q="Facebook Audience", controller=True)
    assert [o.slug for o in found] == ["facebook"]
    again = directory_refresh()
    assert (again.created, again.updated, again.kept) == (0, 0, [])
    organisations_demo_load()
    assert Organisation.objects.count() == rows.count() + 4


# -- Representatives --------------------------------------------------------------------------

def test_the_example_representatives_import_from_csv_or_json_and_match_members_regions():
    report = representatives_import(path=REPRESENTATIVES_EXAMPLE)
    assert (report.created, report.updated, report.unchanged) == (7, 0, 0)
    twin = representatives_import(path=REPRESENTATIVES_EXAMPLE.with_suffix(".json"))
    assert (twin.created, twin.updated, twin.unchanged) == (0, 0, 7)
    jonas = selectors.representatives_for(country="de", region="BADEN-WURTTEMBERG")
    assert [r.name for r in jonas] == ["Jonas Example"]
    assert [r.name for r in selectors.representatives_for(country="DE", region="")] == [
        "Max Example"]
    assert [r.name for r in selectors.representatives_for(country="ES", region="malaga")] == [
        "Lucía Ejemplo"]
    assert not selectors.representatives_for(country="FR", region="Berlin-Mitte").exists()
    erika = Representative.objects.get(name="Erika Example")
    assert erika.postal_address == "Platz der Republik 1\n11011 Berlin"
    assert erika.source_file == "representatives-example.csv" and erika.imported_at


@pytest.mark.parametrize(("name", "content", "message"), [
    ("reps.csv", "name,body,country,email\nAna,Cortes,ES,ana@example.org\n"
                 "Bo,Cortes,ES,ana@example.org\nCy,Cortes,ES,cy at example.org\n",
     "line 4, field email: not an email address"),
    ("reps.csv", "name,body,country,email\nAna,Cortes,ES,ana@example.org\nBo,,ES,b@example.org\n",
     "line 3, field body: missing, and required"),
    ("reps.csv", "name,body,country,postal_address\nAna,Cortes,ES,\"Calle 1\nMadrid\"\n"
                 "Bo,Cortes,ES,\n",
     "line 4, field email: give an email address, a postal address or a web form"),
    ("reps.json", json.dumps([{"name": "Ana", "body": "Cortes", "country": "ES",
                               "webform": "https://example.org/ana"},
                              {"name": "Bo", "body": "Cortes", "country": "España",
                               "email": "b@example.org"}]),
     "item 2, field country: not a two-letter country code"),
    ("reps.json", '[{"name": "Ana",}]', "line 1, field (file): not valid JSON"),
])
def test_a_malformed_representatives_file_names_line_and_field_and_writes_nothing(
        tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DirectoryFileError) as error:
        representatives_import(path=path)
    assert str(error.value.message) == message
    assert not Representative.objects.exists()
    assert not AuditEntry.objects.filter(action="representatives.imported").exists()


def test_replace_removes_those_of_the_files_bodies_who_are_no_longer_in_it(tmp_path):
    representatives_import(path=REPRESENTATIVES_EXAMPLE)
    path = tmp_path / "bundestag.csv"
    path.write_text("name,office,body,region,country,email\nErika Example,Member of the "
                    "Bundestag,Deutscher Bundestag,Berlin-Mitte,DE,erika@example.org\n",
                    encoding="utf-8")
    kept = representatives_import(path=path)
    assert (kept.updated, kept.removed) == (1, 0)
    assert Representative.objects.filter(name="Max Example").exists()
    replaced = representatives_import(path=path, replace=True)
    assert (replaced.unchanged, replaced.removed) == (1, 1)
    assert not Representative.objects.filter(name="Max Example").exists()
    assert Representative.objects.get(name="Erika Example").email == "erika@example.org"
    assert Representative.objects.count() == 6  # the other bodies' are untouched


# -- Pages and API ------------------------------------------------------------------------------

def test_the_directory_pages_filter_and_show_what_a_request_needs(world, files):
    refreshed(files)
    client = Client()
    page = client.get(f"{T}/?q=messenger").content.decode()
    assert "Meta Platforms Ireland Limited" in page and "Uber" not in page
    page = client.get(f"{T}/?kind=authority").content.decode()
    assert "3 organisations" in page and "Irish Data Protection Commission" in page
    page = client.get(f"{T}/?controller=on&category=travel").content.decode()
    assert "1 organisation" in page and "Uber Technologies Inc." in page
    page = client.get(f"{T}/?q=F%C3%9CR+DEN+DATENSCHUTZ&country=de").content.decode()
    assert "Die Bundesbeauftragte" in page and "Hamburgische" not in page
    uber = Organisation.objects.get(slug="uber")
    page = client.get(f"{T}/{uber.pk}/").content.decode()
    assert "Identification it requires" in page and "Adress" in page and "optional" in page
    assert "Web form" in page and "https://uber.com/privacy-dpo" in page
    assert "datenanfragen.de directory" in page and "CC0" in page
    shop = Organisation.objects.get(slug="beispiel-shop")
    page = client.get(f"{T}/{shop.pk}/").content.decode()
    assert "It asks for a copy of an identity document" in page
    assert "datenschutz@beispiel-at.example" in page  # the merged record's contact
    dpc = Organisation.objects.get(slug="iedpc")
    page = client.get(f"{T}/{dpc.pk}/").content.decode()
    assert "Identification it requires" not in page and "+353 1 800 437 737" in page


def test_the_representatives_page_filters_by_country_region_body_and_party(world):
    representatives_import(path=REPRESENTATIVES_EXAMPLE)
    client = Client()
    page = client.get(f"{T}/representatives/?country=fr&region=ILE-DE-FRANCE").content.decode()
    assert "Louis Exemple" in page and "Marie Exemple" not in page
    page = client.get(f"{T}/representatives/?body=Deutscher+Bundestag&party=Example+Party") \
        .content.decode()
    assert "1 representative" in page and "Erika Example" in page


def test_the_api_filters_the_directory_and_lists_representatives(world, files):
    refreshed(files)
    representatives_import(path=REPRESENTATIVES_EXAMPLE)
    client = Client()
    found = conforms(client.get(f"{V1}/organisations?controller=true&category=social%20media"))
    assert [o["slug"] for o in found.json()["items"]] == ["facebook"]
    authorities = conforms(client.get(f"{V1}/organisations?kind=authority&country=DE"))
    assert authorities.json()["count"] == 2
    uber = Organisation.objects.get(slug="uber")
    detail = conforms(client.get(f"{V1}/organisations/{uber.pk}")).json()
    assert detail["required_elements"][0] == {"desc": "Name", "type": "name",
                                              "optional": False}
    assert detail["suggested_transport"] == "webform" and detail["source"] == "datenanfragen"
    assert conforms(client.get(f"{V1}/organisations?category=weapons")).status_code == 422
    people = conforms(client.get(f"{V1}/representatives?region=malaga&country=es")).json()
    assert [p["name"] for p in people["items"]] == ["Lucía Ejemplo"]


# -- The command ----------------------------------------------------------------------------

def test_the_directory_commands_report_counts_and_exit_2_on_a_bad_file(files, tmp_path, capsys):
    paths = files()
    args = ["directory", "refresh", "--companies", str(paths["companies"]),
            "--authorities", str(paths["authorities"])]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("created 6, updated 0, unchanged 0, kept 0")
    assert "merged: beispiel-shop-at into beispiel-shop" in out
    jsonl(paths["companies"], [META, {"slug": "broken"}])
    assert main(args) == 2
    assert "companies.jsonl: line 2, field name: missing, and required" in \
        capsys.readouterr().err
    assert main(["directory", "representatives", str(REPRESENTATIVES_EXAMPLE)]) == 0
    assert capsys.readouterr().out.strip() == "created 7, updated 0, unchanged 0, removed 0"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,body,country\nAna,Cortes,ES\n", encoding="utf-8")
    assert main(["directory", "representatives", str(bad), "--replace"]) == 2
    assert "line 2, field email: give an email address" in capsys.readouterr().err
    assert main(["directory", "representatives", str(tmp_path / "none.csv")]) == 2
