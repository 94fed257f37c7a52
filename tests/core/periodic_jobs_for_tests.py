"""A periodic job with a one-second period, for the worker processes a test starts.

Only those processes import this module (pytest itself never does), so the job is not
registered in the test process and no other test's worker ever runs it.
"""

import os
from datetime import timedelta

from django_tasks import task

from suma.core.periodic import periodic


@periodic(every=timedelta(seconds=1))
@task()
def tick() -> int:
    """Appends one line to the file named by SUMA_TEST_TICKS."""
    with open(os.environ["SUMA_TEST_TICKS"], "a") as file:
        file.write(f"{os.getpid()}\n")
    return os.getpid()
