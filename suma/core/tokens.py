"""Personal API tokens: created once, stored as a SHA-256, checked on every API call."""

import hashlib
import secrets

from django.db import connection, transaction
from django.utils import timezone

from suma.core import rows
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

    Checked on every API call, so read in one plain SQL join (see suma.core.rows)."""
    if not key.startswith(PREFIX):
        return None
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    names = [f.name for f in user_model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.last_used_at, {rows.columns(user_model, names, 'u')} "
            f"FROM {user_model._meta.db_table} u JOIN {ApiToken._meta.db_table} t "
            f"ON t.user_id = u.id WHERE t.key_hash = %s", [_hash(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    user = rows.instance(user_model, names, row[2:])
    if not user.is_active:
        return None
    token = rows.instance(ApiToken, ["id", "last_used_at"], row[:2])
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ApiToken._meta.db_table} SET last_used_at = %s WHERE id = %s",
                [ApiToken._meta.get_field("last_used_at").get_db_prep_value(now, connection),
                 token.pk])
    return user
