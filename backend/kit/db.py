"""Engine and session factories; the caller owns the transaction (services never commit)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from backend.config import Settings

T = TypeVar("T")

# Where a loader gets the session of the unit of work it serves (opened on first use).
SessionSource = Callable[[], AsyncSession]


def create_engine(settings: Settings, *, pool_size: int | None = None, role: str = "slipway") -> AsyncEngine:
    """A pooled engine; its connections say in pg_stat_activity which process holds them (`slipway-api-<pid>`)."""
    return create_async_engine(
        settings.sqlalchemy_url,
        pool_size=pool_size or settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        pool_pre_ping=True,
        pool_timeout=settings.database_pool_timeout_seconds,
        connect_args={"timeout": 5, "server_settings": {"application_name": f"{role}-{os.getpid()}"}},
    )


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
