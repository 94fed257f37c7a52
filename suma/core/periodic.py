"""Periodic jobs: each runs once per period, however many workers are running.

A worker that wakes up computes the current period's start and inserts a PeriodicRun row for
it; the unique constraint on (name, period_start) lets exactly one insert win, and only the
winner enqueues the job, in the same transaction. A period during which no worker ran is not
caught up: the job runs once, in the next period a worker sees.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

# Periods are counted from here, so every worker agrees on where they start and daily
# periods start at midnight UTC.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    task: Any  # a django_tasks Task that takes no arguments


PERIODIC: dict[str, Periodic] = {}


def periodic(*, every: timedelta) -> Callable[[Any], Any]:
    """Register a django_tasks Task (placed below this decorator) to run once every period."""
    if every <= timedelta(0):
        raise ValueError("a periodic job's period must be positive")

    def register(task: Any) -> Any:
        PERIODIC[task.module_path] = Periodic(task.module_path, every, task)
        return task

    return register


def period_start(now: datetime, every: timedelta) -> datetime:
    """The start of the period containing `now` (an aware datetime)."""
    return EPOCH + ((now - EPOCH) // every) * every


def periodic_schedule(*, now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose current period has not run; returns their names."""
    from suma.core.models import PeriodicRun

    now = now or timezone.now()
    enqueued = []
    for job in list(PERIODIC.values()):
        start = period_start(now, job.every)
        if PeriodicRun.objects.filter(name=job.name, period_start=start).exists():
            continue  # the usual case: this period's run is already enqueued
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(name=job.name, period_start=start)
                result = job.task.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker won this period
        enqueued.append(job.name)
    return enqueued
