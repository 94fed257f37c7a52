"""Personal API tokens: created once, stored as a SHA-256, checked on every API call."""

import hashlib
import secrets
from datetime import timedelta

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
    """The active user a token belongs to, or None; notes when the token was last used.

    Checked on every API call, so read in plain SQL (see suma.core.rows): on PostgreSQL one
    statement both reads the user and, at most once a minute, writes `last_used_at`."""
    if not key.startswith(PREFIX):
        return None
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    names = [f.name for f in user_model._meta.concrete_fields]
    now = timezone.now()
    when = ApiToken._meta.get_field("last_used_at").get_db_prep_value(now, connection)
    stale = ApiToken._meta.get_field("last_used_at").get_db_prep_value(
        now - timedelta(seconds=60), connection)
    tokens, users = ApiToken._meta.db_table, user_model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH touched AS (UPDATE {tokens} t SET last_used_at = %s FROM {users} u "
                f"WHERE t.key_hash = %s AND u.id = t.user_id AND u.is_active "
                f"AND (t.last_used_at IS NULL OR t.last_used_at < %s) RETURNING t.id) "
                f"SELECT {rows.columns(user_model, names, 'u')} FROM {users} u "
                f"JOIN {tokens} t ON t.user_id = u.id WHERE t.key_hash = %s",
                [when, _hash(key), stale, _hash(key)])
            row = cursor.fetchone()
            token_id = None
        else:
            cursor.execute(
                f"SELECT t.id, t.last_used_at, {rows.columns(user_model, names, 'u')} "
                f"FROM {users} u JOIN {tokens} t ON t.user_id = u.id WHERE t.key_hash = %s",
                [_hash(key)])
            found = cursor.fetchone()
            row, token_id = (found[2:], found[0]) if found else (None, None)
            if found is not None:
                last_used = rows.instance(ApiToken, ["id", "last_used_at"], found[:2]).last_used_at
                if last_used is not None and last_used >= now - timedelta(seconds=60):
                    token_id = None
    if row is None:
        return None
    user = rows.instance(user_model, names, row)
    if not user.is_active:
        return None
    if token_id is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {tokens} SET last_used_at = %s WHERE id = %s",
                           [when, token_id])
    return user
