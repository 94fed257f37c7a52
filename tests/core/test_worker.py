"""The background worker: jobs run once committed, retry with backoff, survive a killed worker,
and periodic jobs run once per period however many workers run (docs/jobs.md).

The tests marked slow start real `suma worker` processes on the test database. On SQLite
that needs a file database: run them with SUMA_TEST_DATABASE_NAME=/some/file.sqlite3.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from suma.core.models import JobAttempt, Notification, PeriodicRun, WorkerHeartbeat
from suma.core.notifications import notify, unsubscribe_read
from suma.core.periodic import EPOCH, period_start
from suma.core.tasks import notification_email_send
from suma.core.worker import backoff_seconds, claim_next, reap_dead_workers
from tests.conftest import make_user, outbox_messages
from tests.core import jobs_for_tests as jobs

ROOT = Path(__file__).resolve().parents[2]
EMAIL_TASK = "suma.core.tasks.notification_email_send"
TICK_TASK = "tests.core.periodic_jobs_for_tests.tick"


def job_of(result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result.id)


def attempts_of(result) -> int:
    attempt = JobAttempt.objects.filter(task_result_id=str(result.id)).first()
    return attempt.attempts if attempt else 0


def let_time_pass(result) -> None:
    """Make a job waiting for its retry ready now, as if its backoff had elapsed."""
    DBTaskResult.objects.filter(pk=result.id).update(
        run_after=timezone.now() - timedelta(seconds=1))


# Notification emails ---------------------------------------------------------------------


def test_a_notification_is_emailed_by_a_job_enqueued_when_its_transaction_commits(
        settings, run_jobs, django_capture_on_commit_callbacks):
    user = make_user("achieng@example.org", "Achieng Atieno")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notification = notify(user=user, category="union", title="The vote opens today",
                                  url="/proposals/1/")
        assert not DBTaskResult.objects.filter(task_path=EMAIL_TASK).exists()
    job = DBTaskResult.objects.get(task_path=EMAIL_TASK)
    assert outbox_messages(settings) == []

    run_jobs()

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    [message] = outbox_messages(settings)
    assert message["To"] == "achieng@example.org"
    assert "The vote opens today" in message["Subject"]
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/notifications/unsubscribe/")
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe_read(token) == (user.pk, "union")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_notification_email_is_sent_once_even_when_its_job_runs_twice(settings, run_jobs):
    user = make_user("juma@example.org", "Juma Hassan")
    notification = notify(user=user, category="union", title="Strike vote tonight")
    first = notification_email_send.enqueue(notification.pk)
    run_jobs()
    second = notification_email_send.enqueue(notification.pk)
    run_jobs()

    assert job_of(first).status == TaskResultStatus.SUCCESSFUL
    assert job_of(second).status == TaskResultStatus.SUCCESSFUL
    assert len(outbox_messages(settings)) == 1


def test_no_email_job_is_enqueued_when_the_notifying_transaction_rolls_back(
        db, django_capture_on_commit_callbacks):
    user = make_user("olu@example.org", "Olu Outsider")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(user=user, category="union", title="Never sent")
            raise RuntimeError("the service failed after notifying")
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=EMAIL_TASK).exists()


# Retries ---------------------------------------------------------------------------------


def test_a_failing_job_is_retried_with_growing_backoff_then_marked_failed(
        settings, run_jobs, tmp_path):
    settings.SUMA_JOB_MAX_ATTEMPTS = 4
    trace = tmp_path / "flaky.txt"
    result = jobs.flaky.enqueue(str(trace), failures=100)
    delays = []
    for attempt in range(1, 4):
        before = timezone.now()
        run_jobs()
        job = job_of(result)
        assert job.status == TaskResultStatus.READY
        assert attempts_of(result) == attempt
        delay = (job.run_after - before).total_seconds()
        assert 0.75 * 2 ** attempt - 0.5 <= delay <= 1.25 * 2 ** attempt + 0.5
        delays.append(delay)

        run_jobs()  # too early: the retry waits for its time
        assert len(trace.read_text().splitlines()) == attempt
        let_time_pass(result)

    run_jobs()

    assert delays == sorted(delays) and len(set(delays)) == 3
    job = job_of(result)
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "builtins.RuntimeError"
    assert "planned failure 4" in job.traceback
    assert attempts_of(result) == 4
    assert len(job.worker_ids) == 4
    assert len(trace.read_text().splitlines()) == 4
    assert JobAttempt.objects.get(task_result_id=str(result.id)).last_error == \
        "RuntimeError: planned failure 4"
    run_jobs()
    assert len(trace.read_text().splitlines()) == 4  # failed for good: never run again


def test_a_job_that_fails_once_then_succeeds_ends_successful(settings, run_jobs, tmp_path):
    trace = tmp_path / "flaky.txt"
    result = jobs.flaky.enqueue(str(trace), failures=1)
    run_jobs()
    assert job_of(result).status == TaskResultStatus.READY
    let_time_pass(result)

    run_jobs()

    job = job_of(result)
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.return_value == "done"
    assert attempts_of(result) == 1
    assert trace.read_text().splitlines() == ["run 1", "run 2"]


def test_a_job_whose_task_no_longer_exists_fails_without_stopping_the_worker(
        settings, run_jobs, tmp_path):
    settings.SUMA_JOB_MAX_ATTEMPTS = 1
    gone = jobs.flaky.enqueue(str(tmp_path / "gone.txt"), failures=0)
    DBTaskResult.objects.filter(pk=gone.id).update(task_path="tests.core.no_such_module.job")
    fine = jobs.flaky.enqueue(str(tmp_path / "fine.txt"), failures=0)

    run_jobs()

    assert job_of(gone).status == TaskResultStatus.FAILED
    assert job_of(fine).status == TaskResultStatus.SUCCESSFUL


@given(attempt=st.integers(min_value=1, max_value=30))
def test_backoff_doubles_each_attempt_within_its_jitter_and_never_exceeds_ten_minutes(attempt):
    delay = backoff_seconds(attempt)
    base = min(600, 2 ** attempt)
    assert 0.75 * base <= delay <= 1.25 * base
    assert delay <= 750


# Dead workers ----------------------------------------------------------------------------


def running_job(tmp_path, *, held_by: str) -> DBTaskResult:
    result = jobs.flaky.enqueue(str(tmp_path / "held.txt"), failures=0)
    job = claim_next(worker_id=held_by)
    assert job is not None and job.pk == job_of(result).pk
    return job


def test_the_reaper_leaves_alone_a_job_whose_worker_is_alive(db, tmp_path):
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=timezone.now())
    job = running_job(tmp_path, held_by="alive")

    assert reap_dead_workers(lease_seconds=30, max_attempts=5) == 0

    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING
    assert job.worker_ids == ["alive"]


def test_the_reaper_queues_again_the_job_of_a_worker_whose_heartbeat_stopped(db, tmp_path):
    WorkerHeartbeat.objects.create(worker_id="dead",
                                   seen_at=timezone.now() - timedelta(seconds=31))
    job = running_job(tmp_path, held_by="dead")

    assert reap_dead_workers(lease_seconds=30, max_attempts=5) == 1

    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY
    assert JobAttempt.objects.get(task_result_id=str(job.pk)).last_error.startswith(
        "WorkerDied")
    assert claim_next(worker_id="next").pk == job.pk


def test_a_job_whose_workers_died_max_attempts_times_is_failed_instead_of_looping(
        db, tmp_path):
    job = running_job(tmp_path, held_by="victim-1")  # no heartbeat at all: gone
    for death in range(1, 4):
        assert reap_dead_workers(lease_seconds=30, max_attempts=3) == 1
        job.refresh_from_db()
        if death < 3:
            assert job.status == TaskResultStatus.READY
            assert claim_next(worker_id=f"victim-{death + 1}").pk == job.pk

    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "suma.core.worker.WorkerDied"
    assert "3 times" in job.traceback
    assert job.worker_ids == ["victim-1", "victim-2", "victim-3"]
    assert claim_next(worker_id="another") is None
    assert reap_dead_workers(lease_seconds=30, max_attempts=3) == 0


# Periods ---------------------------------------------------------------------------------


@given(now=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2200, 1, 1),
                        timezones=st.sampled_from([UTC, dt_timezone(timedelta(hours=-4)),
                                                   dt_timezone(timedelta(hours=5, minutes=30))])),
       every=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=40)))
def test_a_period_starts_at_or_before_now_within_one_period_on_a_shared_grid(now, every):
    start = period_start(now, every)
    assert start <= now < start + every
    assert (start - EPOCH) % every == timedelta(0)
    assert period_start(start, every) == start
    assert period_start(start + every, every) == start + every


def test_a_daily_period_starts_at_midnight_utc():
    now = datetime(2031, 5, 17, 23, 59, 59, tzinfo=dt_timezone(timedelta(hours=2)))
    assert period_start(now, timedelta(days=1)) == datetime(2031, 5, 17, tzinfo=UTC)


# Real worker processes -------------------------------------------------------------------


def database_url() -> str:
    """The URL of the test database this process uses, for a worker process to open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def wait_until(condition: Callable[[], object], *, timeout: float, what: str,
               logs: Callable[[], str]) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{logs()}")


class Workers:
    """Starts `suma worker` processes on the test database; stops them all at the end."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        self.processes: list[subprocess.Popen] = []

    def start(self, *, periodic_test_job: bool = False,
              lease_seconds: int = 2) -> subprocess.Popen:
        args = ["worker", "--interval", "0.2"]
        if periodic_test_job:
            # The test's periodic job must be registered before the worker's first loop.
            command = [sys.executable, "-c",
                       "import django, sys; django.setup(); "
                       "import tests.core.periodic_jobs_for_tests; "
                       f"from suma.cli import main; sys.exit(main({args!r}))"]
        else:
            command = [sys.executable, "-m", "suma.cli", *args]
        log = open(self.folder / f"worker-{len(self.processes) + 1}.log", "wb")  # noqa: SIM115
        env = {**self.env, "SUMA_JOB_LEASE_SECONDS": str(lease_seconds)}
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        log.close()
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                         for path in sorted(self.folder.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=45)  # a loaded machine stops slowly
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(transactional_db, tmp_path) -> Iterator[Workers]:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("worker processes cannot open an in-memory test database: "
                    "set SUMA_TEST_DATABASE_NAME to a file path")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SUMA_", "PYTEST_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "suma.settings",
        "SUMA_DATABASE_URL": database_url(),
        "SUMA_SECRET_KEY": "test-worker-secret",
        "SUMA_DATA_DIR": str(tmp_path / "data"),
        "SUMA_OUTBOX_DIR": str(tmp_path / "outbox"),
        "SUMA_TEST_TICKS": str(tmp_path / "ticks.txt"),
        "SUMA_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    })
    folder = tmp_path / "workers"
    folder.mkdir()
    started = Workers(folder, env)
    yield started
    started.stop_all()  # before the database is flushed or dropped


@pytest.mark.slow
@pytest.mark.xdist_group("workers")
def test_a_job_whose_worker_is_killed_mid_run_is_run_to_completion_by_another_worker(
        workers, tmp_path):
    trace = tmp_path / "slow.txt"
    result = jobs.slow_the_first_time.enqueue(str(trace), seconds=120)
    first = workers.start()
    wait_until(lambda: trace.exists() and "started" in trace.read_text(), timeout=30,
               what="the first worker to start the job", logs=workers.logs)

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert job_of(result).status == TaskResultStatus.RUNNING  # held by a dead worker
    second = workers.start()

    job = wait_until(
        lambda: DBTaskResult.objects.filter(pk=result.id,
                                            status=TaskResultStatus.SUCCESSFUL).first(),
        timeout=30, what="the second worker to finish the job", logs=workers.logs)

    assert len(job.worker_ids) == 2
    assert f"-{first.pid}-" in job.worker_ids[0]
    assert f"-{second.pid}-" in job.worker_ids[1]
    assert job.return_value == second.pid
    assert trace.read_text().splitlines() == [
        f"started {first.pid}", f"started {second.pid}", f"finished {second.pid}"]
    assert attempts_of(result) == 1  # one run lost to the dead worker


@pytest.mark.slow
@pytest.mark.xdist_group("workers")
def test_a_periodic_job_runs_once_per_period_with_two_workers_running(workers, tmp_path):
    # A long lease: on a loaded machine a short one could take a live worker for dead.
    pair = [workers.start(periodic_test_job=True, lease_seconds=30) for _ in range(2)]
    wait_until(lambda: WorkerHeartbeat.objects.count() == 2, timeout=30,
               what="both workers to beat", logs=workers.logs)

    def ticked() -> int:
        return DBTaskResult.objects.filter(task_path=TICK_TASK,
                                           status=TaskResultStatus.SUCCESSFUL).count()

    wait_until(lambda: ticked() >= 4, timeout=30, what="four periods to pass",
               logs=workers.logs)
    assert all(process.poll() is None for process in pair), workers.logs()
    workers.stop_all()
    # SIGTERM: a clean stop (the workers' logs say why, if not)
    assert [process.returncode for process in pair] == [0, 0], workers.logs()
    assert not WorkerHeartbeat.objects.exists()

    runs = list(PeriodicRun.objects.filter(name=TICK_TASK).order_by("period_start"))
    jobs_run = DBTaskResult.objects.filter(task_path=TICK_TASK)
    assert sorted(str(job.pk) for job in jobs_run) == sorted(run.task_result_id for run in runs)
    assert all(run.period_start == period_start(run.period_start, timedelta(seconds=1))
               for run in runs)
    assert len({run.period_start for run in runs}) == len(runs)
    finished = jobs_run.filter(status=TaskResultStatus.SUCCESSFUL).count()
    assert len((tmp_path / "ticks.txt").read_text().splitlines()) == finished >= 4
