"""Background jobs of the core: fetch by id, call the service."""

from datetime import timedelta

from django_tasks import task

from suma.core.mail import notification_email_deliver
from suma.core.periodic import periodic


@task()
def notification_email_send(notification_id: int) -> None:
    notification_email_deliver(notification_id=notification_id)


@periodic(every=timedelta(hours=1))
@task()
def notification_digests_send() -> int:
    """Hourly: mail each member one digest of their pending digest notifications."""
    from suma.core.mail import notification_digests_deliver

    return notification_digests_deliver()


@periodic(every=timedelta(days=1))
@task()
def audit_chain_check() -> bool:
    """Daily: verify the audit chain and tell the stewards if it is broken."""
    from suma.core.audit import audit_chain_check_and_alert

    return audit_chain_check_and_alert()


@periodic(every=timedelta(days=1))
@task()
def job_results_prune() -> int:
    """Daily: forget finished job results older than 30 days, with their retry bookkeeping.

    PeriodicRun rows stay: they are what keeps a long period's job from running twice.
    """
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from suma.core.models import JobAttempt

    cutoff = timezone.now() - timedelta(days=30)
    deleted, _rows = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    # Retries last minutes, not weeks: bookkeeping this old belongs to finished jobs.
    JobAttempt.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
