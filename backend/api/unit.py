"""One unit of work per GraphQL operation: its own session, loaders, transaction and undo list.

An HTTP request, each query or mutation on a websocket and each event of a subscription open a unit of
their own, so operations that run at once on one socket never share a session or a loader cache, and a
subscription holds no connection between events. The unit in force lives in a context variable: each
websocket operation runs in its own task, and a task's context variables are its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session

if TYPE_CHECKING:
    from backend.api.loaders import Loaders

log = logging.getLogger(__name__)

_current: ContextVar[UnitOfWork | None] = ContextVar("slipway_unit_of_work", default=None)
_WROTE = "slipway_wrote"  # session.info: the open transaction holds writes, so its connection must stay


def _track_writes(session: AsyncSession) -> None:
    sync = session.sync_session

    def executed(state: ORMExecuteState) -> None:
        if not state.is_select:  # inserts, updates, and text() (pg_notify, locks) alike
            state.session.info[_WROTE] = True

    def flushed(flushing: Session, _context: object) -> None:
        flushing.info[_WROTE] = True

    def ended(ending: Session, *_: object) -> None:
        ending.info.pop(_WROTE, None)

    event.listen(sync, "do_orm_execute", executed)
    event.listen(sync, "after_flush", flushed)
    event.listen(sync, "after_commit", ended)
    event.listen(sync, "after_rollback", ended)


class UnitOfWork:
    """A lazily opened session, the loaders that read through it, and what to undo if it does not commit."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._session: AsyncSession | None = None
        self._undo: list[Callable[[], Awaitable[None]]] = []
        self.committed = False
        self.loaders: Loaders | None = None  # made on first use by the API's Context, which knows the viewer

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessionmaker()
            _track_writes(self._session)
        return self._session

    async def release(self) -> bool:
        """Give the connection back before a long wait outside Postgres (a file streaming to S3).

        Only while the unit has written nothing: its transaction holds reads alone, and the next use of
        `session` (the same object) checks out a connection again. A unit that wrote keeps its connection,
        so the operation stays one transaction; False says so.
        """
        session = self._session
        if session is None or not session.in_transaction():
            return True
        if session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
            return False
        await session.close()  # a read-only transaction: nothing is lost, objects stay loaded (detached)
        return True

    def on_rollback(self, undo: Callable[[], Awaitable[None]]) -> None:
        """Undo a side effect outside Postgres (an S3 object written) unless the unit commits."""
        self._undo.append(undo)

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()
        self.committed = True
        self._undo.clear()

    async def close(self) -> None:
        """Roll back anything uncommitted, give the connection back, then undo side effects."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
        while self._undo:
            try:
                await self._undo.pop()()
            except Exception:
                log.warning("could not undo a side effect of a rolled-back operation", exc_info=True)


def current() -> UnitOfWork | None:
    return _current.get()


@asynccontextmanager
async def open_unit(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[UnitOfWork]:
    """A unit in force for the block; closed at its end, even when the block is cancelled."""
    unit = UnitOfWork(sessionmaker)
    token = _current.set(unit)
    try:
        yield unit
    finally:
        # Shielded: a cancelled socket must still hand its connection back clean, not idle in transaction.
        await asyncio.shield(unit.close())
        try:
            _current.reset(token)
        except ValueError:  # closed from another context (a generator finalised elsewhere)
            _current.set(None)
