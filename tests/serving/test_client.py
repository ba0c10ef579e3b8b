"""ModelServerClient maps the server's answers to the runtime protocol's two errors."""

from __future__ import annotations

import uuid

import pytest

from backend.deployments.runtimes.base import RuntimeCheckFailed, RuntimeUnavailable
from backend.embedded.ports import free_port_pair
from backend.serving.client import ModelServerClient
from tests.support.serving import control_client


async def test_a_server_that_does_not_answer_is_unavailable() -> None:
    client = ModelServerClient(f"http://127.0.0.1:{free_port_pair(set())}", "secret", timeout=5)
    with pytest.raises(RuntimeUnavailable, match="did not answer"):
        await client.index(uuid.uuid4())
    await client.aclose()


async def test_refusals_carry_the_servers_sentence(servers, model_server) -> None:
    wrong = ModelServerClient(model_server.base_url, "not-the-control-token")
    with pytest.raises(RuntimeCheckFailed, match="not the model server's control token"):
        await wrong.index(uuid.uuid4())
    await wrong.aclose()
    control = control_client(servers, model_server.base_url)
    with pytest.raises(RuntimeCheckFailed, match="is not loaded in your tenant"):
        await control.stats(uuid.uuid4(), "nothing-v1")
    assert not await control.is_ready(uuid.uuid4(), "nothing-v1")
    await control.aclose()
