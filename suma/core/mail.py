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


def notification_digests_deliver() -> int:
    """Mail each member one digest of their pending notifications of digest categories.

    Each member's pending rows are locked and marked in one transaction with the sending, so
    two workers never mail the same notification twice; returns how many digests left.
    """
    from django.db import transaction

    from suma.core.models import Notification

    user_ids = list(Notification.objects.filter(digest=True, emailed_at__isnull=True)
                    .values_list("user_id", flat=True).distinct().order_by())
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            sent += _digest_deliver(user_id)
    return sent


def _digest_deliver(user_id: int) -> int:
    from suma.core import notifications as notes
    from suma.core.models import Notification

    pending = list(Notification.objects.select_for_update().filter(
        user_id=user_id, digest=True, emailed_at__isnull=True).order_by("created_at", "id"))
    if not pending:
        return 0  # another worker sent them
    user = pending[0].user
    prefs = notes.preferences_for(user)
    wanted = [n for n in pending if n.category in notes.DIGESTS
              and prefs.get(n.category, (True, True))[1]]
    groups = []
    with translation.override(user.language or "en"):
        by_category: dict[str, list] = {}
        for n in wanted:
            by_category.setdefault(n.category, []).append(n)
        for category, found in by_category.items():
            grouper = notes.DIGESTS[category]
            if grouper is not None:
                groups += grouper(user=user, notifications=found)
            else:
                token = notes.unsubscribe_token(user_id=user.pk, category=category)
                groups.append(notes.DigestGroup(
                    title=str(notes.CATEGORIES[category]), items=found,
                    unsubscribe_url=f"{settings.SITE_URL}/notifications/unsubscribe/{token}/"))
        groups = [g for g in groups if g.items]
        mailed = {n.pk for g in groups for n in g.items}
        now = timezone.now()
        # What no group took (unsubscribed since, or email turned off) is never mailed.
        Notification.objects.filter(pk__in=[n.pk for n in pending if n.pk not in mailed]) \
            .update(digest=False)
        if not groups or not user.is_active:
            Notification.objects.filter(pk__in=mailed).update(digest=False)
            return 0
        for group in groups:
            group.url = _absolute(group.url)
            for n in group.items:
                n.link = _absolute(n.url)
                n.link = "" if n.link == group.url else n.link  # said once, above
        category = groups[0].items[0].category
        token = notes.unsubscribe_token(user_id=user.pk, category=category)
        unsubscribe_url = f"{settings.SITE_URL}/notifications/unsubscribe/{token}/"
        context = {"groups": groups, "user": user, "count": len(mailed),
                   "unsubscribe_url": unsubscribe_url,
                   "settings_url": f"{settings.SITE_URL}/notifications/settings/"}
        text = render_to_string("core/email/digest.txt", context)
        subject = render_to_string("core/email/digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}".replace("\n", " "),
        body=text, to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    message.send()
    Notification.objects.filter(pk__in=mailed).update(emailed_at=now)
    return 1


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url
