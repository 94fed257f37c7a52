"""Personal API tokens: created once, stored as a SHA-256, checked on every API call."""

import hashlib
import secrets
from datetime import UTC

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from suma.core.audit import audit_append
from suma.core.models import ApiToken

PREFIX = "suma_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    key = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:12],
                                        key_hash=_hash(key))
        audit_append(action="api_token.created", actor=user, obj=token)
    return token, key


def api_token_revoke(*, user, token_id: int) -> bool:
    with transaction.atomic():
        deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
        if deleted:
            audit_append(action="api_token.revoked", actor=user, data={"token_id": token_id})
    return bool(deleted)


def api_token_user(key: str):
    """The active user a token belongs to, or None.

    Checked on every API call, so read in one plain SQL join (no query building)."""
    if not key.startswith(PREFIX):
        return None
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found = list(user_model.objects.raw(
        f"SELECT u.*, t.id AS token_id, t.last_used_at AS token_last_used "
        f"FROM {user_model._meta.db_table} u JOIN {ApiToken._meta.db_table} t "
        f"ON t.user_id = u.id WHERE t.key_hash = %s", [_hash(key)]))
    if not found or not found[0].is_active:
        return None
    user = found[0]
    last_used = user.token_last_used
    if isinstance(last_used, str):  # SQLite may hand back the text
        last_used = parse_datetime(last_used)
    if last_used is not None and timezone.is_naive(last_used):
        last_used = timezone.make_aware(last_used, UTC)  # stored in UTC
    now = timezone.now()
    if last_used is None or (now - last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
    return user
