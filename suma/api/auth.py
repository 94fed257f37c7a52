"""API authentication: a personal token (Authorization: Bearer suma_…) or the session."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from suma.core.tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class MemberSession(SessionAuth):
    """The signed-in session, with CSRF checked on writes (ninja's default)."""


# Endpoints for members accept either; public endpoints accept anyone.
member_auth = [TokenAuth(), MemberSession()]


def optional_user(request: HttpRequest):
    """For public endpoints: the token's user when one is sent, else the session's."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = api_token_user(header[7:].strip())
        if user is not None:
            request.user = user
    return request.user
