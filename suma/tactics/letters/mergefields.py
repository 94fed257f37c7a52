"""Merge fields of letter templates: {representative_name}, {member_name} … filled in per member
and per representative. Pure Python (no Django).

A field is a name between braces with no space inside: `{member_region}`. Text in braces with
spaces ("{ like this }") is left as written, so a template may still use braces in prose. A
template naming a field that is not in FIELDS is refused before anyone uses it (a typo such
as `{represenative_name}` would otherwise reach a representative as written).
"""

import re
from collections.abc import Mapping

# The fields there are (what each says: FIELD_LABELS in forms.py, translated).
FIELDS: tuple[str, ...] = (
    "representative_name", "representative_office", "representative_body",
    "representative_region", "representative_party", "member_name", "member_region",
    "member_postcode", "member_country", "member_address", "union_name",
)

_FIELD = re.compile(r"\{([^{}\s]{1,60})\}")


class UnknownFields(ValueError):
    """A template names fields that do not exist; `names` in the order they appear."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("unknown merge fields: " + ", ".join(names))
        self.names = names


def fields_in(template: str) -> list[str]:
    """The fields a template names, each once, in the order they first appear."""
    return list(dict.fromkeys(m.group(1) for m in _FIELD.finditer(template)))


def check(template: str) -> None:
    """Raise UnknownFields unless every field the template names exists."""
    unknown = [name for name in fields_in(template) if name not in FIELDS]
    if unknown:
        raise UnknownFields(unknown)


def merge(template: str, values: Mapping[str, str]) -> str:
    """The template with each known field replaced by its value ("" when none is given), in
    one pass: a value holding "{member_name}" is not filled in again. Unknown names stay as
    written."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in FIELDS:
            return match.group(0)
        return str(values.get(name, "") or "")

    return _FIELD.sub(fill, template)
