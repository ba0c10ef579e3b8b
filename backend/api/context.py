"""What every resolver gets: the caller, and the session and loaders of the operation's unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.websockets import WebSocket

from backend.api import unit
from backend.api.loaders import Loaders
from backend.deployments.service import PromotionCheck
from backend.governance.gates import require_promotable
from backend.identity.roles import Principal
from backend.kit.errors import Unauthenticated

if TYPE_CHECKING:
    from backend.api.state import AppState


@dataclass
class Context:
    """One per HTTP request or per websocket connection; the unit of work is per operation (api/unit.py)."""

    request: Request | WebSocket | None  # None for a subscription stream shared by many sockets (api/feeds.py)
    state: AppState
    principal: Principal | None = None
    connection_params: dict[str, Any] | None = None
    # Set by api.live.follow: each result is the current state, so a socket that joins late gets the latest.
    stateful_stream: bool = False

    @property
    def unit(self) -> unit.UnitOfWork:
        current = unit.current()
        if current is None:
            raise RuntimeError(
                "no unit of work is open: subscriptions read through api.live, operations through "
                "the Transactional extension"
            )
        return current

    @property
    def session(self) -> AsyncSession:
        """The operation's one session; the Transactional extension commits or rolls it back."""
        return self.unit.session

    @property
    def viewer(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated("Sign in first: send `Authorization: Bearer <token>`.")
        return self.principal

    @property
    def loaders(self) -> Loaders:
        work = self.unit
        if work.loaders is None:
            work.loaders = Loaders(lambda: work.session, tenant_id=self.viewer.tenant_id)
        return work.loaders

    @property
    def promotion_check(self) -> PromotionCheck:
        """The gates before production, handed to deployments (which sits upstream of governance)."""
        return require_promotable

    def on_rollback(self, undo: Callable[[], Awaitable[None]]) -> None:
        """Undo a side effect outside Postgres (an S3 object written) unless the operation commits."""
        self.unit.on_rollback(undo)
