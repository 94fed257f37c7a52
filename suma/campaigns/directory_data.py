"""Reading the directory's sources: datenanfragen's JSON Lines of controllers and supervisory
authorities, and files of representatives (CSV or JSON). Pure Python, no Django.

Every problem is a DataError naming where it is (a file line, or a JSON item), the field, and
a problem code; the services turn the code into a translated message. Nothing here writes.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from suma.campaigns.countries import ISO_CODES, country_from_address, fold

CATEGORIES = ("addresses", "ads", "church", "collection agency", "commerce", "credit agency",
              "entertainment", "finance", "health", "insurance", "nonprofit",
              "political party", "public body", "school", "social media",
              "telecommunication", "travel", "utility")
QUALITIES = ("tested", "verified", "imported", "scraped")
TRANSPORTS = ("email", "letter", "fax", "webform")
ELEMENT_TYPES = ("input", "textarea", "email", "address", "name", "birthdate")
COMPANY, AUTHORITY = "company", "authority"

_SLUG = re.compile(r"^[a-z0-9]+(?:-+[a-z0-9]+)*$")
_COUNTRY_ENTRY = re.compile(r"^([a-z]{2}|all)$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")
_PHONE = re.compile(r"^\+[\d ]+(?: ext\. \d+)?$")
URL_LIMIT, EMAIL_LIMIT, NAME_LIMIT, SLUG_LIMIT = 200, 254, 200, 100


class DataError(ValueError):
    """A problem in a source file: `where` is "line" (a file line) or "item" (a JSON item,
    counted from 1); `code` says what is wrong (see PROBLEMS), `params` fills it in."""

    def __init__(self, *, line: int, field: str, code: str, where: str = "line",
                 params: dict | None = None) -> None:
        self.line, self.field, self.code, self.where = line, field, code, where
        self.params = params or {}
        detail = PROBLEMS[code].format(**self.params)
        super().__init__(f"{where} {line}, field {field}: {detail}")


# The English text of each problem (the services give translated ones, by the same codes).
PROBLEMS = {
    "required": "missing, and required",
    "not_text": "not text",
    "not_list": "not a list",
    "not_object": "not an object",
    "not_bool": "not true or false",
    "not_json": "not valid JSON",
    "not_utf8": "not UTF-8 text",
    "not_email": "not an email address",
    "not_url": "not a web address (https://…)",
    "not_country": "not a two-letter country code",
    "not_slug": "not a slug (lower-case letters, digits and hyphens)",
    "too_long": "too long (at most {limit} characters)",
    "not_allowed": "not one of: {allowed}",
    "duplicate": "repeats {where} {other}",
    "no_contact": "give an email address, a postal address or a web form",
    "unknown_field": "not a field of the format",
    "empty": "the file holds no entries",
    "no_country": "names no country we know on its last line",
}


# -- The datenanfragen records --------------------------------------------------------------

@dataclass
class DirectoryRecord:
    """One controller or supervisory authority, as the directory stores it."""

    slug: str
    name: str
    kind: str                       # COMPANY or AUTHORITY
    country: str                    # of establishment, from the address ("" if unknown)
    postal_address: str
    line: int = 0
    email: str = ""
    webform: str = ""
    website: str = ""
    phone: str = ""
    fax: str = ""
    relevant_countries: list[str] = field(default_factory=list)  # upper-case codes or "all"
    categories: list[str] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    request_language: str = ""
    complaint_language: str = ""
    required_elements: list[dict] = field(default_factory=list)
    needs_id_document: bool = False
    suggested_transport: str = ""
    quality: str = ""
    sources: list[str] = field(default_factory=list)
    # Other records of the same name and country, merged into this one (see merge_collisions).
    branches: list[dict] = field(default_factory=list)


@dataclass
class Collision:
    """A record folded into another of the same name and country."""

    kept: str
    merged: str
    name: str
    country: str


@dataclass
class ParsedDirectory:
    records: list[DirectoryRecord]
    warnings: list[str] = field(default_factory=list)   # values dropped, in English
    unplaced: list[str] = field(default_factory=list)   # slugs with no known country


class _Fields:
    """Reads one JSON object's fields, raising DataError or noting a warning."""

    def __init__(self, data: dict, line: int, slug: str, warnings: list[str]) -> None:
        self.data, self.line, self.slug, self.warnings = data, line, slug, warnings

    def fail(self, name: str, code: str, **params) -> DataError:
        return DataError(line=self.line, field=name, code=code, params=params)

    def text(self, name: str, *, required: bool = False, limit: int | None = None) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise self.fail(name, "required")
            return ""
        if not isinstance(value, str):
            raise self.fail(name, "not_text")
        value = value.strip()
        if required and not value:
            raise self.fail(name, "required")
        if limit is not None and len(value) > limit:
            raise self.fail(name, "too_long", limit=limit)
        return value

    def strings(self, name: str, *, required: bool = False) -> list[str]:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.fail(name, "required")
            return []
        if not isinstance(value, list):
            raise self.fail(name, "not_list")
        if any(not isinstance(v, str) for v in value):
            raise self.fail(name, "not_text")
        found = list(dict.fromkeys(v.strip() for v in value if v.strip()))
        if required and not found:
            raise self.fail(name, "required")
        return found

    def choice(self, name: str, allowed: Iterable[str]) -> str:
        value = self.text(name)
        allowed = tuple(allowed)
        if value and value not in allowed:
            raise self.fail(name, "not_allowed", allowed=", ".join(allowed))
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise self.fail(name, "not_bool")
        return value

    def soft(self, name: str, pattern: re.Pattern, limit: int) -> str:
        """An optional contact that a bad value should not stop the import for: dropped,
        with a warning (one record's mistyped website is no reason to refuse 3,000)."""
        value = self.text(name)
        if value and (not pattern.match(value) or len(value) > limit):
            self.warnings.append(f"line {self.line} ({self.slug}), field {name}: "
                                 f"{value!r} dropped")
            return ""
        return value


def _elements(fields: _Fields) -> list[dict]:
    value = fields.data.get("required-elements")
    if value is None:
        return []
    if not isinstance(value, list):
        raise fields.fail("required-elements", "not_list")
    found = []
    for item in value:
        if not isinstance(item, dict):
            raise fields.fail("required-elements", "not_object")
        desc, kind = item.get("desc", ""), item.get("type", "input")
        optional = item.get("optional", False)
        if not isinstance(desc, str) or not desc.strip():
            raise fields.fail("required-elements", "required")
        if kind not in ELEMENT_TYPES:
            raise fields.fail("required-elements", "not_allowed",
                              allowed=", ".join(ELEMENT_TYPES))
        if not isinstance(optional, bool):
            raise fields.fail("required-elements", "not_bool")
        found.append({"desc": desc.strip(), "type": kind, "optional": optional})
    return found


def parse_record(data: Any, *, line: int, kind: str,
                 warnings: list[str] | None = None) -> DirectoryRecord:
    """One datenanfragen record (already decoded from JSON) as a DirectoryRecord."""
    if not isinstance(data, dict):
        raise DataError(line=line, field="(record)", code="not_object")
    warnings = warnings if warnings is not None else []
    raw_slug = data.get("slug")
    fields = _Fields(data, line, raw_slug if isinstance(raw_slug, str) else "?", warnings)
    slug = fields.text("slug", required=True, limit=SLUG_LIMIT)
    if not _SLUG.match(slug):
        raise fields.fail("slug", "not_slug")
    name = fields.text("name", required=True, limit=NAME_LIMIT)
    address = fields.text("address", required=True, limit=2000)
    relevant = fields.strings("relevant-countries", required=True)
    if any(not _COUNTRY_ENTRY.match(c) for c in relevant):
        raise fields.fail("relevant-countries", "not_country")
    relevant = [c if c == "all" else c.upper() for c in relevant]
    sources = [s for s in fields.strings("sources") if _URL.match(s) and len(s) <= 500]
    if kind == COMPANY:
        fields.strings("sources", required=True)
        quality = fields.choice("quality", QUALITIES) or "verified"
        transports = TRANSPORTS
        language = fields.text("request-language")
        language_field = "request-language"
    else:
        quality = ""
        transports = ("fax", "letter", "email")
        language = fields.text("complaint-language")
        language_field = "complaint-language"
    if language and not _LANGUAGE.match(language):
        raise fields.fail(language_field, "not_allowed", allowed="ISO 639-1 codes")
    email = fields.soft("email", _EMAIL, EMAIL_LIMIT)
    webform = fields.soft("webform", _URL, URL_LIMIT)
    phone = fields.soft("phone", _PHONE, 50)
    fax = fields.soft("fax", _PHONE, 50)
    categories = fields.strings("categories")
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise fields.fail("categories", "not_allowed", allowed=", ".join(CATEGORIES))
    transport = fields.choice("suggested-transport-medium", transports)
    if not transport:  # the defaults the schemas give
        if kind == COMPANY:
            transport = "email" if email else "letter"
        else:
            transport = "fax" if fax else "letter"
    if kind == AUTHORITY:
        country = next((c for c in relevant if c != "all"), "") or \
            country_from_address(address)
    else:
        country = country_from_address(address)
    return DirectoryRecord(
        slug=slug, name=name, kind=kind, country=country, postal_address=address, line=line,
        email=email, webform=webform, website=fields.soft("web", _URL, URL_LIMIT),
        phone=phone, fax=fax, relevant_countries=relevant, categories=categories,
        runs=[r[:300] for r in fields.strings("runs")],
        request_language=language if kind == COMPANY else "",
        complaint_language=language if kind == AUTHORITY else "",
        required_elements=_elements(fields) if kind == COMPANY else [],
        needs_id_document=fields.flag("needs-id-document"),
        suggested_transport=transport, quality=quality, sources=sources)


def parse_jsonl(text: str, *, kind: str) -> ParsedDirectory:
    """Every record of a JSON Lines file (blank lines skipped); slugs must be unique."""
    parsed = ParsedDirectory(records=[])
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            raise DataError(line=number, field="(record)", code="not_json") from None
        record = parse_record(data, line=number, kind=kind, warnings=parsed.warnings)
        if record.slug in seen:
            raise DataError(line=number, field="slug", code="duplicate",
                            params={"where": "line", "other": seen[record.slug]})
        seen[record.slug] = number
        if not record.country:
            parsed.unplaced.append(record.slug)
        parsed.records.append(record)
    if not parsed.records:
        raise DataError(line=1, field="(file)", code="empty")
    return parsed


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); DataError names the line that is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise DataError(line=line, field="(file)", code="not_utf8") from None


def _branch(record: DirectoryRecord) -> dict:
    return {"slug": record.slug, "relevant_countries": record.relevant_countries,
            "email": record.email, "webform": record.webform, "phone": record.phone,
            "fax": record.fax, "postal_address": record.postal_address}


def merge_collisions(records: list[DirectoryRecord]) -> tuple[list[DirectoryRecord],
                                                              list[Collision]]:
    """One record per name and country, as the directory holds one row per name and country.

    The first record (in file order) keeps its slug and contacts; each later one becomes one
    of its `branches` (its slug, countries and contacts: Amazon's EU SARL answers French
    requests at another address than Spanish ones), and its countries, categories, runs and
    sources join the first's.
    """
    kept: dict[tuple[str, str], DirectoryRecord] = {}
    collisions = []
    for record in records:
        key = (record.name, record.country)
        first = kept.get(key)
        if first is None:
            kept[key] = replace(record)
            continue
        collisions.append(Collision(kept=first.slug, merged=record.slug, name=record.name,
                                    country=record.country))
        first.branches = [*first.branches, _branch(record)]
        for name in ("relevant_countries", "categories", "runs", "sources"):
            merged = list(dict.fromkeys([*getattr(first, name), *getattr(record, name)]))
            setattr(first, name, merged)
        if "all" in first.relevant_countries:
            first.relevant_countries = ["all"] + [c for c in first.relevant_countries
                                                  if c != "all"]
    return list(kept.values()), collisions


def search_text(*, name: str, slug: str = "", runs: Iterable[str] = (),
                branches: Iterable[dict] = ()) -> str:
    """What a directory search matches, folded: the name, the slugs and what it runs (so
    "facebook" finds Meta Platforms Ireland Limited)."""
    parts = [name, slug, *runs, *(b.get("slug", "") for b in branches)]
    return fold(" | ".join(p for p in parts if p))


# -- Representatives -----------------------------------------------------------------------

REPRESENTATIVE_FIELDS = ("name", "office", "body", "region", "country", "email",
                         "postal_address", "webform", "party")
# Other names a column may have: the "constituency or region".
_ALIASES = {"constituency": "region", "address": "postal_address",
            "postal address": "postal_address", "web form": "webform", "web_form": "webform"}
_LIMITS = {"name": 200, "office": 200, "body": 200, "region": 200, "country": 2,
           "email": EMAIL_LIMIT, "postal_address": 2000, "webform": URL_LIMIT, "party": 200}


@dataclass(frozen=True)
class RepresentativeRow:
    name: str
    body: str
    country: str
    office: str = ""
    region: str = ""
    email: str = ""
    postal_address: str = ""
    webform: str = ""
    party: str = ""
    line: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.name, self.body, self.region)

    @property
    def region_key(self) -> str:
        return fold(self.region)


def _column(name: str) -> str:
    name = (name or "").strip().lower().lstrip("\ufeff")
    return _ALIASES.get(name, name)


def representative_row(data: dict, *, line: int, where: str = "line") -> RepresentativeRow:
    """One representative from its fields (column or key names, aliases allowed)."""
    values: dict[str, str] = {}
    for raw_key, raw in data.items():
        key = _column(str(raw_key))
        if key not in REPRESENTATIVE_FIELDS:
            raise DataError(line=line, field=str(raw_key), code="unknown_field", where=where)
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise DataError(line=line, field=key, code="not_text", where=where)
        if "\x00" in raw:
            raise DataError(line=line, field=key, code="not_text", where=where)
        value = raw.strip() if key == "postal_address" else " ".join(raw.split())
        if len(value) > _LIMITS[key] and key != "country":
            raise DataError(line=line, field=key, code="too_long", where=where,
                            params={"limit": _LIMITS[key]})
        values[key] = value
    for required in ("name", "body", "country"):
        if not values.get(required):
            raise DataError(line=line, field=required, code="required", where=where)
    values["country"] = values["country"].upper()
    if values["country"] not in ISO_CODES:
        raise DataError(line=line, field="country", code="not_country", where=where)
    if values.get("email") and not _EMAIL.match(values["email"]):
        raise DataError(line=line, field="email", code="not_email", where=where)
    if values.get("webform") and not _URL.match(values["webform"]):
        raise DataError(line=line, field="webform", code="not_url", where=where)
    if not (values.get("email") or values.get("postal_address") or values.get("webform")):
        raise DataError(line=line, field="email", code="no_contact", where=where)
    return RepresentativeRow(line=line, **values)


def _unique(rows: list[RepresentativeRow], where: str) -> list[RepresentativeRow]:
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        if row.key in seen:
            raise DataError(line=row.line, field="name", code="duplicate", where=where,
                            params={"where": where, "other": seen[row.key]})
        seen[row.key] = row.line
    if not rows:
        raise DataError(line=1, field="(file)", code="empty", where=where)
    return rows


def parse_representatives_csv(text: str) -> list[RepresentativeRow]:
    """A CSV file with a header row; `line` is the file line where each entry starts (an
    address in quotes may run over several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(line=1, field="(file)", code="empty") from None
    except csv.Error:
        raise DataError(line=1, field="(header)", code="not_text") from None
    columns = [_column(h) for h in header]
    for position, column in enumerate(columns):
        if column not in REPRESENTATIVE_FIELDS:
            raise DataError(line=1, field=header[position].strip() or f"column {position + 1}",
                            code="unknown_field")
        if column in columns[:position]:
            raise DataError(line=1, field=header[position].strip(), code="duplicate",
                            params={"where": "column", "other": columns.index(column) + 1})
    for required in ("name", "body", "country"):
        if required not in columns:
            raise DataError(line=1, field=required, code="required")
    rows = []
    end = reader.line_num
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise DataError(line=start, field="(line)", code="not_text") from None
        end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            raise DataError(line=start, field=f"column {len(columns) + 1}",
                            code="unknown_field")
        cells = cells + [""] * (len(columns) - len(cells))
        rows.append(representative_row(dict(zip(columns, cells, strict=True)), line=start))
    return _unique(rows, "line")


def parse_representatives_json(text: str) -> list[RepresentativeRow]:
    """A JSON list of objects; `line` is the item's position, counted from 1."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(line=error.lineno, field="(file)", code="not_json") from None
    if not isinstance(data, list):
        raise DataError(line=1, field="(file)", code="not_list", where="item")
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise DataError(line=number, field="(item)", code="not_object", where="item")
        rows.append(representative_row(item, line=number, where="item"))
    return _unique(rows, "item")


def parse_representatives(data: bytes, *, filename: str = "") -> list[RepresentativeRow]:
    """CSV or JSON, by the file's extension, else by its first character ([ is JSON)."""
    text = decode(data)
    lower = filename.lower()
    if lower.endswith(".json") or (not lower.endswith(".csv")
                                   and text.lstrip().startswith("[")):
        return parse_representatives_json(text)
    return parse_representatives_csv(text)
