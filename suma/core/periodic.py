"""Periodic jobs: each runs once per period, however many workers are running.

A worker that wakes up computes the current period's start and inserts a PeriodicRun row for
it; the unique constraint on (name, period_start) lets exactly one insert win, and only the
winner enqueues the job.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone



@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    task: object  # a django_tasks Task


PERIODIC: dict[str, Periodic] = {}


def periodic(*, every: timedelta):
    """Register a django_tasks Task to be enqueued once every period."""

    def register(task):
        PERIODIC[task.module_path] = Periodic(task.module_path, every, task)
        return task

    return register


def period_start(now: datetime, every: timedelta) -> datetime:
    """The start of the period containing `now`, periods counted from 2000-01-01 UTC."""
    from datetime import UTC

    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    periods = (now - epoch) // every
    return epoch + periods * every


def periodic_schedule(*, now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose current period has not run; returns their names."""
    from suma.core.models import PeriodicRun

    now = now or timezone.now()
    enqueued = []
    for job in PERIODIC.values():
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
