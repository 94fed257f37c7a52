"""Complaint bundles, assembled from plain data: one member's complaint, and a union's
collective dossier with its statistics. No Django: suma.rights.escalation turns requests into
these inputs, and suma.rights.pdf.bundle_pdf draws the parts.

    parts = complaint_parts(case, authority=dpc, date=today, language="en")
    parts = dossier_parts(cases, controller="Uber B.V.", union=union, authority=ap,
                          date=today, language="en", mandate_texts={1: "..."})
"""

from __future__ import annotations

import dataclasses
import statistics as stats
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from suma.rights.letters import (
    TEXTS,
    Annex,
    DossierRow,
    Item,
    Recipient,
    Representative,
    Request,
    Timeline,
    complaint_letter,
    dossier_summary,
    format_number,
    format_short_date,
    language_of,
    missing_annex,
    timeline_annex,
)
from suma.rights.pdf import LetterPart

# The few texts of a bundle that letters.py does not have, in its five languages.
_TEXTS: Mapping[str, Mapping[str, str]] = {
    "median_late": {
        "en": "Median delay past the deadline, in days (requests answered late or not at all): "
              "{days}",
        "es": "Mediana del retraso respecto del plazo, en días (solicitudes respondidas tarde o "
              "no respondidas): {days}",
        "fr": "Retard médian par rapport au délai, en jours (demandes traitées en retard ou "
              "restées sans réponse)\u00a0: {days}",
        "it": "Ritardo mediano rispetto al termine, in giorni (richieste evase in ritardo o "
              "senza risposta): {days}",
        "de": "Median der Verspätung nach Fristablauf in Tagen (verspätet oder nicht "
              "beantwortete Anträge): {days}",
    },
    "mandate.title": {
        "en": "Mandate under Art. 80(1) GDPR, text version {version}",
        "es": "Mandato en virtud del art. 80.1 RGPD, versión {version} del texto",
        "fr": "Mandat au titre de l’art. 80, par. 1, du RGPD, version {version} du texte",
        "it": "Mandato ai sensi dell’art. 80, par. 1, RGPD, versione {version} del testo",
        "de": "Auftrag nach Art. 80 Abs. 1 DSGVO, Textfassung {version}",
    },
    "mandate.intro": {
        "en": "The data subjects below gave {union} this mandate, each on the date shown, and "
              "had not revoked it on {date}.",
        "es": "Las personas interesadas indicadas a continuación otorgaron este mandato a "
              "{union}, cada una en la fecha indicada, y no lo habían revocado a {date}.",
        "fr": "Les personnes concernées ci-dessous ont donné ce mandat à {union}, chacune à la "
              "date indiquée, et ne l’avaient pas révoqué au {date}.",
        "it": "Le persone interessate indicate di seguito hanno conferito questo mandato a "
              "{union}, ciascuna alla data indicata, e non lo avevano revocato al {date}.",
        "de": "Die unten genannten betroffenen Personen haben {union} diesen Auftrag jeweils "
              "am angegebenen Tag erteilt und ihn am {date} nicht widerrufen.",
    },
    "col.mandate": {"en": "Mandate given", "es": "Fecha del mandato", "fr": "Date du mandat",
                    "it": "Data del mandato", "de": "Auftrag erteilt am"},
}


def _t(key: str, language: str, **values: object) -> str:
    table = _TEXTS[key] if key in _TEXTS else TEXTS[key]
    return table[language_of(language)].format(**values)


@dataclass(frozen=True)
class Case:
    """One member's request, as a complaint tells it."""

    request: Request
    timeline: Timeline
    missing: Sequence[Item | str] = ()  # what the answer lacked (nothing when there was none)
    member: str = ""                    # the name the dossier's table shows
    mandate_date: date | None = None    # collective: when the member mandated the union
    mandate_version: int | None = None  # … and to which version of its text


@dataclass(frozen=True)
class Statistics:
    """What a dossier's page and summary say about its requests."""

    total: int
    by_state: Mapping[str, int]            # no_answer, pending, incomplete, complete, late
    median_days_late: float | None         # over the requests past their deadline
    most_missing: Sequence[tuple[str, int]] = field(default_factory=tuple)  # key, count


STATES = ("no_answer", "incomplete", "complete", "pending")


def state(case: Case, today: date) -> str:
    """no_answer (the deadline passed), pending (it has not), incomplete or complete."""
    if case.timeline.answered is None:
        return "no_answer" if case.timeline.deadline < today else "pending"
    return "incomplete" if case.missing else "complete"


def days_late(timeline: Timeline, today: date) -> int:
    """Days from the deadline to the answer, or to today without one; 0 when in time."""
    end = timeline.answered or today
    return max(0, (end - timeline.deadline).days)


def _missing_key(entry: Item | str) -> str:
    return entry.key if isinstance(entry, Item) else entry.strip()


def statistics(cases: Sequence[Case], *, today: date, top: int = 10) -> Statistics:
    """Counts by state (and of those answered late), the median delay, the items most
    often missing (by key, or the text of a free-text item)."""
    counts: Counter[str] = Counter({key: 0 for key in (*STATES, "late")})
    missing: Counter[str] = Counter()
    late: list[int] = []
    for case in cases:
        counts[state(case, today)] += 1
        delay = days_late(case.timeline, today)
        if delay:
            late.append(delay)
            counts["late"] += case.timeline.answered is not None
        missing.update({_missing_key(entry) for entry in case.missing} - {""})
    return Statistics(total=len(cases), by_state=dict(counts),
                      median_days_late=float(stats.median(late)) if late else None,
                      most_missing=tuple(sorted(missing.items(),
                                                key=lambda kv: (-kv[1], kv[0]))[:top]))


def format_days(days: float, language: str) -> str:
    """12 or 12.5 (12,5 outside English)."""
    if days == int(days):
        return format_number(int(days), language)
    text = f"{days:.1f}"
    return text if language_of(language) == "en" else text.replace(".", ",")


def complaint_parts(case: Case, *, authority: Recipient, date: date, language: str,
                    representative: Representative | None = None) -> list[LetterPart | Annex]:
    """One complaint: the letter to the authority, the timeline, the missing items."""
    letter = complaint_letter(case.request, timeline=case.timeline, date=date,
                              missing=case.missing, representative=representative,
                              language=language)
    sender = representative or case.request.requester
    parts: list[LetterPart | Annex] = [
        LetterPart(letter, sender, authority),
        timeline_annex(case.request, case.timeline, language=language)]
    if case.missing:
        parts.append(missing_annex(case.missing, language=language))
    return parts


def _order(case: Case) -> tuple:
    return case.timeline.sent, case.request.reference


def dossier_parts(cases: Sequence[Case], *, controller: str, union: Representative,
                  authority: Recipient, date: date, language: str,
                  mandate_texts: Mapping[int, str] | None = None) -> list[LetterPart | Annex]:
    """A collective complaint: the summary (counts, median delay, the items most often
    missing, one row per request), then each member's complaint lodged by the union on
    their behalf (letter, timeline, missing items), then each mandate text the members
    consented to, with who consented when."""
    if not cases:
        raise ValueError("a dossier lists at least one request")
    language = language_of(language)
    ordered = sorted(cases, key=_order)
    summary = dossier_summary(
        controller=controller, date=date, language=language, union=union.name,
        rows=[DossierRow(reference=case.request.reference, kinds=case.request.kinds,
                         timeline=case.timeline, member=case.member, missing=case.missing)
              for case in ordered])
    median = statistics(ordered, today=date).median_days_late
    if median is not None:
        line = ("p", _t("median_late", language, days=format_days(median, language)))
        summary = dataclasses.replace(summary, blocks=(*summary.blocks[:2], line,
                                                       *summary.blocks[2:]))
    parts: list[LetterPart | Annex] = [summary]
    for case in ordered:
        representative = dataclasses.replace(union, mandate_date=case.mandate_date or date)
        parts += complaint_parts(case, authority=authority, date=date, language=language,
                                 representative=representative)
    for version, text in sorted((mandate_texts or {}).items()):
        given = [case for case in ordered if case.mandate_version == version]
        if given:
            parts.append(mandate_annex(given, version=version, text=text, union=union.name,
                                       date=date, language=language))
    return parts


def mandate_annex(cases: Sequence[Case], *, version: int, text: str, union: str, date: date,
                  language: str) -> Annex:
    """A mandate text as the members read it, and who gave it when."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")
                  if p.strip()]
    blocks = (("p", _t("mandate.intro", language, union=union,
                       date=format_short_date(date, language))),
              *(("p", paragraph) for paragraph in paragraphs))
    header = tuple(_t(key, language) for key in ("col.no", "col.member", "label.reference",
                                                 "col.mandate"))
    rows = tuple((format_number(n, language), case.member or case.request.requester.name,
                  case.request.reference,
                  format_short_date(case.mandate_date, language) if case.mandate_date else "—")
                 for n, case in enumerate(cases, 1))
    return Annex(title=_t("mandate.title", language, version=version), language=language,
                 blocks=blocks, header=header, rows=rows)
