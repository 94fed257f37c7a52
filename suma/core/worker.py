"""The background worker: runs django.tasks jobs stored by django-tasks-db, with leases,
retries and periodic jobs (docs/jobs.md).

- A worker announces itself in WorkerHeartbeat and refreshes it from a thread. A RUNNING job
  whose worker's heartbeat is older than SUMA_JOB_LEASE_SECONDS belongs to a dead worker: the
  next worker puts it back to READY, and it runs again.
- A job that raises is retried with exponential backoff (2, 4, 8 … seconds, at most 10
  minutes, with jitter). Each failed run counts as an attempt, whether the job raised or its
  worker died; after SUMA_JOB_MAX_ATTEMPTS the job is marked FAILED, so a job that kills its
  worker every time (a poison job) does not loop forever.
- Every loop also enqueues the periodic jobs whose period has come (suma.core.periodic).
"""

import importlib
import logging
import os
import random
import signal
import socket
import threading
import uuid
from datetime import timedelta
from types import FrameType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from suma.core.models import JobAttempt, WorkerHeartbeat
from suma.core.periodic import periodic_schedule

logger = logging.getLogger("suma.worker")

MAX_BACKOFF = 600


class WorkerDied(Exception):
    """Recorded as a job's error when the worker running it stopped beating."""


def autodiscover_tasks() -> None:
    """Import every app's tasks module so its jobs and periodic registrations exist."""
    for config in apps.get_app_configs():
        if config.name.startswith("suma."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tasks":
                    raise


def backoff_seconds(attempt: int) -> float:
    """Delay before retry number `attempt` (1-based): 2^attempt s, capped, with ±25 % jitter."""
    base = min(MAX_BACKOFF, 2 ** attempt)
    return base * random.uniform(0.75, 1.25)  # noqa: S311 - jitter, not security


def _refresh_connection() -> None:
    # Outside a transaction only: inside one (tests run jobs in-process that way) Django
    # would take the test's transaction for a leaked one and close the connection under it.
    if not connection.in_atomic_block:
        close_old_connections()


def _attempt_failed(job: DBTaskResult, error: str) -> int:
    """Count one failed run of a job; returns the number of failed runs so far."""
    with transaction.atomic():
        attempt, _created = JobAttempt.objects.select_for_update().get_or_create(
            task_result_id=str(job.pk))
        attempt.attempts += 1
        attempt.last_error = error[:2000]
        attempt.save()
    return attempt.attempts


def reap_dead_workers(*, lease_seconds: int, max_attempts: int) -> int:
    """Put the jobs of workers whose heartbeat stopped back in the queue; returns how many.

    A job whose workers died max_attempts times is marked FAILED instead.
    """
    reaped = 0
    with exclusive_transaction():
        running = list(DBTaskResult.objects.select_for_update(skip_locked=True)
                       .filter(status=TaskResultStatus.RUNNING))
        # Read the heartbeats after locking the jobs: a worker beats before it claims, so
        # every holder of a job we locked has a heartbeat this later query can see.
        cutoff = timezone.now() - timedelta(seconds=lease_seconds)
        alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)
                    .values_list("worker_id", flat=True)) if running else set()
        for job in running:
            holder = job.worker_ids[-1] if job.worker_ids else None
            if holder in alive:
                continue
            failures = _attempt_failed(job, f"WorkerDied: the worker {holder} stopped "
                                            f"beating while running this job")
            if failures >= max_attempts:
                job.status = TaskResultStatus.FAILED
                job.finished_at = timezone.now()
                job.exception_class_path = f"{WorkerDied.__module__}.{WorkerDied.__qualname__}"
                job.traceback = (f"The workers running this job died {failures} times; "
                                 f"the last was {holder}.")
                job.save(update_fields=["status", "finished_at", "exception_class_path",
                                        "traceback"])
                logger.error("Job %s (%s) failed: its workers died %d times", job.pk,
                             job.task_path, failures)
            else:
                job.status = TaskResultStatus.READY
                job.save(update_fields=["status"])
                logger.warning("Job %s (%s) of dead worker %s is queued again", job.pk,
                               job.task_path, holder)
            reaped += 1
    WorkerHeartbeat.objects.filter(
        seen_at__lt=timezone.now() - timedelta(seconds=lease_seconds, hours=1)).delete()
    return reaped


def claim_next(*, worker_id: str) -> DBTaskResult | None:
    try:
        with exclusive_transaction():
            job = DBTaskResult.objects.ready().get_locked()
            if job is not None:
                job.claim(worker_id)
            return job
    except OperationalError as error:
        if is_locked_database_exception(error):
            return None
        raise


def run_job(job: DBTaskResult, *, max_attempts: int) -> bool:
    """Run one claimed job; on failure, schedule a retry or give up. True when it succeeded."""
    backend = None
    try:
        # Inside the try: a job whose task cannot be imported fails; the worker goes on.
        task = job.task
        result = job.task_result
        backend = type(task.get_backend())
        task_started.send(sender=backend, task_result=result)
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
        job.set_successful(value)
    except Exception as error:  # noqa: BLE001 - a job's failure must not stop the worker
        _refresh_connection()
        failures = _attempt_failed(job, f"{type(error).__name__}: {error}")
        if failures < max_attempts:
            delay = backoff_seconds(failures)
            DBTaskResult.objects.filter(pk=job.pk).update(
                status=TaskResultStatus.READY,
                run_after=timezone.now() + timedelta(seconds=delay))
            logger.warning("Job %s (%s) failed, attempt %d of %d; retry in %.0f s: %s",
                           job.pk, job.task_path, failures, max_attempts, delay, error)
            return False
        job.set_failed(error)
        logger.error("Job %s (%s) failed for good after %d attempts: %s", job.pk,
                     job.task_path, failures, error)
        if backend is not None:
            task_finished.send(sender=backend, task_result=job.task_result)
        return False
    task_finished.send(sender=backend, task_result=job.task_result)
    return True


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str, every: float) -> None:
        super().__init__(daemon=True, name="suma-heartbeat")
        self.worker_id = worker_id
        self.every = every
        self.stopped = threading.Event()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": timezone.now(), "hostname": socket.gethostname()[:200],
                      "pid": os.getpid()})

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                self.beat()
            except Exception:  # noqa: BLE001 - keep beating through a database hiccup
                logger.exception("Heartbeat failed")
            finally:
                connection.close()


def run_worker(*, batch: bool = False, interval: float = 1.0, worker_id: str | None = None,
               max_jobs: int | None = None) -> int:
    """Run jobs until stopped (or, with batch, until none is ready); returns jobs run."""
    autodiscover_tasks()
    worker_id = worker_id or f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    lease = settings.SUMA_JOB_LEASE_SECONDS
    max_attempts = settings.SUMA_JOB_MAX_ATTEMPTS
    heartbeat = Heartbeat(worker_id, every=max(0.5, lease / 3))
    heartbeat.beat()  # before the first claim: the reaper relies on it
    # Inside a transaction no other connection sees our heartbeat row: nothing to refresh.
    if not connection.in_atomic_block:
        heartbeat.start()
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():  # asked twice: stop now; the lease recovers the job
            raise KeyboardInterrupt
        logger.info("Worker %s stopping after the current job", worker_id)
        stopping.set()

    previous_handlers: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous_handlers[signum] = signal.signal(signum, stop)
    logger.info("Worker %s started", worker_id)
    ran = 0
    try:
        while not stopping.is_set():
            _refresh_connection()
            try:
                reap_dead_workers(lease_seconds=lease, max_attempts=max_attempts)
                periodic_schedule()
                job = claim_next(worker_id=worker_id)
            except DatabaseError:
                # The database went away or is busy: wait and try again, do not die.
                if connection.in_atomic_block:
                    raise
                logger.exception("Worker %s cannot reach the database; retrying", worker_id)
                connection.close()
                stopping.wait(max(interval, 1.0))
                continue
            if job is not None:
                run_job(job, max_attempts=max_attempts)
                ran += 1
                if max_jobs is not None and ran >= max_jobs:
                    break
                continue
            if batch:
                break
            stopping.wait(interval)
    finally:
        heartbeat.stopped.set()
        if heartbeat.is_alive():
            heartbeat.join(timeout=5)
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        for signum, handler in previous_handlers.items():  # run in-process: give them back
            signal.signal(signum, handler)
        logger.info("Worker %s stopped after %d jobs", worker_id, ran)
    return ran
