"""Background jobs of decisions: fetch by id, call the service."""

from datetime import timedelta

from django_tasks import task

from suma.core.periodic import periodic


@task()
def proposal_announce(proposal_id: int, event: str) -> int:
    from suma.governance.models import Proposal, Voter
    from suma.governance.notifications import proposal_announce_to
    from suma.governance.services import eligible_user_ids

    proposal = Proposal.objects.select_related("union", "chapter").get(pk=proposal_id)
    roll = Voter.objects.filter(proposal=proposal)
    if event == "published":
        users = list(eligible_user_ids(proposal=proposal))
    elif event == "reminder":
        users = list(roll.filter(voted=False).values_list("user_id", flat=True))
    else:
        users = list(roll.values_list("user_id", flat=True))
    return proposal_announce_to(proposal=proposal, event=event, user_ids=users)


@periodic(every=timedelta(minutes=1))
@task()
def proposals_advance() -> dict:
    """Every minute: open votes whose discussion is over, close votes whose time is up."""
    from suma.governance.services import proposals_advance as advance

    return advance()


@periodic(every=timedelta(minutes=15))
@task()
def voting_reminders() -> int:
    """Remind members who have not voted, once, 24 hours before the close."""
    from suma.governance.services import voting_reminders_send

    return voting_reminders_send()
