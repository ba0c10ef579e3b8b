"""Engine and session factories; the caller owns the transaction (services never commit)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import ColumnElement, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from backend.config import Settings

T = TypeVar("T")

# Where a loader gets the session of the unit of work it serves (opened on first use).
SessionSource = Callable[[], AsyncSession]


# A connection back in the pool for less than this is handed out again without a ping (HikariCP's
# "alive bypass window"): under load every checkout would otherwise cost three round trips more.
PING_AFTER_IDLE_SECONDS = 1.0
_CHECKED_IN_AT = "slipway_checked_in_at"


def create_engine(
    settings: Settings, *, pool_size: int | None = None, role: str = "slipway", statement_timeout: float | None = None
) -> AsyncEngine:
    """A pooled engine; its connections say in pg_stat_activity which process holds them (`slipway-api-<pid>`).

    `statement_timeout` (seconds; None or 0: none) bounds every statement on its connections, so a request
    never waits on a stuck query longer than that.
    """
    server_settings = {"application_name": f"{role}-{os.getpid()}"}
    if statement_timeout:
        server_settings["statement_timeout"] = str(int(statement_timeout * 1000))
    engine = create_async_engine(
        settings.sqlalchemy_url,
        pool_size=pool_size or settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        # Last in, first out: the few connections a light load needs stay warm (and skip the ping below);
        # the rest idle, so a restarted Postgres is found on the connections that were idle the longest.
        pool_use_lifo=True,
        pool_timeout=settings.database_pool_timeout_seconds,
        connect_args={"timeout": settings.database_connect_timeout_seconds, "server_settings": server_settings},
        json_serializer=dump_json,
        json_deserializer=load_json,
    )
    _ping_idle_connections(engine)
    return engine


def dump_json(value: Any) -> str:
    """JSONB columns written with orjson; what it cannot write (an int past 64 bits) falls back to json."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY).decode()
    except TypeError:
        return json.dumps(value)


# Twenty digits in a row may be an integer past 64 bits, which orjson would read as a float.
_LONG_NUMBER = re.compile(r"\d{20}")


def load_json(text: str) -> Any:
    """JSONB columns read with orjson: the stdlib decoder was a quarter of the API's time on model lists."""
    if _LONG_NUMBER.search(text):
        return json.loads(text)  # exact integers, however long
    return orjson.loads(text)


def _ping_idle_connections(engine: AsyncEngine) -> None:
    """SQLAlchemy's pool_pre_ping, for connections that sat idle: BEGIN, `;`, ROLLBACK at every checkout
    was a third of a short request's work. One used within the last second is known to be alive; one
    that broke since then fails its statement, which the API answers as a coded 503 (api/errors.py)."""

    def stamp(_dbapi_connection: Any, record: ConnectionPoolEntry, *_: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_CHECKED_IN_AT, 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as exc:
            # The pool throws this connection away and checks out another (up to three tries).
            raise DisconnectionError(f"pooled connection failed its ping: {exc}") from exc

    pool_events = engine.sync_engine.pool
    event.listen(pool_events, "connect", stamp)
    event.listen(pool_events, "checkin", stamp)
    event.listen(pool_events, "checkout", ping_if_idle)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def transaction(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit at the end, roll back on any error."""
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


def run_in_transaction(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work(session)` in one transaction from synchronous code (CLI commands, `slipway up`)."""

    async def run() -> T:
        engine = create_engine(settings, pool_size=1)
        try:
            async with transaction(create_sessionmaker(engine)) as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """Case-insensitive "column contains `text`", with `%`, `_` and `\\` in `text` matched literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")
