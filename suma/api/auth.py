"""API authentication: a personal token (Authorization: Bearer suma_…) or the session."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from suma.core.tokens import api_token_user


class TokenAuth(HttpBearer):
    """A personal token; browsers never send it on their own, so it needs no CSRF check."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class MemberSession(SessionAuth):
    """The signed-in session, with the CSRF token checked on writes.

    Without a signed-in user there is nothing to protect, so the CSRF check is skipped
    and the caller gets 401 (not a misleading 403 about CSRF).
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# Endpoints for members accept either; public endpoints accept anyone.
member_auth = [TokenAuth(), MemberSession()]
