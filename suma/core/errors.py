"""Errors a user can cause: expected outcomes that carry a translatable message."""

from django.utils.functional import Promise


class SumaError(Exception):
    """Bad input or a forbidden state change; views and the API turn it into a 4xx."""

    status = 400

    def __init__(self, message: str | Promise, *, field: str | None = None,
                 code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class NotAllowed(SumaError):
    status = 403

    def __init__(self, message: str | Promise, *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)


class NotFound(SumaError):
    status = 404

    def __init__(self, message: str | Promise, *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


class Conflict(SumaError):
    """The request clashes with what exists: a duplicate name, or asked too early (a result
    before the close)."""

    status = 409

    def __init__(self, message: str | Promise, *, field: str | None = None,
                 code: str = "conflict") -> None:
        super().__init__(message, field=field, code=code)
