"""Background jobs of letters: fetch by id, call the service."""

from datetime import timedelta

from django_tasks import task

from suma.core.periodic import periodic


@task()
def letter_email_send(letter_id: int) -> bool:
    from suma.tactics.letters.services import letter_email_deliver

    return letter_email_deliver(letter_id=letter_id)


@periodic(every=timedelta(days=1))
@task()
def letters_questionnaires_send() -> int:
    """Daily: ask "did they reply?" about each letter sent 14 days ago or more, once."""
    from suma.tactics.letters.services import questionnaires_send

    return questionnaires_send()
