"""ModelServerClient maps the server's answers to the runtime protocol's two errors, within its deadlines."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from backend.config import Settings
from backend.deployments.runtimes.base import RuntimeCheckFailed, RuntimeUnavailable
from backend.deployments.runtimes.model_server_client import ModelServerClient
from backend.embedded.ports import free_port_pair
from tests.support.serving import control_client


async def test_a_server_that_does_not_answer_is_unavailable() -> None:
    client = ModelServerClient(f"http://127.0.0.1:{free_port_pair(set())}", "secret", timeout=5, connect_timeout=1)
    with pytest.raises(RuntimeUnavailable, match="did not answer"):
        await client.index(uuid.uuid4())
    await client.aclose()


async def test_refusals_carry_the_servers_sentence(servers, model_server) -> None:
    wrong = ModelServerClient(model_server.base_url, "not-the-control-token", timeout=30, connect_timeout=5)
    with pytest.raises(RuntimeCheckFailed, match="not the model server's control token"):
        await wrong.index(uuid.uuid4())
    await wrong.aclose()
    control = control_client(servers, model_server.base_url)
    with pytest.raises(RuntimeCheckFailed, match="is not loaded in your tenant"):
        await control.stats(uuid.uuid4(), "nothing-v1")
    assert not await control.is_ready(uuid.uuid4(), "nothing-v1")
    await control.aclose()


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A model server that accepts connections, reads the request and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await reader.read(1 << 16)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    for writer in held:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_a_server_that_accepts_and_never_answers_fails_at_the_deadline(silent_server: str) -> None:
    settings = Settings(model_server_timeout_seconds=0.5, model_server_connect_timeout_seconds=0.2)
    client = ModelServerClient.from_settings(settings, silent_server)
    started = time.monotonic()
    with pytest.raises(RuntimeUnavailable) as caught:
        await client.load(uuid.uuid4(), "m-v1", uuid.uuid4())
    elapsed = time.monotonic() - started
    await client.aclose()
    assert 0.5 <= elapsed < 3, elapsed
    assert str(caught.value) == (
        f"the model server at {silent_server} did not answer POST /v2/repository/models/m-v1/load within 0.5 s"
    )
