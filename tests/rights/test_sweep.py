"""The overdue sweep: awaiting requests past their deadline become overdue, once, in one
statement, and a request answered while it runs is left answered.

The requests are stored directly (rows shaped as the request services write them): the
sweep reads nothing but their status and stored deadline.
"""

import threading
import time
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from suma.campaigns.models import Organisation, OrganisationKind
from suma.core.models import AuditEntry
from suma.rights.models import DataRequest, RequestEvent, RequestStatus
from suma.rights.sweep import requests_overdue_sweep, sweep_sql
from tests.conftest import build_world

TODAY = date(2026, 3, 2)


def controller() -> Organisation:
    return Organisation.objects.create(name="Uber B.V.", kind=OrganisationKind.COMPANY,
                                       country="NL", is_controller=True,
                                       email="privacy@uber.example")


def make_request(world, org, n: int, status: str, deadline: date | None) -> DataRequest:
    return DataRequest.objects.create(
        union=world.union, member=world.member, controller=org, kinds=["access"],
        language="en", reference=f"SUMA-T{n:04d}", channel="email", status=status,
        sent_on=TODAY - timedelta(days=40), deadline=deadline)


def overdue_events(request: DataRequest) -> list[RequestEvent]:
    return list(RequestEvent.objects.filter(request=request, kind=RequestEvent.Kind.OVERDUE))


@pytest.fixture
def org(db):
    return controller()


def test_awaiting_requests_past_their_deadline_become_overdue_with_one_event_each(world, org):
    late = [make_request(world, org, n, status, TODAY - timedelta(days=1 + n))
            for n, status in enumerate(["sent", "acknowledged", "extended"])]

    assert requests_overdue_sweep(today=TODAY) == 3

    for request in late:
        request.refresh_from_db()
        assert request.status == RequestStatus.OVERDUE
        assert request.overdue_on == TODAY
        [event] = overdue_events(request)
        assert event.on == TODAY and event.by is None
    entry = AuditEntry.objects.get(action="rights.requests_overdue")
    assert entry.data == {"on": TODAY.isoformat(), "requests": 3}


def test_requests_still_in_time_answered_or_without_a_deadline_are_left_alone(world, org):
    untouched = [
        make_request(world, org, 1, "sent", TODAY),  # the last day: not late yet
        make_request(world, org, 2, "extended", TODAY + timedelta(days=30)),
        make_request(world, org, 3, "sent", None),  # receipt not known: no deadline yet
        make_request(world, org, 4, "draft", TODAY - timedelta(days=5)),
        make_request(world, org, 5, "complete", TODAY - timedelta(days=5)),
        make_request(world, org, 6, "incomplete", TODAY - timedelta(days=5)),
        make_request(world, org, 7, "reminded", TODAY - timedelta(days=5)),
        make_request(world, org, 8, "complaint", TODAY - timedelta(days=5)),
        make_request(world, org, 9, "withdrawn", TODAY - timedelta(days=5)),
    ]

    assert requests_overdue_sweep(today=TODAY) == 0

    for request in untouched:
        before = request.status
        request.refresh_from_db()
        assert request.status == before and request.overdue_on is None
    assert not RequestEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="rights.requests_overdue").exists()


def test_sweeping_twice_marks_nothing_more_and_keeps_the_first_date(world, org):
    request = make_request(world, org, 1, "acknowledged", TODAY - timedelta(days=3))

    assert requests_overdue_sweep(today=TODAY) == 1
    assert requests_overdue_sweep(today=TODAY) == 0
    assert requests_overdue_sweep(today=TODAY + timedelta(days=1)) == 0

    request.refresh_from_db()
    assert request.overdue_on == TODAY
    assert len(overdue_events(request)) == 1


def test_the_next_day_sweeps_the_requests_whose_last_day_was_today(world, org):
    request = make_request(world, org, 1, "sent", TODAY)

    assert requests_overdue_sweep(today=TODAY) == 0
    assert requests_overdue_sweep(today=TODAY + timedelta(days=1)) == 1

    request.refresh_from_db()
    assert request.status == RequestStatus.OVERDUE
    assert request.overdue_on == TODAY + timedelta(days=1)


def test_the_sweep_reads_the_partial_index_of_awaiting_deadlines(world, org):
    for n in range(30):
        make_request(world, org, n, "sent", TODAY + timedelta(days=n - 10))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a table this small a sequential scan is cheaper: forbid it to see that the
            # index can serve the statement (its WHERE implies the index's predicate).
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = sweep_sql(today=TODAY)
            cursor.execute("EXPLAIN " + sql, params)
        else:
            from suma.rights.sweep import _UPDATE, _tables

            cursor.execute("EXPLAIN QUERY PLAN " + _UPDATE.format(**_tables()),
                           ["overdue", TODAY, TODAY, TODAY])
        plan = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
    assert "request_awaiting_deadline" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_a_request_answered_while_the_sweep_runs_is_not_marked_overdue():
    world = build_world()
    org = controller()
    answered = make_request(world, org, 1, "sent", TODAY - timedelta(days=2))
    late = make_request(world, org, 2, "extended", TODAY - timedelta(days=2))
    holding, release = threading.Event(), threading.Event()
    swept: list[int] = []
    errors: list[BaseException] = []

    def answer() -> None:
        try:
            with transaction.atomic():
                DataRequest.objects.filter(pk=answered.pk).update(
                    status=RequestStatus.COMPLETE, answered_on=TODAY)
                holding.set()
                release.wait(10)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
            holding.set()
        finally:
            connection.close()

    def sweep() -> None:
        try:
            swept.append(requests_overdue_sweep(today=TODAY))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    answering = threading.Thread(target=answer)
    answering.start()
    assert holding.wait(10)
    sweeping = threading.Thread(target=sweep)
    sweeping.start()
    time.sleep(0.5)
    # The answer holds its lock (the row on PostgreSQL, the database on SQLite): the sweep waits.
    assert sweeping.is_alive() and not errors
    release.set()
    answering.join(10)
    sweeping.join(20)

    assert not errors and swept == [1]
    answered.refresh_from_db()
    late.refresh_from_db()
    assert answered.status == RequestStatus.COMPLETE and answered.overdue_on is None
    assert not overdue_events(answered)
    assert late.status == RequestStatus.OVERDUE and len(overdue_events(late)) == 1
