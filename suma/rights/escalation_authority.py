"""Which supervisory authority Suma proposes for a complaint about a controller. No Django.

Art. 77 GDPR lets a member complain to the authority of their residence, their place of work
or the place of the infringement; under Art. 56 the authority of the controller's main
establishment leads a cross-border case. Suma proposes that one, from the directory, and the
member may choose any other:

1. The controller's country: the directory's (from its postal address), unless the record is
   of a parent outside the EEA whose EU main establishment is known (`MAIN_ESTABLISHMENT`:
   Google LLC is in the United States, Google Ireland Ltd in Dublin).
2. The authorities whose relevant countries contain it. One: that one.
3. Several (Germany has a federal commissioner, one per Land, and church and broadcasting
   ones): the Land's authority when the controller's address names a Land or a city of one
   (the city on the postcode line, or the Land's name), else the federal one (BfDI).

    propose(authorities, slug="uber", country="NL", address="...")  -> the Dutch AP
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from suma.campaigns.countries import fold
from suma.rights.letters import LANGUAGES


@dataclass(frozen=True)
class Authority:
    """A supervisory authority of the directory, as the rule needs it."""

    key: Hashable  # the caller's id for it
    slug: str
    name: str
    countries: tuple[str, ...]  # upper-case ISO codes it serves


# Directory records of a parent outside the EEA, and the country of its EU main
# establishment (which the record does not name).
MAIN_ESTABLISHMENT = {"google": "IE"}

FEDERAL_GERMAN = "debfdi"
# Each Land's authority for private bodies, by the datenanfragen directory's slugs. In
# Bavaria the Landesamt (BayLDA) supervises companies, the Landesbeauftragte public bodies.
LAND_AUTHORITIES = {
    "BW": "debawueldb", "BY": "debaylda", "BE": "deberlbdi", "BB": "debralda",
    "HB": "debrelfdi", "HH": "dehmbbfdi", "HE": "dehessbdi", "MV": "demvldi",
    "NI": "dendslfd", "NW": "denrwldi", "RP": "derlpbdi", "SL": "desaarudz",
    "SN": "desaechsdsb", "ST": "desalbd", "SH": "deshuld", "TH": "detlfdi",
}
LAND_NAMES = {
    "BW": ("Baden-Württemberg",),
    "BY": ("Bayern", "Freistaat Bayern", "Bavaria"),
    "BE": ("Berlin",),
    "BB": ("Brandenburg",),
    "HB": ("Bremen", "Freie Hansestadt Bremen"),
    "HH": ("Hamburg", "Freie und Hansestadt Hamburg"),
    "HE": ("Hessen", "Hesse"),
    "MV": ("Mecklenburg-Vorpommern",),
    "NI": ("Niedersachsen", "Lower Saxony"),
    "NW": ("Nordrhein-Westfalen", "North Rhine-Westphalia", "NRW"),
    "RP": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "SL": ("Saarland",),
    "SN": ("Sachsen", "Freistaat Sachsen", "Saxony"),
    "ST": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "SH": ("Schleswig-Holstein",),
    "TH": ("Thüringen", "Freistaat Thüringen", "Thuringia"),
}
# The cities companies are registered in most often, by Land: the capitals and the larger
# cities. Where two cities share a name, the longer name decides ("Frankfurt (Oder)").
LAND_CITIES = {
    "BW": ("Stuttgart", "Karlsruhe", "Mannheim", "Freiburg im Breisgau", "Freiburg",
           "Heidelberg", "Ulm", "Heilbronn", "Pforzheim", "Reutlingen", "Esslingen am Neckar",
           "Ludwigsburg", "Tübingen", "Konstanz", "Walldorf", "Böblingen", "Sindelfingen",
           "Friedrichshafen", "Offenburg", "Baden-Baden", "Aalen", "Göppingen"),
    "BY": ("München", "Nürnberg", "Augsburg", "Regensburg", "Ingolstadt", "Würzburg",
           "Fürth", "Erlangen", "Bamberg", "Bayreuth", "Landshut", "Aschaffenburg",
           "Kempten", "Rosenheim", "Passau", "Unterföhring", "Ismaning", "Garching",
           "Herzogenaurach", "Schweinfurt", "Neu-Ulm", "Unterschleißheim", "Grünwald",
           "Planegg", "Martinsried", "Pullach", "Starnberg"),
    "BE": ("Berlin",),
    "BB": ("Potsdam", "Cottbus", "Brandenburg an der Havel", "Frankfurt (Oder)",
           "Frankfurt/Oder", "Oranienburg", "Kleinmachnow", "Schönefeld"),
    "HB": ("Bremen", "Bremerhaven"),
    "HH": ("Hamburg",),
    "HE": ("Frankfurt am Main", "Frankfurt", "Wiesbaden", "Kassel", "Darmstadt",
           "Offenbach am Main", "Offenbach", "Hanau", "Gießen", "Marburg", "Fulda",
           "Rüsselsheim", "Bad Homburg", "Eschborn", "Oberursel", "Langen", "Neu-Isenburg"),
    "MV": ("Schwerin", "Rostock", "Neubrandenburg", "Stralsund", "Greifswald", "Wismar"),
    "NI": ("Hannover", "Braunschweig", "Oldenburg", "Osnabrück", "Wolfsburg", "Göttingen",
           "Salzgitter", "Hildesheim", "Lüneburg", "Celle", "Wilhelmshaven", "Delmenhorst",
           "Langenhagen"),
    "NW": ("Düsseldorf", "Köln", "Dortmund", "Essen", "Duisburg", "Bochum", "Wuppertal",
           "Bielefeld", "Bonn", "Münster", "Gelsenkirchen", "Mönchengladbach", "Aachen",
           "Krefeld", "Oberhausen", "Hagen", "Hamm", "Leverkusen", "Solingen", "Neuss",
           "Paderborn", "Gütersloh", "Siegen", "Ratingen", "Monheim am Rhein", "Hilden",
           "Mülheim an der Ruhr", "Herne", "Recklinghausen", "Bergisch Gladbach",
           "Halle (Westf.)", "Halle Westfalen"),
    "RP": ("Mainz", "Ludwigshafen am Rhein", "Ludwigshafen", "Koblenz", "Trier",
           "Kaiserslautern", "Worms", "Neuwied", "Speyer", "Landau", "Ingelheim"),
    "SL": ("Saarbrücken", "Neunkirchen", "Homburg", "Saarlouis", "Völklingen"),
    "SN": ("Dresden", "Leipzig", "Chemnitz", "Zwickau", "Plauen", "Görlitz", "Freiberg"),
    "ST": ("Magdeburg", "Halle (Saale)", "Halle", "Dessau-Roßlau", "Dessau", "Wittenberg",
           "Lutherstadt Wittenberg", "Halberstadt", "Stendal"),
    "SH": ("Kiel", "Lübeck", "Flensburg", "Neumünster", "Norderstedt", "Elmshorn",
           "Pinneberg", "Itzehoe"),
    "TH": ("Erfurt", "Jena", "Gera", "Weimar", "Gotha", "Nordhausen", "Eisenach", "Suhl",
           "Ilmenau"),
}
# When an authority's record names no language of complaints: the country's, if Suma
# writes it.
COUNTRY_LANGUAGE = {"AT": "de", "BE": "fr", "CH": "de", "DE": "de", "ES": "es", "FR": "fr",
                    "GB": "en", "IE": "en", "IT": "it", "LI": "de", "LU": "fr", "MT": "en"}


def _key(text: str) -> str:
    """Folded, with every run of punctuation or spaces made one space: "Frankfurt/M." →
    "frankfurt m"; umlauts also as the ae/oe/ue a keyboard without them writes."""
    return " ".join(re.split(r"[\W_]+", fold(text)))


def _variants(name: str) -> set[str]:
    spelled = name
    for umlaut, letters in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                            ("Ü", "Ue"), ("ß", "ss")):
        spelled = spelled.replace(umlaut, letters)
    return {_key(name), _key(spelled)} - {""}


def _table(source: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(folded name, Land), longest names first: "frankfurt oder" is tried before "frankfurt"."""
    pairs = {(variant, land) for land, names in source.items() for name in names
             for variant in _variants(name)}
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair))


_CITIES = _table(LAND_CITIES)
_LANDS = _table(LAND_NAMES)
_POSTCODE_LINE = re.compile(r"(?:^|\s)(?:D\s*-\s*)?\d{5}\s+(?P<city>\S.*)$", re.IGNORECASE)


def _starts_with_word(text: str, name: str) -> bool:
    return text == name or text.startswith(name + " ")


def german_land(address: str) -> str | None:
    """The Land a German address is in ("BY"), or None when it names none Suma knows.

    The city on the postcode line ("80331 München") decides; failing that, a line that
    names a Land ("Bayern"), or a Land's name at the end of a line ("…, Bayern")."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    for line in lines:
        match = _POSTCODE_LINE.search(line)
        if match is None:
            continue
        city = _key(match.group("city"))
        for name, land in _CITIES:
            if _starts_with_word(city, name):
                return land
    for line in lines:
        key = _key(line)
        for name, land in _LANDS:
            if key == name or key.endswith(" " + name):
                return land
    return None


def lead_country(*, slug: str, country: str) -> str:
    """The country whose authority leads: the main establishment's when the directory's
    record is of a parent outside the EEA, else the record's country."""
    return MAIN_ESTABLISHMENT.get((slug or "").strip().lower(), (country or "").strip().upper())


def serving(authorities: Iterable[Authority], country: str) -> list[Authority]:
    """The authorities whose relevant countries contain `country`, in the order given."""
    country = (country or "").strip().upper()
    return [a for a in authorities if country and country in a.countries]


def propose(authorities: Sequence[Authority], *, slug: str, country: str,
            address: str) -> Authority | None:
    """The lead authority for a controller (its directory slug, country and postal address),
    or None when no authority serves its country."""
    candidates = serving(authorities, lead_country(slug=slug, country=country))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    by_slug = {a.slug: a for a in candidates}
    land = german_land(address) if lead_country(slug=slug, country=country) == "DE" else None
    if land and LAND_AUTHORITIES[land] in by_slug:
        return by_slug[LAND_AUTHORITIES[land]]
    if FEDERAL_GERMAN in by_slug:
        return by_slug[FEDERAL_GERMAN]
    return sorted(candidates, key=lambda a: (fold(a.name), a.slug))[0]


def complaint_language(*, authority_language: str, authority_country: str) -> str:
    """The language Suma writes a complaint to this authority in: the authority's language of
    complaints, or its country's, when Suma writes it; else English."""
    code = (authority_language or "").strip().lower().split("-")[0]
    if code in LANGUAGES:
        return code
    return COUNTRY_LANGUAGE.get((authority_country or "").strip().upper(), "en")
