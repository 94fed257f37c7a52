"""The overdue sweep: every awaiting request past its deadline becomes overdue, in one statement.

A request awaits an answer while it is sent, acknowledged or extended (models.AWAITING); its
deadline is stored with it (suma.rights.deadlines counted it when the controller got the
request), so the sweep is a single set-based UPDATE over the partial index
`request_awaiting_deadline`, however many requests there are, with one RequestEvent per
request it marks inserted by the same statement. No Python loop runs per request.

It is exact under concurrency: the UPDATE's WHERE names the awaiting statuses, so a request
answered at the same moment is left alone. On PostgreSQL the UPDATE waits for the answering
transaction's row lock and re-checks the row it commits (READ COMMITTED re-evaluates the WHERE
on the new version); on SQLite the sweep's IMMEDIATE transaction holds the database's write
lock, so nothing changes between its two statements. Running it twice on a day changes
nothing the second time. The daily job (suma.rights.tasks.rights_daily) runs it.
"""

from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from suma.core.audit import audit_append
from suma.rights.models import AWAITING, DataRequest, RequestEvent, RequestStatus


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    requests, events = DataRequest._meta, RequestEvent._meta
    return {"requests": q(requests.db_table), "events": q(events.db_table),
            "status": q(requests.get_field("status").column),
            "deadline": q(requests.get_field("deadline").column),
            "overdue_on": q(requests.get_field("overdue_on").column),
            "updated_at": q(requests.get_field("updated_at").column),
            "id": q(requests.pk.column),
            "request_id": q(events.get_field("request").column),
            "kind": q(events.get_field("kind").column), "on": q(events.get_field("on").column),
            "at": q(events.get_field("at").column), "by_id": q(events.get_field("by").column),
            "note": q(events.get_field("note").column)}


# The WHERE of the sweep. Its status condition is the partial index's own, written out as
# literals (the same IN list, in the same order), so that the planners of both PostgreSQL and
# SQLite see at prepare time that the index covers it; only the date is a parameter.
_AWAITING = ", ".join(f"'{status}'" for status in AWAITING)
_DUE = "{status} IN (" + _AWAITING + ") AND {deadline} < %s"

_POSTGRESQL = """
WITH swept AS (
    UPDATE {requests} SET {status} = %s, {overdue_on} = %s, {updated_at} = %s
    WHERE """ + _DUE + """
    RETURNING {id}
)
INSERT INTO {events} ({request_id}, {kind}, {on}, {at}, {by_id}, {note})
SELECT {id}, %s, %s, %s, NULL, '' FROM swept
"""

_EVENTS = """
INSERT INTO {events} ({request_id}, {kind}, {on}, {at}, {by_id}, {note})
SELECT {id}, %s, %s, %s, NULL, '' FROM {requests} WHERE """ + _DUE

_UPDATE = """
UPDATE {requests} SET {status} = %s, {overdue_on} = %s, {updated_at} = %s WHERE """ + _DUE


def sweep_sql(*, today: date, now: datetime | None = None) -> tuple[str, list]:
    """The sweep's one statement on PostgreSQL, with its parameters (also for EXPLAIN)."""
    now = now or timezone.now()
    return (_POSTGRESQL.format(**_tables()),
            [RequestStatus.OVERDUE.value, today, now, today,
             RequestEvent.Kind.OVERDUE.value, today, now])


def requests_overdue_sweep(*, today: date) -> int:
    """Mark every awaiting request whose deadline is before `today` overdue (overdue_on =
    today), with its RequestEvent; returns how many. Idempotent."""
    now = timezone.now()
    names = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement: the rows the UPDATE changed feed the INSERT.
            cursor.execute(*sweep_sql(today=today, now=now))
            swept = cursor.rowcount
        else:
            # SQLite: the IMMEDIATE transaction took the write lock at its start, so both
            # statements see the same rows; the events first, while the rows still qualify.
            cursor.execute(_EVENTS.format(**names),
                           [RequestEvent.Kind.OVERDUE.value, today, now, today])
            swept = cursor.rowcount
            cursor.execute(_UPDATE.format(**names),
                           [RequestStatus.OVERDUE.value, today, now, today])
            if cursor.rowcount != swept:  # only if another writer broke in: undo both
                raise RuntimeError(f"overdue sweep: {cursor.rowcount} requests marked, "
                                   f"{swept} events written")
        if swept:
            audit_append(action="rights.requests_overdue", actor=None,
                         data={"on": today.isoformat(), "requests": swept})
    return swept

