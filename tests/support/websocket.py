"""A small graphql-transport-ws client for tests that need the protocol itself: many operations on one
socket, raw frames, and the close code the server chose."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

PROTOCOL = "graphql-transport-ws"


class Socket:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.messages: dict[str, asyncio.Queue[dict[str, Any]]] = defaultdict(asyncio.Queue)
        self.closed = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read())

    @property
    def close_code(self) -> int | None:
        return self.closed.result()[0] if self.closed.done() else None

    async def _read(self) -> None:
        try:
            async for raw in self.connection:
                message = json.loads(raw)
                await self.messages[message.get("id", "")].put(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self.closed.done():
                code = self.connection.close_code
                self.closed.set_result((code if code is not None else 1006, self.connection.close_reason or ""))

    async def send(self, message: object) -> None:
        await self.connection.send(message if isinstance(message, str) else json.dumps(message))

    async def init_raw(self, token: str) -> None:
        """Send connection_init and do not wait for the answer."""
        await self.send({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})

    async def init(self, token: str) -> dict[str, Any]:
        await self.init_raw(token)
        return await self.next("", timeout=30)

    async def subscribe(self, id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        await self.send({"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})

    async def next(self, id: str, timeout: float = 30) -> dict[str, Any]:
        """The next message for operation `id` ("" for connection messages)."""
        getter = asyncio.ensure_future(self.messages[id].get())
        done, _ = await asyncio.wait({getter, self.closed}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            return getter.result()
        getter.cancel()
        raise AssertionError(
            f"no message for {id!r} within {timeout}s; socket closed: {self.closed.done() and self.closed.result()}"
        )

    async def result(self, id: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run one query or mutation and return its `next` payload (after which `complete` must follow)."""
        await self.subscribe(id, query, variables)
        message = await self.next(id)
        assert message["type"] == "next", message
        assert (await self.next(id))["type"] == "complete"
        return message["payload"]

    async def wait_closed(self, timeout: float) -> tuple[int, str]:
        return await asyncio.wait_for(asyncio.shield(self.closed), timeout)


@contextlib.asynccontextmanager
async def open_socket(base_url: str, token: str | None = None, *, subprotocol: str = PROTOCOL) -> AsyncIterator[Socket]:
    """A socket to /graphql, signed in with `token` when one is given."""
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=[subprotocol], max_size=None) as connection:  # type: ignore[list-item]
        socket = Socket(connection)
        try:
            if token is not None:
                ack = await socket.init(token)
                assert ack["type"] == "connection_ack", ack
            yield socket
        finally:
            socket._reader.cancel()
