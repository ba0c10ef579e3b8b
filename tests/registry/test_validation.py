"""Validation by the worker: each bad model fails its own check with an actionable message, good ones pass."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from backend.identity.roles import Role
from backend.registry.validation import sandbox
from backend.registry.validation.report import CHECKS, Report
from tests.registry import corpus
from tests.support.registry import register, upload, wait_final

DS = Role.DATA_SCIENTIST


async def _validated(tenant, data: bytes) -> dict:
    name = f"v-{secrets.token_hex(4)}"
    await register(tenant, DS, name)
    answer = (await upload(tenant.base_url, tenant.users[DS].token, data, model_name=name)).ok()
    return await wait_final(tenant, Role.VIEWER, answer["uploadModelVersion"]["version"]["id"])


@pytest.mark.parametrize(("label", "make", "check", "words"), corpus.BAD, ids=[b[0] for b in corpus.BAD])
async def test_a_bad_model_fails_its_check(tenant, worker, label, make, check, words) -> None:
    version = await _validated(tenant, make())
    assert version["status"] == "VALIDATION_FAILED", label
    report = {row["name"]: row for row in version["report"]}
    assert list(report) == list(CHECKS), "the report lists every check"
    failed = [name for name, row in report.items() if row["status"] == "FAILED"]
    assert failed == [check], report
    assert words in report[check]["message"]
    after = CHECKS[CHECKS.index(check) + 1 :]
    assert all(report[name]["status"] == "SKIPPED" for name in after)
    assert all(report[name]["status"] == "PASSED" for name in CHECKS[: CHECKS.index(check)])


@pytest.mark.parametrize(("label", "make"), corpus.GOOD, ids=[g[0] for g in corpus.GOOD])
async def test_a_good_model_is_validated_and_fills_its_card(tenant, worker, label, make) -> None:
    version = await _validated(tenant, make())
    assert version["status"] == "VALIDATED", version["report"]
    assert all(row["status"] == "PASSED" for row in version["report"])
    card = version["card"]
    assert card["inputs"] and card["outputs"] and card["opsets"]
    assert card["producer"]
    assert 0 < card["latencyP50Ms"] <= card["latencyP95Ms"]
    assert card["viewerCanSubmit"] is False  # the viewer reads; only the owner or an admin submits


async def test_the_card_shows_the_signature_and_parameters(tenant, worker) -> None:
    version = await _validated(tenant, corpus.linear(features=4))
    card = version["card"]
    assert card["inputs"] == [{"name": "x", "dtype": "float", "shape": ["batch", "4"]}]
    assert card["outputs"] == [{"name": "y", "dtype": "float", "shape": ["batch", "2"]}]
    assert card["opsets"] == [{"domain": "ai.onnx", "version": 17}]
    assert card["parameterCount"] == 4 * 2 + 2
    assert card["producer"] == "slipway-tests"


async def test_validation_is_pushed_to_the_subscription(tenant, worker) -> None:
    name = f"s-{secrets.token_hex(4)}"
    await register(tenant, DS, name)
    answer = (await upload(tenant.base_url, tenant.users[DS].token, corpus.linear(9), model_name=name)).ok()
    version_id = answer["uploadModelVersion"]["version"]["id"]
    transport = WebsocketsTransport(
        url=tenant.base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"},
    )
    seen = []
    query = "subscription($id: ID!) { modelVersionUpdated(id: $id) { id status } }"
    async with Client(transport=transport) as session:
        async with asyncio.timeout(60):
            async for update in session.subscribe(GraphQLRequest(query, variable_values={"id": version_id})):
                seen.append(update["modelVersionUpdated"]["status"])
                if seen[-1] != "VALIDATING":  # VALIDATED is not final: the stream stays open for approval
                    break
    assert seen[-1] == "VALIDATED"
    assert set(seen) <= {"VALIDATING", "VALIDATED"}


async def test_a_hanging_session_is_stopped_by_the_sandbox_timeout(tmp_path: Path) -> None:
    path = tmp_path / "model.onnx"
    path.write_bytes(corpus.linear())
    # Forked from a warm zygote, building a session of this model takes a few ms: 1 ms is too short.
    outcome = await sandbox.run(path, memory_bytes=4 << 30, timeout=0.001, runs=1)
    report = Report()
    sandbox.record(outcome, report, memory_bytes=4 << 30)
    status, message = report.results["session"]
    assert status == "FAILED"
    assert "did not finish within 0.001 s" in message
