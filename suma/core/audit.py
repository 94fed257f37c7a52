"""Appending to and verifying the audit chain."""

from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from suma.core import chain
from suma.core.models import AuditEntry

# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises appends.
_APPEND_LOCK = 0x53554D41_41554454


def audit_append(*, action: str, actor: Any = None, obj: Model | None = None,
                 data: dict | None = None) -> AuditEntry:
    """Append one entry; call inside the transaction whose change it records."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])
        # On SQLite the IMMEDIATE transaction already holds the write lock.
        last = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_label=str(getattr(actor, "email", "") or "system") if actor is not None
            else "system",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            data=data or {},
            prev_hash=last.hash if last else chain.GENESIS,
        )
        # Round-trip through JSON so the hash covers what the database stores.
        entry.data = chain.json.loads(chain.canonical(entry.data))
        entry.hash = chain.entry_hash(entry.prev_hash, entry.content())
        entry.save(force_insert=True)
        return entry


def _rows(batch: int = 2000) -> Iterator[tuple[int, str, str, dict]]:
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch):
        yield entry.seq, entry.prev_hash, entry.hash, entry.content()


def audit_verify() -> chain.Break | None:
    """The first tampered entry, or None when the whole chain holds."""
    return chain.verify(_rows())


def audit_chain_check_and_alert() -> bool:
    """Verify the chain; if broken, notify every steward. True when the chain holds."""
    from suma.core.notifications import notify
    from suma.members.models import Membership, UnionRole

    broken = audit_verify()
    if broken is None:
        return True
    from django.utils.translation import gettext_lazy as _

    from suma.core.i18n import interpolate_lazy

    for membership in Membership.objects.filter(role=UnionRole.STEWARD).select_related("user"):
        notify(user=membership.user, category="union",
               title=interpolate_lazy(_("The audit chain is broken at entry %(seq)s"),
                                      {"seq": broken.seq}),
               body=broken.reason, url="/audit/?verify=1")
    return False
