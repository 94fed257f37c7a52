"""Email: the outbox backend of the embedded default, and notification emails."""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import timezone, translation


class OutboxBackend(BaseEmailBackend):
    """Writes each message as one .eml file in the outbox folder (SUMA_OUTBOX_DIR)."""

    def send_messages(self, email_messages) -> int:
        outbox = Path(settings.OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")
            name = f"{stamp}-{os.getpid()}-{id(message):x}.eml"
            tmp = outbox / f".{name}.tmp"
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(outbox / name)  # atomic: a reader never sees half a message
            sent += 1
        return sent


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send one notification by email, once; returns whether a message left."""
    from suma.core.models import Notification
    from suma.core.notifications import unsubscribe_token

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.user
    if not user.is_active:
        return False
    token = unsubscribe_token(user_id=user.pk, category=notification.category)
    unsubscribe_url = f"{settings.SITE_URL}/notifications/unsubscribe/{token}/"
    link = f"{settings.SITE_URL}{notification.url}" if notification.url.startswith("/") else ""
    with translation.override(user.language or "en"):
        context = {"notification": notification, "link": link, "unsubscribe_url": unsubscribe_url,
                   "user": user}
        text = render_to_string("core/email/notification.txt", context)
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}"
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " "), body=text, to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
