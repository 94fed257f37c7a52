"""Filling the directory of targets from its sources: the datenanfragen.de controllers and
supervisory authorities (shipped in suma/campaigns/data/datenanfragen/, CC0), and files of
representatives. Every write of this module happens here, each in one transaction.

directory_refresh upserts by slug: a second run with the same files changes nothing; an entry
added by hand with the same name and country is adopted, not duplicated; an entry no longer in
the source is kept (a campaign may target it) and reported.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suma.campaigns.directory_data import (
    AUTHORITY,
    COMPANY,
    Collision,
    DataError,
    DirectoryRecord,
    RepresentativeRow,
    decode,
    merge_collisions,
    parse_jsonl,
    parse_representatives,
    search_text,
)
from suma.campaigns.models import (
    Organisation,
    OrganisationKind,
    OrganisationSource,
    Representative,
)
from suma.core.audit import audit_append
from suma.core.errors import SumaError
from suma.core.i18n import interpolate_lazy

DATA = Path(__file__).resolve().parent / "data"
COMPANIES = DATA / "datenanfragen" / "companies.jsonl"
AUTHORITIES = DATA / "datenanfragen" / "supervisory-authorities.jsonl"
REPRESENTATIVES_EXAMPLE = DATA / "representatives-example.csv"
SOURCE_URL = "https://github.com/datenanfragen/data"

# What a refresh writes: the source owns these fields of its rows (and `kind` of authorities).
# `kind` of a controller and `contacts` stay as people set them.
SOURCE_FIELDS = ("slug", "source", "name", "country", "postal_address", "email", "website",
                 "webform", "phone", "fax", "is_controller", "relevant_countries", "categories",
                 "runs", "request_language", "complaint_language", "required_elements",
                 "needs_id_document", "suggested_transport", "quality", "sources", "branches",
                 "search_text")
BATCH = 500


# -- Errors ----------------------------------------------------------------------------------

PROBLEMS = {
    "required": _("missing, and required"),
    "not_text": _("not text"),
    "not_list": _("not a list"),
    "not_object": _("not an object"),
    "not_bool": _("not true or false"),
    "not_json": _("not valid JSON"),
    "not_utf8": _("not UTF-8 text"),
    "not_email": _("not an email address"),
    "not_url": _("not a web address (https://…)"),
    "not_country": _("not a two-letter country code"),
    "not_slug": _("not a slug (lower-case letters, digits and hyphens)"),
    "too_long": _("too long (at most %(limit)s characters)"),
    "not_allowed": _("not one of: %(allowed)s"),
    "no_contact": _("give an email address, a postal address or a web form"),
    "unknown_field": _("not a field of the format"),
    "empty": _("the file holds no entries"),
    "no_country": _("names no country we know on its last line"),
}
DUPLICATES = {
    "line": _("the same entry as line %(other)s"),
    "item": _("the same entry as item %(other)s"),
    "column": _("the same column as column %(other)s"),
}
WHERE = {
    "line": _("line %(line)s, field %(field)s: %(problem)s"),
    "item": _("item %(line)s, field %(field)s: %(problem)s"),
}


class DirectoryFileError(SumaError):
    """A source file the directory cannot take: names the line (or JSON item) and the field.
    Nothing of the file was written."""

    def __init__(self, error: DataError, *, file: str = "") -> None:
        if error.code == "duplicate":
            problem: str | Promise = interpolate_lazy(DUPLICATES[error.params["where"]],
                                                      error.params)
        elif error.params:
            problem = interpolate_lazy(PROBLEMS[error.code], error.params)
        else:
            problem = PROBLEMS[error.code]
        message = interpolate_lazy(WHERE[error.where], {
            "line": error.line, "field": error.field, "problem": problem})
        if file:
            message = interpolate_lazy(_("%(file)s: %(message)s"),
                                       {"file": file, "message": message})
        super().__init__(message, field=error.field, code=error.code)
        self.line, self.where, self.file = error.line, error.where, file


# -- The datenanfragen directory ---------------------------------------------------------------

@dataclass
class RefreshReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    adopted: list[str] = field(default_factory=list)      # slugs given to hand-made rows
    kept: list[tuple[str, str]] = field(default_factory=list)  # (slug, name) not in source
    merged: list[Collision] = field(default_factory=list)  # same name and country in source
    blocked: list[str] = field(default_factory=list)       # slugs whose name a row holds
    unplaced: list[str] = field(default_factory=list)      # slugs with no known country
    warnings: list[str] = field(default_factory=list)


def _read(path: Path, kind: str):
    try:
        return parse_jsonl(decode(path.read_bytes()), kind=kind)
    except DataError as error:
        raise DirectoryFileError(error, file=path.name) from None
    except OSError:
        raise SumaError(interpolate_lazy(_("Cannot read %(file)s."), {"file": str(path)}),
                        code="unreadable") from None


def _values(record: DirectoryRecord) -> dict:
    values = {
        "slug": record.slug, "source": OrganisationSource.DATENANFRAGEN, "name": record.name,
        "country": record.country, "postal_address": record.postal_address,
        "email": record.email, "website": record.website, "webform": record.webform,
        "phone": record.phone, "fax": record.fax, "is_controller": record.kind == COMPANY,
        "relevant_countries": record.relevant_countries, "categories": record.categories,
        "runs": record.runs, "request_language": record.request_language,
        "complaint_language": record.complaint_language,
        "required_elements": record.required_elements,
        "needs_id_document": record.needs_id_document,
        "suggested_transport": record.suggested_transport, "quality": record.quality,
        "sources": record.sources, "branches": record.branches,
        "search_text": search_text(name=record.name, slug=record.slug, runs=record.runs,
                                   branches=record.branches),
    }
    if record.kind == AUTHORITY:
        values["kind"] = OrganisationKind.AUTHORITY
    return values


def directory_refresh(*, companies: Path | None = None, authorities: Path | None = None,
                      by=None) -> RefreshReport:
    """Upsert the directory's datenanfragen rows from the JSON Lines files (by default the
    copies shipped with Suma), in bulk and in one transaction."""
    companies, authorities = companies or COMPANIES, authorities or AUTHORITIES
    parsed = [_read(companies, COMPANY), _read(authorities, AUTHORITY)]
    report = RefreshReport(unplaced=[s for p in parsed for s in p.unplaced],
                           warnings=[w for p in parsed for w in p.warnings])
    records = [r for p in parsed for r in p.records]
    slugs: dict[str, str] = {}
    for path, found in zip((companies, authorities), parsed, strict=True):
        for record in found.records:
            if record.slug in slugs:
                raise DirectoryFileError(DataError(
                    line=record.line, field="slug", code="duplicate",
                    params={"where": "line", "other": slugs[record.slug]}), file=path.name)
            slugs[record.slug] = f"{record.line} ({path.name})"
    records, report.merged = merge_collisions(records)
    incoming = {r.slug for r in records}
    now = timezone.now()
    with transaction.atomic():
        rows = list(Organisation.objects.select_for_update().order_by("pk"))
        by_slug = {o.slug: o for o in rows if o.slug}
        by_key = {(o.name, o.country): o for o in rows}
        claimed: set[int] = set()
        updates: list[tuple[Organisation, dict]] = []
        creates: list[Organisation] = []
        for record in records:
            values = _values(record)
            row = by_slug.get(record.slug)
            if row is None:
                holder = by_key.get((record.name, record.country))
                if holder is not None and holder.pk not in claimed and (
                        not holder.slug or holder.slug not in incoming):
                    row = holder  # made by hand, or a slug the source renamed: adopt it
                    report.adopted.append(record.slug)
            if row is None:
                creates.append(Organisation(kind=values.pop("kind", OrganisationKind.COMPANY),
                                            **values))
                continue
            claimed.add(row.pk)
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if changed:
                updates.append((row, changed))
            else:
                report.unchanged += 1
        _check_names(updates, creates, rows, claimed, report)
        _apply(updates, now)
        Organisation.objects.bulk_create(creates, batch_size=BATCH)
        report.created, report.updated = len(creates), len(updates)
        report.kept = sorted((o.slug, o.name) for o in rows
                             if o.source == OrganisationSource.DATENANFRAGEN
                             and o.pk not in claimed)
        audit_append(action="directory.refreshed", actor=by, data={
            "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "adopted": len(report.adopted),
            "kept": len(report.kept), "merged": len(report.merged),
            "blocked": len(report.blocked)})
    return report


def _check_names(updates, creates, rows, claimed, report) -> None:
    """Leave out a record whose name and country an entry outside the source holds (an entry
    made by hand that the source's slug cannot adopt): the row keeps its name, and the record
    is reported rather than breaking the whole refresh on the uniqueness of names."""
    moving = {row.pk for row, _changes in updates}
    held = {(o.name, o.country) for o in rows if o.pk not in moving}
    for row, changes in list(updates):
        key = (changes.get("name", row.name), changes.get("country", row.country))
        if key != (row.name, row.country) and key in held:
            report.blocked.append(changes.get("slug", row.slug))
            changes.pop("name", None)
            changes.pop("country", None)
            if not changes:
                updates.remove((row, changes))
                report.unchanged += 1
    for organisation in list(creates):
        if (organisation.name, organisation.country) in held:
            report.blocked.append(organisation.slug)
            creates.remove(organisation)


def _apply(updates: list[tuple[Organisation, dict]], now) -> None:
    """bulk_update, in two steps when names move: rows first take a name no one holds, so
    that two entries trading names never meet on the unique name and country."""
    if not updates:
        return
    fields = {k for _row, changes in updates for k in changes} | {"updated_at"}
    renamed = [row for row, changes in updates if "name" in changes or "country" in changes]
    if renamed:
        for row, changes in updates:
            changes.setdefault("name", row.name)
        for row in renamed:
            row.name = f"{row.name[:150]} · refresh {row.pk}"
        Organisation.objects.bulk_update(renamed, ["name"], batch_size=BATCH)
        fields.add("name")
    for row, changes in updates:
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = now
    Organisation.objects.bulk_update([row for row, _changes in updates], sorted(fields),
                                     batch_size=BATCH)


# -- Representatives ---------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


_REPRESENTATIVE_FIELDS = ("office", "region_key", "country", "email", "postal_address",
                          "webform", "party")


def representatives_import(*, path: Path | None = None, file: IO[bytes] | None = None,
                           filename: str = "", replace: bool = False, by=None,
                           ) -> ImportReport:
    """Add or update the representatives of a CSV or JSON file (see docs/directory.md), all or
    nothing. Entries are the same when name, body and region are; with `replace`, members of
    the bodies the file names who are not in it are removed (an election changed them)."""
    if path is not None:
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError:
            raise SumaError(interpolate_lazy(_("Cannot read %(file)s."), {"file": str(path)}),
                            code="unreadable") from None
    elif file is not None:
        data = file.read()
        if isinstance(data, str):
            data = data.encode()
        filename = filename or getattr(file, "name", "") or ""
    else:
        raise ValueError("give a path or a file")
    filename = Path(str(filename)).name
    try:
        rows = parse_representatives(data, filename=filename)
    except DataError as error:
        raise DirectoryFileError(error) from None
    return _representatives_write(rows, filename=filename, replace=replace, by=by)


def _representative_values(row: RepresentativeRow) -> dict:
    return {"office": row.office, "region_key": row.region_key, "country": row.country,
            "email": row.email, "postal_address": row.postal_address,
            "webform": row.webform, "party": row.party}


def _representatives_write(rows: list[RepresentativeRow], *, filename: str, replace: bool,
                           by) -> ImportReport:
    report = ImportReport()
    now = timezone.now()
    bodies = sorted({row.body for row in rows})
    with transaction.atomic():
        existing = {(r.name, r.body, r.region): r for r in
                    Representative.objects.select_for_update().filter(body__in=bodies)}
        creates, updates = [], []
        for row in rows:
            values = _representative_values(row)
            found = existing.pop(row.key, None)
            if found is None:
                creates.append(Representative(name=row.name, body=row.body, region=row.region,
                                              source_file=filename, imported_at=now, **values))
            elif any(getattr(found, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(found, name, value)
                found.source_file, found.imported_at, found.updated_at = filename, now, now
                updates.append(found)
            else:
                report.unchanged += 1
        Representative.objects.bulk_update(
            updates, [*_REPRESENTATIVE_FIELDS, "source_file", "imported_at", "updated_at"],
            batch_size=BATCH)
        Representative.objects.bulk_create(creates, batch_size=BATCH)
        if replace and existing:
            report.removed, _counts = Representative.objects.filter(
                pk__in=[r.pk for r in existing.values()]).delete()
        report.created, report.updated = len(creates), len(updates)
        audit_append(action="representatives.imported", actor=by, data={
            "file": filename, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "removed": report.removed, "replace": replace})
    return report
