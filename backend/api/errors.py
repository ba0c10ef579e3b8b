"""The one place where domain and infrastructure errors become GraphQL error codes."""

from __future__ import annotations

import logging

import asyncpg
from botocore.exceptions import BotoCoreError
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from backend.kit import errors
from backend.kit.logging import request_id_var

log = logging.getLogger(__name__)

CODES: dict[type[errors.SlipwayError], str] = {
    errors.Unauthenticated: "UNAUTHENTICATED",
    errors.Forbidden: "FORBIDDEN",
    errors.NotFound: "NOT_FOUND",
    errors.Conflict: "CONFLICT",
    errors.BadInput: "BAD_USER_INPUT",
    errors.PayloadTooLarge: "PAYLOAD_TOO_LARGE",
    errors.Unavailable: "UNAVAILABLE",
}

# SQLSTATEs for text Postgres cannot store (U+0000 in text or jsonb): the caller's input, not our fault.
# The API refuses NUL before execution (api/input_checks.py); this catches any path that check misses.
_UNSTORABLE_TEXT = {"22021", "22P05"}  # character_not_in_repertoire, untranslatable_character

# Raised when Postgres or S3 cannot be reached: the caller should retry, nothing was written.
_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout, BotoCoreError, ConnectionError, TimeoutError, OSError)

# How Postgres says it is starting, stopping, restarting or out of connections: class 08 (connection
# exception), 57P01-57P03 (admin or crash shutdown, cannot connect now), 53300 (too many connections).
_AWAY_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
# statement_timeout expired (or an operator cancelled the query): transient, the transaction rolled back.
_QUERY_CANCELED = "57014"


def _postgres_away(exc: BaseException) -> bool:
    """True when `exc`, or what it wraps, says Postgres is away rather than that the query is wrong."""
    seen: BaseException | None = exc
    for _ in range(5):  # SQLAlchemy's error wraps the adapter's, which wraps asyncpg's
        if seen is None:
            return False
        sqlstate = getattr(seen, "sqlstate", None) or getattr(seen, "pgcode", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_AWAY_SQLSTATES):
            return True
        if isinstance(seen, asyncpg.InterfaceError) and "closed" in str(seen):
            return True  # "connection is closed": the server went away under us
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def _sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of `exc` or of what it wraps."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        sqlstate = getattr(seen, "sqlstate", None) or getattr(seen, "pgcode", None)
        if isinstance(sqlstate, str):
            return sqlstate
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def classify(exc: BaseException | None) -> tuple[str, str, dict[str, object]]:
    """(code, message, extra extensions) for an exception raised while executing."""
    if exc is None:
        return "BAD_USER_INPUT", "", {}
    if isinstance(exc, errors.SlipwayError):
        extra = {k: v for k, v in exc.details.items() if v is not None}
        return CODES.get(type(exc), _code_of_base(exc)), exc.message, extra
    if isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in _UNSTORABLE_TEXT:
        return "BAD_USER_INPUT", "A text value holds a character that cannot be stored (such as U+0000); remove it.", {}
    if _sqlstate(exc) == _QUERY_CANCELED:
        return (
            "UNAVAILABLE",
            "The database did not finish in time (SLIPWAY_DATABASE_STATEMENT_TIMEOUT_SECONDS); nothing was changed, "
            "retry shortly.",
            {},
        )
    if (
        isinstance(exc, _UNAVAILABLE)
        or (isinstance(exc, DBAPIError) and exc.connection_invalidated)
        or _postgres_away(exc)
    ):
        return "UNAVAILABLE", "A backing service (database or object store) is unavailable; retry shortly.", {}
    return "INTERNAL", "Internal error.", {}


def _code_of_base(exc: errors.SlipwayError) -> str:
    for cls, code in CODES.items():
        if isinstance(exc, cls):
            return code
    return "INTERNAL"


def log_failure(what: str, exc: BaseException, code: str) -> None:
    """A masked error in the log: a traceback for a bug, one line for a dependency that is away or full."""
    if code == "UNAVAILABLE":
        # Postgres restarting or the pool full: the operator needs the count and the cause, not 1000 tracebacks.
        log.warning(what, extra={"code": code, "error": f"{type(exc).__name__}: {exc}"[:500]})
    else:
        log.error(what, exc_info=exc, extra={"code": code})


def to_graphql_error(error: GraphQLError) -> GraphQLError:
    """A client-facing copy of `error`: a code, a readable message, nothing internal."""
    original = error.original_error
    if isinstance(original, GraphQLError):  # raised by a resolver as-is
        original = original.original_error
    code, message, extra = classify(original)
    request_id = request_id_var.get()
    if original is None:
        message = error.message  # parse and validation errors are already meant for people
    elif code in ("INTERNAL", "UNAVAILABLE"):
        log_failure("operation failed", original, code)
        message = f"{message} Quote request id {request_id} when reporting it."
    if error.original_error is None:  # a validation rule's own details: which limit refused, and the measure
        extra = {k: v for k, v in (error.extensions or {}).items() if k not in ("code", "requestId")}
    extensions = {"code": code, **extra}
    if request_id:
        extensions["requestId"] = request_id
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )
