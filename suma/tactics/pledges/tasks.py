"""Background jobs of pledges: fetch by id, call the service."""

from datetime import timedelta

from django_tasks import task

from suma.core.periodic import periodic


@task()
def pledge_announce(pledge_id: int, event: str) -> int:
    from suma.tactics.pledges.models import Pledge
    from suma.tactics.pledges.services import pledge_announce_send

    pledge = Pledge.objects.select_related("union", "campaign").get(pk=pledge_id)
    return pledge_announce_send(pledge=pledge, event=event)


@periodic(every=timedelta(minutes=1))
@task()
def pledges_advance() -> dict:
    """Every minute: fail pledges short at their deadline, start and finish windows."""
    from suma.tactics.pledges.services import pledges_advance as advance

    return advance()


@periodic(every=timedelta(minutes=15))
@task()
def pledges_remind() -> dict:
    """Deadline reminders, daily check-in prompts and the organisers' nudges, each once."""
    from suma.tactics.pledges.services import pledges_remind as remind

    return remind()
