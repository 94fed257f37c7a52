"""Model instances from plain SQL rows, for the few hot paths (checking an API token, casting
a ballot) where building a query with the ORM costs more CPU than running it."""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def columns(model: type[Model], names: Sequence[str], alias: str) -> str:
    """`alias.column, …` for the named fields, to paste into a SELECT."""
    return ", ".join(f"{alias}.{model._meta.get_field(n).column}" for n in names)


def instance(model: type[Model], names: Sequence[str], values: Sequence[Any]) -> Model:
    """The instance the ORM would have built from these fields' raw values (the others
    deferred), converted as the ORM converts them (SQLite gives text for dates, and so on)."""
    fields = [model._meta.get_field(n) for n in names]
    converted = []
    for field, value in zip(fields, values, strict=True):
        for convert in connection.ops.get_db_converters(field.get_col(model._meta.db_table)):
            value = convert(value, None, connection)
        if hasattr(field, "from_db_value"):
            value = field.from_db_value(value, None, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)
