"""Domain errors: what went wrong and what to do, with no transport in them.

The API maps each class to an `extensions.code` in one place (backend/api/errors.py).
"""

from __future__ import annotations


class SlipwayError(Exception):
    """Base of every error a person is meant to read."""

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class Unauthenticated(SlipwayError):
    """No identity, or one we cannot trust (missing, expired or forged token)."""


class Forbidden(SlipwayError):
    """The identity is known but its role does not allow the action."""


class NotFound(SlipwayError):
    """No such thing in the caller's tenant (also the answer for another tenant's ids)."""

    def __init__(self, kind: str, ident: object | None = None) -> None:
        what = f"{kind} {ident}" if ident is not None else kind
        super().__init__(f"{what} was not found.", kind=kind)


class Conflict(SlipwayError):
    """The request clashes with the current state (named in the message)."""


class BadInput(SlipwayError):
    """The request itself is wrong; the message says which field and why."""

    def __init__(self, message: str, *, field: str | None = None, **details: object) -> None:
        super().__init__(message, field=field, **details)
        self.field = field


class PayloadTooLarge(SlipwayError):
    """A body over the configured limit."""


class Unavailable(SlipwayError):
    """A backing service (Postgres, S3, broker) cannot be reached right now; retry later."""
