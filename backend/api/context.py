"""What every resolver gets: the caller, a lazily opened session, per-request loaders."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.websockets import WebSocket

from backend.identity.roles import Principal
from backend.kit.errors import Unauthenticated

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from backend.api.loaders import Loaders
    from backend.api.state import AppState


@dataclass
class Context:
    request: Request | WebSocket
    state: AppState
    principal: Principal | None = None
    connection_params: dict[str, Any] | None = None
    _session: AsyncSession | None = field(default=None, repr=False)
    _undo: list[Callable[[], Awaitable[None]]] = field(default_factory=list, repr=False)

    @property
    def session(self) -> AsyncSession:
        """The request's one session; the UnitOfWork extension commits or rolls it back."""
        if self._session is None:
            self._session = self.state.sessionmaker()
        return self._session

    @property
    def viewer(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated("Sign in first: send `Authorization: Bearer <token>`.")
        return self.principal

    @cached_property
    def loaders(self) -> Loaders:
        from backend.api.loaders import Loaders

        return Loaders(self)

    def on_rollback(self, undo: Callable[[], Awaitable[None]]) -> None:
        """Undo a side effect outside Postgres (an S3 object written) unless the request commits."""
        self._undo.append(undo)

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()
        self._undo.clear()

    async def undo(self) -> None:
        """Run the registered undos, newest first; a failing one is logged (sweepers catch what is left)."""
        while self._undo:
            try:
                await self._undo.pop()()
            except Exception:  # noqa: BLE001 - the request's own error is what the caller needs
                log.warning("could not undo a side effect of a rolled-back request", exc_info=True)

    async def close(self) -> None:
        """Roll back anything uncommitted and give the connection back."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
