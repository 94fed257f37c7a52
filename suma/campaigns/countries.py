"""Country names, as addresses write them, to ISO 3166-1 codes; and text folded for matching.

Pure Python (no Django): the directory's parsers use it to place an organisation from the last
line of its postal address, which names the country in English or in the country's own
language (German, French, Spanish, Italian, Dutch … in the datenanfragen records).
"""

import re
import unicodedata

# Every ISO 3166-1 alpha-2 code in use (and XK, used for Kosovo by the EU).
ISO_CODES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA
ZM ZW
""".split())

# code: the names an address may give, in English, German, French, Spanish, Italian, Dutch
# and the country's own languages. Matching folds case and accents (see fold()).
_NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("Austria", "Österreich", "Autriche", "Oostenrijk"),
    "BE": ("Belgium", "Belgien", "Belgique", "België", "Belgie", "Bélgica", "Belgio"),
    "BG": ("Bulgaria", "Bulgarien", "Bulgarie", "Bulgarije", "България"),
    "HR": ("Croatia", "Kroatien", "Croatie", "Croacia", "Croazia", "Kroatië", "Hrvatska"),
    "CY": ("Cyprus", "Zypern", "Chypre", "Chipre", "Cipro", "Κύπρος", "Kıbrıs"),
    "CZ": ("Czech Republic", "Czechia", "Tschechien", "Tschechische Republik",
           "République tchèque", "Tchéquie", "República Checa", "Chequia",
           "Repubblica Ceca", "Tsjechië", "Česká republika", "Česko"),
    "DK": ("Denmark", "Dänemark", "Danemark", "Dinamarca", "Danimarca", "Denemarken",
           "Danmark"),
    "EE": ("Estonia", "Estland", "Estonie", "Eesti"),
    "FI": ("Finland", "Finnland", "Finlande", "Finlandia", "Suomi"),
    "FR": ("France", "Frankreich", "Francia", "Frankrijk"),
    "DE": ("Germany", "Deutschland", "Federal Republic of Germany",
           "Bundesrepublik Deutschland", "Allemagne", "Alemania", "Germania", "Duitsland"),
    "GR": ("Greece", "Griechenland", "Grèce", "Grecia", "Griekenland", "Ελλάδα", "Ελλάς",
           "Hellas"),
    "HU": ("Hungary", "Ungarn", "Hongrie", "Hungría", "Ungheria", "Hongarije",
           "Magyarország"),
    "IE": ("Ireland", "Irland", "Irlande", "Irlanda", "Ierland", "Éire", "Republic of Ireland"),
    "IT": ("Italy", "Italien", "Italie", "Italia", "Italië"),
    "LV": ("Latvia", "Lettland", "Lettonie", "Letonia", "Lettonia", "Letland", "Latvija"),
    "LT": ("Lithuania", "Litauen", "Lituanie", "Lituania", "Litouwen", "Lietuva"),
    "LU": ("Luxembourg", "Luxemburg", "Luxemburgo", "Lussemburgo", "Lëtzebuerg"),
    "MT": ("Malta", "Malte"),
    "NL": ("Netherlands", "The Netherlands", "Niederlande", "Pays-Bas", "Países Bajos",
           "Paesi Bassi", "Nederland", "Holland"),
    "PL": ("Poland", "Polen", "Pologne", "Polonia", "Polska"),
    "PT": ("Portugal", "Portogallo"),
    "RO": ("Romania", "Rumänien", "Roumanie", "Rumania", "Roemenië", "România"),
    "SK": ("Slovakia", "Slowakei", "Slovaquie", "Eslovaquia", "Slovacchia", "Slowakije",
           "Slovensko", "Slovak Republic"),
    "SI": ("Slovenia", "Slowenien", "Slovénie", "Eslovenia", "Slovenië", "Slovenija"),
    "ES": ("Spain", "Spanien", "Espagne", "España", "Spagna", "Spanje"),
    "SE": ("Sweden", "Schweden", "Suède", "Suecia", "Svezia", "Zweden", "Sverige"),
    "IS": ("Iceland", "Island", "Islande", "Islandia", "Islanda", "IJsland"),
    "LI": ("Liechtenstein", "Fürstentum Liechtenstein"),
    "NO": ("Norway", "Norwegen", "Norvège", "Noruega", "Norvegia", "Noorwegen", "Norge",
           "Noreg"),
    "CH": ("Switzerland", "Schweiz", "Suisse", "Suiza", "Svizzera", "Zwitserland",
           "Confoederatio Helvetica"),
    "GB": ("United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "England", "Scotland",
           "Wales", "Northern Ireland", "United Kingdom of Great Britain and Northern Ireland",
           "Vereinigtes Königreich", "Großbritannien", "Royaume-Uni", "Reino Unido",
           "Regno Unito", "Verenigd Koninkrijk"),
    "US": ("United States of America", "United States", "USA", "U.S.A.", "US", "U.S.",
           "Vereinigte Staaten", "Vereinigte Staaten von Amerika", "États-Unis",
           "Estados Unidos", "Stati Uniti", "Verenigde Staten"),
    "CA": ("Canada", "Kanada"),
    "AU": ("Australia", "Australien", "Australie"),
    "NZ": ("New Zealand", "Neuseeland", "Nouvelle-Zélande", "Nueva Zelanda", "Aotearoa"),
    "SG": ("Singapore", "Republic of Singapore", "Singapur", "Singapour"),
    "HK": ("Hong Kong", "Hongkong", "Hong Kong SAR", "Hong Kong SAR, China"),
    "IL": ("Israel", "Israël", "Israele"),
    "AE": ("United Arab Emirates", "UAE", "Vereinigte Arabische Emirate",
           "Émirats arabes unis", "Emiratos Árabes Unidos"),
    "CN": ("China", "People's Republic of China", "PRC", "Chine", "Cina"),
    "TW": ("Taiwan", "Taïwan", "Republic of China (Taiwan)"),
    "JP": ("Japan", "Japon", "Japón", "Giappone"),
    "KR": ("South Korea", "Republic of Korea", "Korea", "Südkorea", "Corée du Sud",
           "Corea del Sur"),
    "IN": ("India", "Indien", "Inde"),
    "PK": ("Pakistan",),
    "MY": ("Malaysia", "Malaisie", "Malasia"),
    "MA": ("Morocco", "Marokko", "Maroc", "Marruecos", "Marocco"),
    "QA": ("Qatar", "Katar"),
    "PA": ("Panama", "Panamá"),
    "MH": ("Marshall Islands", "Republic of the Marshall Islands", "Marshallinseln"),
    "SC": ("Seychelles", "Seychellen"),
    "GI": ("Gibraltar",),
    "IM": ("Isle of Man",),
    "JE": ("Jersey",),
    "GG": ("Guernsey",),
    "RU": ("Russia", "Russian Federation", "Russland", "Russie", "Rusia", "Russia",
           "Россия"),
    "UA": ("Ukraine", "Ucrania", "Ucraina", "Oekraïne", "Україна"),
    "TR": ("Turkey", "Türkiye", "Türkei", "Turquie", "Turquía", "Turchia"),
    "RS": ("Serbia", "Serbien", "Serbie", "Srbija"),
    "MC": ("Monaco",),
    "AD": ("Andorra", "Andorre"),
    "SM": ("San Marino", "Saint-Marin"),
    "VA": ("Vatican City", "Holy See", "Vatikanstadt"),
    "BR": ("Brazil", "Brasil", "Brasilien", "Brésil", "Brasile"),
    "MX": ("Mexico", "México", "Mexiko", "Mexique", "Messico"),
    "AR": ("Argentina", "Argentinien", "Argentine"),
    "BO": ("Bolivia", "Bolivien", "Bolivie", "Estado Plurinacional de Bolivia"),
    "CL": ("Chile", "Chili", "Cile"),
    "CO": ("Colombia", "Kolumbien", "Colombie"),
    "PE": ("Peru", "Perú", "Pérou"),
    "ZA": ("South Africa", "Südafrika", "Afrique du Sud", "Sudáfrica"),
    "KE": ("Kenya", "Kenia"),
    "NG": ("Nigeria", "Nigéria"),
    "EG": ("Egypt", "Ägypten", "Égypte", "Egipto"),
    "PH": ("Philippines", "Philippinen", "Filipinas"),
    "ID": ("Indonesia", "Indonesien", "Indonésie"),
    "TH": ("Thailand", "Thaïlande", "Tailandia"),
    "VN": ("Vietnam", "Viet Nam", "Viêt Nam"),
    "BM": ("Bermuda", "Bermudas"),
    "KY": ("Cayman Islands", "Kaimaninseln", "Îles Caïmans"),
    "VG": ("British Virgin Islands", "Virgin Islands (British)"),
    "CW": ("Curaçao", "Curacao"),
}

_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                          "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th",
                          "ı": "i", "’": "'", "‘": "'"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, without accents, spaces collapsed: "  Île-de-France " → "ile-de-france".
    Two names a person would call the same compare equal once folded."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    # Once more: what casefolding or decomposing made may fold further (Ǆ → dž → dz).
    text = unicodedata.normalize("NFKC", text.casefold().translate(_SPECIAL))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", text).strip()


def _key(name: str) -> str:
    return fold(name).strip(" .,;:")


COUNTRY_NAMES: dict[str, str] = {_key(name): code for code, names in _NAMES.items()
                                 for name in names}


def country_code(name: str) -> str:
    """The ISO code of a country name ("Deutschland" → "DE"), or "" when unknown."""
    return COUNTRY_NAMES.get(_key(name), "")


def country_from_address(address: str) -> str:
    """The country an address names on its last line (or after the last line's last comma,
    or on the line before, as when a postcode closes the address); "" when none is known."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    for line in reversed(lines[-2:]):
        for candidate in (line, line.rsplit(",", 1)[-1], line.rsplit(" - ", 1)[-1]):
            code = country_code(candidate)
            if code:
                return code
    return ""
