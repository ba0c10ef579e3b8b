"""The graphql-transport-ws side of /graphql: sign-in, protocol errors, and sockets that follow their token.

A socket is a long-lived session, so it keeps to the rules an HTTP request checks each time: it is closed
with 4401 once its token has expired (past the verifier's leeway) and with 4403 once its user is disabled,
and a user whose role changes gets the new role on the same socket. One task per API process checks every
open socket in one query, however many there are.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage, Message

from backend.api.context import Context
from backend.api.errors import classify, log_failure
from backend.identity import repository as users
from backend.identity import service as identity
from backend.identity.roles import Principal, Role
from backend.identity.tokens import bearer_token
from backend.kit.db import transaction

log = logging.getLogger(__name__)

# graphql-transport-ws close codes, and 1013 (try again later) from RFC 6455's registry.
BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, TRY_AGAIN_LATER = 4400, 4401, 4403, 1013

_MESSAGE_TYPES = {"connection_init", "ping", "pong", "subscribe", "complete"}


def protocol_error(message: object) -> str | None:
    """Why a client message breaks graphql-transport-ws, or None when it is well formed."""
    if not isinstance(message, dict):
        return "Each message must be a JSON object with a `type`."
    kind = message.get("type")
    if kind not in _MESSAGE_TYPES:
        return f"Unknown message type {str(kind)[:40]!r}."
    if kind in ("subscribe", "complete") and not isinstance(message.get("id"), str):
        return f"A `{kind}` message needs a string `id`."
    if kind != "subscribe":
        return None
    payload = message.get("payload")
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return "A `subscribe` message needs `payload.query` as a string."
    if not isinstance(payload.get("variables") or {}, dict):
        return "`payload.variables` must be an object."
    if not isinstance(payload.get("operationName") or "", str):
        return "`payload.operationName` must be a string."
    return None


class SocketHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's handler, with our sign-in, strict message checks, shared subscription streams, and a
    place in the open sockets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = self.context.state.feeds.schema(self.schema)

    async def handle(self) -> None:
        sockets = self.context.state.sockets
        sockets.add(self)
        try:
            await super().handle()
        except (RecursionError, UnicodeDecodeError):  # JSON nested past the parser's depth, or not UTF-8
            await self.end(BAD_REQUEST, "WebSocket message must be valid JSON.")
        finally:
            sockets.discard(self)

    async def handle_message(self, message: Message) -> None:
        if reason := protocol_error(message):
            await self.end(BAD_REQUEST, reason)
            return
        await super().handle_message(message)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload")
        if self.connection_init_received or not isinstance(payload or {}, dict):
            await super().handle_connection_init(message)  # strawberry closes with 4429 / 4400
            return
        self.connection_init_received = True
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        try:
            self.context.principal = await self._sign_in(payload or {})
        except Exception as exc:
            code, text, _ = classify(exc)
            if code in ("INTERNAL", "UNAVAILABLE"):
                log_failure("websocket sign-in failed", exc, code)
            # A database that is away is not the token's fault: 1013 tells the client to retry.
            close = TRY_AGAIN_LATER if code == "UNAVAILABLE" else FORBIDDEN
            await self.end(close, text if close == FORBIDDEN else "Try again later: the database is unavailable.")
            return
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True

    async def _sign_in(self, params: dict[str, Any]) -> Principal:
        raw = (
            params.get("Authorization")
            or params.get("authorization")
            or (f"Bearer {params['token']}" if isinstance(params.get("token"), str) else None)
        )
        state = self.context.state
        async with transaction(state.sessionmaker) as session:
            return await identity.authenticate(session, state.verifier, bearer_token(raw))

    @property
    def principal(self) -> Principal | None:
        return self.context.principal if self.connection_acknowledged else None

    async def end(self, code: int, reason: str) -> None:
        """Stop every operation of this socket and close it, saying why (at most 123 bytes, as RFC 6455 allows)."""
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        with contextlib.suppress(RuntimeError):  # already closed by the client
            await self.websocket.close(code=code, reason=reason.encode()[:123].decode(errors="ignore"))


class OpenSockets:
    """The open sockets of this process; a task closes those whose token expired or was revoked, or whose user
    went away."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], *, interval: float, leeway: float) -> None:
        self._sessionmaker = sessionmaker
        self._interval = interval
        self._leeway = leeway
        self._open: set[SocketHandler] = set()
        self._task: asyncio.Task[None] | None = None

    def add(self, handler: SocketHandler) -> None:
        self._open.add(handler)

    def discard(self, handler: SocketHandler) -> None:
        self._open.discard(handler)

    def __len__(self) -> int:
        return len(self._open)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="open-sockets")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.check()
            except Exception:
                log.warning("could not check the open sockets' users", exc_info=True)

    async def check(self) -> None:
        """Close sockets whose token expired or whose user is disabled; give role changes to the rest."""
        signed_in = [(h, h.principal) for h in list(self._open) if h.principal is not None]
        now = time.time()
        for handler, principal in signed_in:
            if principal.expires_at is not None and principal.expires_at + self._leeway <= now:
                await handler.end(UNAUTHORIZED, "Unauthorized: the token has expired; sign in again and reconnect.")
        live = [(h, p) for h, p in signed_in if p.expires_at is None or p.expires_at + self._leeway > now]
        if not live:
            return
        personal = {p.personal_token_id for _, p in live if p.personal_token_id is not None}
        async with transaction(self._sessionmaker) as session:
            roles = await users.active_roles(session, {p.user_id for _, p in live})
            revoked = await users.revoked_access_tokens(session, personal) if personal else set()
        for handler, principal in live:
            role = roles.get(principal.user_id)
            if principal.personal_token_id in revoked:
                await handler.end(UNAUTHORIZED, "Unauthorized: this access token was revoked; use another.")
            elif role is None:
                await handler.end(FORBIDDEN, "Forbidden: this user has been disabled; ask an admin.")
            elif role != principal.role:
                handler.context.principal = dataclasses.replace(principal, role=Role(role))
