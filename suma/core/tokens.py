"""Personal API tokens: created once, stored as a SHA-256, checked on every API call."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

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
    """The active user a token belongs to, or None."""
    if not key.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
