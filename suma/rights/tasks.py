"""Background jobs of data-rights requests: the daily round of deadlines."""

from datetime import timedelta

from django_tasks import task

from suma.core.periodic import periodic


def requests_daily(*, today) -> dict:
    """Mark the requests whose deadline passed as overdue (one set-based sweep), tell their
    members, remind members of deadlines a week away and today, close drives whose date
    passed."""
    from suma.rights import notifications, services
    from suma.rights.sweep import requests_overdue_sweep

    return {"overdue": requests_overdue_sweep(today=today),
            "overdue_told": notifications.overdue_notify(today=today),
            "reminded": notifications.deadline_reminders_send(today=today),
            "drives_closed": services.drives_close_due()}


@periodic(every=timedelta(days=1))
@task()
def rights_daily() -> dict:
    from suma.rights.services import current_date

    return requests_daily(today=current_date())
