"""Background jobs of petitions: fetch by id, call the service."""

from datetime import timedelta

from django_tasks import task

from suma.core.periodic import periodic


@task()
def signature_confirmations_send() -> int:
    from suma.tactics.petitions.services import signature_confirmations_send as send

    return send()


@task()
def milestone_notify(milestone_id: int) -> int:
    from suma.tactics.petitions.models import Milestone
    from suma.tactics.petitions.services import milestone_notify_signers

    milestone = Milestone.objects.select_related("petition__campaign", "petition__union") \
        .filter(pk=milestone_id).first()
    return milestone_notify_signers(milestone=milestone) if milestone else 0


@periodic(every=timedelta(minutes=5))
@task()
def petitions_housekeeping() -> dict:
    """Every 5 minutes: close petitions whose date passed; check milestones once more; send
    any confirmation email still owed."""
    from suma.tactics.petitions.models import Petition, PetitionStatus
    from suma.tactics.petitions.services import (
        milestones_check,
        petitions_close_due,
        signature_confirmations_send,
    )

    reached = 0
    for petition in Petition.objects.filter(status=PetitionStatus.OPEN,
                                            milestones__reached_at__isnull=True).distinct():
        reached += len(milestones_check(petition=petition))
    return {"closed": petitions_close_due(), "milestones": reached,
            "confirmations": signature_confirmations_send()}


@periodic(every=timedelta(days=1))
@task()
def petitions_anonymise() -> int:
    """Daily: erase visitors' names, emails and postcodes once a petition has been closed
    for its anonymise_after_days."""
    from suma.tactics.petitions.services import petitions_anonymise as anonymise

    return anonymise()
