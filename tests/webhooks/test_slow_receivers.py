"""Receivers that accept the connection and then freeze: each attempt fails at the deadline and is retried."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest

from backend.webhooks import delivery
from tests.support.webhooks import ADMIN, MAX_ATTEMPTS, PING, TIMEOUT_SECONDS, create, wait_finished

OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
# A status line and headers promising a body that never (or only very slowly) comes.
PROMISE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"


@dataclass
class SlowReceiver:
    url: str
    script: list[str]  # per connection: "silent", "stall", "trickle"; then full 200 answers
    connections: int = 0
    released: asyncio.Event = field(default_factory=asyncio.Event)


@asynccontextmanager
async def slow_receiving(script: list[str]) -> AsyncIterator[SlowReceiver]:
    """A raw asyncio HTTP server on a loopback port, misbehaving as scripted, one connection at a time."""
    writers: list[asyncio.StreamWriter] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        receiver.connections += 1
        behaviour = receiver.script.pop(0) if receiver.script else "ok"
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        if behaviour == "ok":
            writer.write(OK)
            await writer.drain()
            writer.close()
            return
        if behaviour == "stall":
            writer.write(PROMISE + b"o")
            await writer.drain()
        if behaviour == "trickle":  # each read arrives well within any per-read timeout; the whole never does
            writer.write(PROMISE)
            while not receiver.released.is_set():
                writer.write(b"o")
                await writer.drain()
                await asyncio.sleep(TIMEOUT_SECONDS / 8)
        await receiver.released.wait()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    receiver = SlowReceiver(url=f"http://127.0.0.1:{port}/hooks/slipway", script=list(script))
    try:
        yield receiver
    finally:
        receiver.released.set()
        server.close()
        for writer in writers:
            writer.close()
        await server.wait_closed()


async def _ping(tenant, webhook_id: str) -> str:
    return (await tenant.client(ADMIN).execute(PING, {"id": webhook_id})).ok()["pingWebhook"]["id"]


def _within_the_deadline(attempt: dict) -> bool:
    # At the deadline, not long before (the read timeout alone would not end a trickle) nor long after.
    return TIMEOUT_SECONDS * 1000 * 0.9 <= attempt["durationMs"] <= (TIMEOUT_SECONDS + 1.5) * 1000


async def test_a_receiver_that_accepts_and_never_answers_fails_each_attempt_at_the_deadline(fast_tenant) -> None:
    async with slow_receiving(["silent"] * MAX_ATTEMPTS) as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["deployment.failed"])
        delivery_id = await _ping(fast_tenant, webhook_id)
        done = await wait_finished(fast_tenant, webhook_id, delivery_id)
        assert receiver.connections == MAX_ATTEMPTS
    assert done["status"] == "FAILED" and done["attempts"] == MAX_ATTEMPTS
    assert [a["number"] for a in done["attemptLog"]] == list(range(1, MAX_ATTEMPTS + 1))
    for attempt in done["attemptLog"]:
        assert attempt["responseCode"] is None
        assert attempt["error"] == f"No complete answer within {TIMEOUT_SECONDS:g} s."
        assert _within_the_deadline(attempt), attempt
    assert done["lastError"] == f"No complete answer within {TIMEOUT_SECONDS:g} s."


@pytest.mark.parametrize("behaviour", ["stall", "trickle"])
async def test_a_receiver_whose_body_stalls_or_trickles_fails_at_the_deadline_and_is_retried(
    fast_tenant, behaviour: str
) -> None:
    async with slow_receiving([behaviour]) as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["deployment.failed"])
        delivery_id = await _ping(fast_tenant, webhook_id)
        done = await wait_finished(fast_tenant, webhook_id, delivery_id)
        assert receiver.connections == 2
    assert done["status"] == "SUCCEEDED" and done["attempts"] == 2
    first, second = done["attemptLog"]
    assert first["error"] == f"No complete answer within {TIMEOUT_SECONDS:g} s (HTTP 200 came, its body did not)."
    assert first["responseCode"] == 200
    assert _within_the_deadline(first), first
    assert second["responseCode"] == 200 and second["error"] is None


async def test_a_receiver_that_never_accepts_fails_at_the_connect_deadline() -> None:
    """A listener whose accept queue is full drops new SYNs: the connect phase hangs, as to a black hole."""
    listener = socket.socket()
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        await asyncio.sleep(0.2)
        outcome = await delivery.post(
            f"http://127.0.0.1:{port}/hooks/slipway",
            secret="whsec_test",
            body=b"{}",
            event="ping",
            delivery_id=uuid.uuid4(),
            timeout=5,
            connect_timeout=0.5,
        )
    finally:
        for sock in [*fillers, listener]:
            sock.close()
    assert outcome.error == "Could not connect within 0.5 s."
    assert outcome.status_code is None and not outcome.ok
    assert 400 <= outcome.duration_ms < 2000
