"""Model instances from plain SQL rows, for the few hot paths (checking an API token, casting
a ballot, signing a petition, reading the signed-in user) where building a query with the
ORM costs more CPU than running it."""

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Model


def columns(model: type[Model], names: Sequence[str], alias: str) -> str:
    """`alias.column, …` for the named fields, to paste into a SELECT."""
    return ", ".join(f"{alias}.{model._meta.get_field(n).column}" for n in names)


@lru_cache(maxsize=256)
def _plan(model: type[Model], names: tuple[str, ...], vendor: str,
          ) -> tuple[list[str], list[list[Callable]]]:
    """The attribute names and, per field, the conversions the ORM applies to a raw value
    (SQLite gives text for dates, and so on): worked out once per model, fields and engine."""
    fields = [model._meta.get_field(n) for n in names]
    conversions = []
    for field in fields:
        steps = list(connection.ops.get_db_converters(field.get_col(model._meta.db_table)))
        if hasattr(field, "from_db_value"):
            steps.append(field.from_db_value)
        conversions.append(steps)
    return [f.attname for f in fields], conversions


def values(model: type[Model], names: Sequence[str], raw: Sequence[Any]) -> list[Any]:
    """These fields' raw values converted as the ORM converts them."""
    _attnames, conversions = _plan(model, tuple(names), connection.vendor)
    converted = []
    for steps, value in zip(conversions, raw, strict=True):
        for convert in steps:
            value = convert(value, None, connection)
        converted.append(value)
    return converted


def build(model: type[Model], names: Sequence[str], converted: Sequence[Any]) -> Model:
    """The instance of these fields' converted values (the other fields deferred)."""
    attnames, _conversions = _plan(model, tuple(names), connection.vendor)
    return model.from_db(connection.alias, attnames, converted)


def instance(model: type[Model], names: Sequence[str], raw: Sequence[Any]) -> Model:
    """The instance the ORM would have built from these fields' raw values (the others
    deferred)."""
    return build(model, names, values(model, names, raw))
