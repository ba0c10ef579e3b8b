"""What every resolver gets: the caller, a lazily opened session, per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.websockets import WebSocket

from backend.identity.roles import Principal
from backend.kit.errors import Unauthenticated

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

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()

    async def close(self) -> None:
        """Roll back anything uncommitted and give the connection back."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
