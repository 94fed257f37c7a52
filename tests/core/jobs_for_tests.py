"""Background jobs that only tests enqueue (django-tasks needs tasks at module level).

Each job keeps its own trace in a file the test names, one line per event, so a test can
see what ran, how often and in which process, whichever process ran it.
"""

import os
import time
from pathlib import Path

from django_tasks import task


def _runs(path: str) -> list[str]:
    file = Path(path)
    return file.read_text().splitlines() if file.exists() else []


def _note(path: str, line: str) -> None:
    # One short append per line: atomic, so two processes never interleave a line.
    with open(path, "a") as file:
        file.write(line + "\n")


@task()
def flaky(path: str, failures: int) -> str:
    """Raises the first `failures` times it runs, then succeeds."""
    runs = len(_runs(path))
    _note(path, f"run {runs + 1}")
    if runs < failures:
        raise RuntimeError(f"planned failure {runs + 1}")
    return "done"


@task()
def slow_the_first_time(path: str, seconds: float) -> int:
    """Notes that it started, sleeps `seconds` on its first run only, notes that it finished."""
    first = not any(line.startswith("started") for line in _runs(path))
    _note(path, f"started {os.getpid()}")
    if first:
        time.sleep(seconds)
    _note(path, f"finished {os.getpid()}")
    return os.getpid()
