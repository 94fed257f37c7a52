"""Background jobs of escalation: fetch by id, call the service."""

from django_tasks import task


@task()
def followup_email_send(event_id: int) -> bool:
    from suma.rights.escalation import followup_email_deliver

    return followup_email_deliver(event_id=event_id)


@task()
def dossier_pdf_make(complaint_id: int) -> bool:
    from suma.rights.escalation import dossier_pdf_make as make
    from suma.rights.models import Complaint

    complaint = Complaint.objects.filter(pk=complaint_id).first()
    return make(complaint=complaint) if complaint else False


@task()
def complaint_lodged_notify(complaint_id: int) -> int:
    from suma.rights.escalation import complaint_lodged_notify_members
    from suma.rights.models import Complaint

    complaint = Complaint.objects.select_related("union", "controller", "authority") \
        .filter(pk=complaint_id).first()
    return complaint_lodged_notify_members(complaint=complaint) if complaint else 0
