"""Notifications: in-app rows and emails sent by a background job, per-category preferences."""

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suma.core.models import Notification, NotificationPreference

# Each capability registers its categories here; members choose per category.
CATEGORIES: dict[str, Promise] = {
    "membership": _("My memberships: welcomes and decisions on my applications"),
    "applications": _("New applications to chapters I organise"),
    "union": _("Announcements from my union"),
}

# Categories whose emails leave as a digest (see `notification_digests_deliver`), each with
# how it groups a member's pending notifications (None: one group for the category).
DIGESTS: dict[str, Callable[..., list["DigestGroup"]] | None] = {}

_UNSUBSCRIBE_SALT = "suma.notifications.unsubscribe"
_muted = threading.local()


@contextmanager
def notifications_muted():
    """Inside this block nobody is notified: for loading the demo and imports."""
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = False


@dataclass
class DigestGroup:
    """One heading of a digest email: its notifications, and a link to stop this group."""

    title: str
    items: list = field(default_factory=list)
    url: str = ""                # site-relative or absolute
    unsubscribe_url: str = ""    # absolute
    unsubscribe_label: str = ""


def register_category(key: str, label: Promise, *, digest: bool = False,
                      digest_groups: Callable[..., list[DigestGroup]] | None = None) -> None:
    """A category members choose to hear; with `digest`, its emails are batched: each
    notification is stored at once, and a periodic job mails every member one digest of
    those pending. `digest_groups(user=, notifications=)` splits a member's pending ones into
    groups (it may leave some out: they are then never mailed)."""
    CATEGORIES[key] = label
    if digest:
        DIGESTS[key] = digest_groups
    else:
        DIGESTS.pop(key, None)


def preferences_for(user) -> dict[str, tuple[bool, bool]]:
    """Category -> (in_app, email), defaults filled in."""
    stored = {p.category: (p.in_app, p.email)
              for p in NotificationPreference.objects.filter(user=user)}
    return {key: stored.get(key, (True, True)) for key in CATEGORIES}


def notification_list(*, user, unread: bool = False):
    """The notifications a member sees on the site: not those of categories turned off there."""
    hidden = [c for c, (in_app, _email) in preferences_for(user).items() if not in_app]
    qs = Notification.objects.filter(user=user).exclude(category__in=hidden)
    return qs.filter(read_at__isnull=True) if unread else qs


def notify(*, user, category: str, title: str | Promise, body: str | Promise = "",
           url: str = "", group: str = "") -> Notification | None:
    """Tell a user something; the email (if they want it) leaves after the commit, or with
    the next digest for a digest category (`group` says what it is about, for the digest)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown notification category {category!r}")
    if getattr(_muted, "on", False):
        return None
    pref = NotificationPreference.objects.filter(user=user, category=category).first()
    in_app, email = (pref.in_app, pref.email) if pref else (True, True)
    if not (in_app or email):
        return None

    digest = email and category in DIGESTS
    # Store the text in the recipient's language.
    with translation.override(user.language or translation.get_language() or "en"):
        notification = Notification.objects.create(
            user=user, category=category, title=str(title)[:300], body=str(body), url=url,
            group=group[:100], digest=digest,
            # Wanted only by email: born read, so it never shows as new on the site.
            read_at=None if in_app else timezone.now())
    if email and not digest:
        from suma.core.tasks import notification_email_send

        transaction.on_commit(lambda: notification_email_send.enqueue(notification.pk))
    return notification


def preference_set(*, user, category: str, in_app: bool, email: bool) -> NotificationPreference:
    if category not in CATEGORIES:
        from suma.core.errors import SumaError

        raise SumaError(_("Unknown notification category."), field="category")
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, category=category, defaults={"in_app": in_app, "email": email})
    return pref


def unsubscribe_token(*, user_id: int, category: str) -> str:
    return signing.dumps({"u": user_id, "c": category}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") not in CATEGORIES:
        return None
    return int(data["u"]), str(data["c"])


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
