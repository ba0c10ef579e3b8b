"""Monitoring through the API and the model server: a deployment that logs payloads, traffic sent to it, and
the payload log and metrics read back."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from typing import Any

import httpx
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.kit import ids
from tests.support.deployments import ENG, deployed, model_name, new_version
from tests.support.tenants import TestTenant

# The model server re-reads targets every 0.3 s and writes small batches often; a write waits 5 s at most, so a
# frozen sink drains 20 rows a second and the 300-row queue fills within seconds of load.
QUICK = {
    "SLIPWAY_PAYLOAD_TARGETS_SECONDS": "0.3",
    "SLIPWAY_PAYLOAD_FLUSH_SECONDS": "0.1",
    "SLIPWAY_PAYLOAD_QUEUE_SIZE": "300",
    "SLIPWAY_PAYLOAD_BATCH_SIZE": "100",
    "SLIPWAY_PAYLOAD_WRITE_TIMEOUT_SECONDS": "5",
    "SLIPWAY_DRIFT_MIN_SAMPLES": "300",
    # No scheduled drift run: tests/conftest.py's `servers` sets the period for every worker of the session.
}

SET_LOGGING = """mutation($id: ID!, $percent: Float!) {
  setPayloadLogging(deploymentId: $id, samplePercent: $percent) { samplePercent referenceFrom referenceTo deploymentId }
}"""
SET_REFERENCE = """mutation($id: ID!, $from: DateTime!, $to: DateTime!) {
  setDriftReference(deploymentId: $id, from: $from, to: $to) { samplePercent referenceFrom referenceTo }
}"""
SET_THRESHOLDS = """mutation($id: ID!, $psi: Float!, $ks: Float!, $p: Float!) {
  setDriftThresholds(modelId: $id, psi: $psi, ksStatistic: $ks, pValue: $p) { psi ksStatistic pValue }
}"""
ALERTS = """query($id: ID, $status: AlertStatus) {
  alerts(deploymentId: $id, status: $status, first: 50) {
    edges { node { id feature kind status metric value threshold acknowledgedAt viewerCanAcknowledge } }
  }
}"""
ACKNOWLEDGE = "mutation($id: ID!) { acknowledgeAlert(id: $id) { id status acknowledgedAt viewerCanAcknowledge } }"
REPORT = """query($id: ID!, $from: DateTime!, $to: DateTime!) {
  monitoringReport(deploymentId: $id, from: $from, to: $to) {
    deploymentId
    logging { samplePercent referenceFrom referenceTo }
    thresholds { psi ksStatistic pValue }
    features { name kind featureType
      points { at psi ksStatistic ksPValue chiSquare chiSquarePValue drifted liveCount referenceCount }
      histogram { edges categories live reference } }
    versions { version requests errors errorRate points { at requests errors errorRate latencyP50Ms latencyP95Ms } }
    viewerCanConfigure
  }
}"""


def first_feature_model() -> bytes:
    """y = x[0] (x is [batch, 3]): only the first input feature reaches the output."""
    w = numpy_helper.from_array(np.array([[1.0], [0.0], [0.0]], dtype=np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 1])],
        [w],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()


async def logging_deployment(tenant: TestTenant, data: bytes, percent: float = 100) -> dict:
    """A LIVE staging deployment of `data` that logs `percent` % of its requests, the model server told."""
    name = model_name()
    version = await new_version(tenant, name, data)
    deployment = await deployed(tenant, version["id"], "STAGING", role=ENG)
    set_to = (await tenant.client(ENG).execute(SET_LOGGING, {"id": deployment["id"], "percent": percent})).ok()
    assert set_to["setPayloadLogging"]["samplePercent"] == percent
    if percent >= 100:
        await until_sampled(tenant, deployment["endpointUrl"])
    return deployment


async def until_sampled(tenant: TestTenant, url: str, timeout: float = 30) -> None:
    """Wait until the model server logs the endpoint's requests: it then answers with a request id it made."""
    async with httpx.AsyncClient(timeout=10) as http:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = await infer(http, tenant, url, np.zeros((1, 3), dtype=np.float32), request_id=None)
            assert reply.status_code == 200, reply.text
            if "x-request-id" in reply.headers:
                return
            await asyncio.sleep(0.2)
    raise AssertionError(f"the model server never started logging {url}")


async def infer(
    http: httpx.AsyncClient, tenant: TestTenant, url: str, x: np.ndarray, *, request_id: str | None
) -> httpx.Response:
    body = {"inputs": [{"name": "x", "shape": list(x.shape), "datatype": "FP32", "data": x.flatten().tolist()}]}
    headers = {"authorization": f"Bearer {tenant.users[ENG].token}"}
    if request_id is not None:
        headers["x-request-id"] = request_id
    return await http.post(url, json=body, headers=headers)


async def send_all(
    tenant: TestTenant, url: str, rows: np.ndarray, *, concurrency: int = 16
) -> tuple[list[str], list[httpx.Response | BaseException]]:
    """One request per row of `rows`, `concurrency` at a time: (request ids of the 200s, every answer)."""
    ids_ = [uuid.uuid4().hex for _ in range(len(rows))]
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=concurrency)) as http:

        async def one(i: int) -> httpx.Response:
            async with gate:
                return await infer(http, tenant, url, rows[i : i + 1], request_id=ids_[i])

        answers = await asyncio.gather(*(one(i) for i in range(len(rows))), return_exceptions=True)
    accepted = [ids_[i] for i, a in enumerate(answers) if isinstance(a, httpx.Response) and a.status_code == 200]
    return accepted, list(answers)


async def logged_ids(sessionmaker: async_sessionmaker[AsyncSession], deployment_id: str) -> list[str]:
    async with sessionmaker() as session:
        rows = await session.execute(
            text("SELECT request_id FROM payload_logs WHERE deployment_id = :d"),
            {"d": ids.decode("Deployment", deployment_id)},
        )
        return [r for (r,) in rows]


async def wait_logged(
    sessionmaker: async_sessionmaker[AsyncSession], deployment_id: str, wanted: set[str], timeout: float = 30
) -> list[str]:
    """The deployment's logged request ids once every id of `wanted` is among them (or the deadline passed)."""
    deadline = time.monotonic() + timeout
    while True:
        found = await logged_ids(sessionmaker, deployment_id)
        if wanted <= set(found) or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.3)


async def metrics(base_url: str) -> str:
    async with httpx.AsyncClient(timeout=10) as http:
        return (await http.get(f"{base_url}/metrics")).text


def counter(text_: str, name: str, **labels: str) -> float:
    """Sum of the samples of `name` whose labels include `labels` (0 when there are none)."""
    total = 0.0
    for line in text_.splitlines():
        match = re.match(rf"^{name}(?:\{{(.*)\}})? ([0-9.e+-]+)$", line)
        if match is None:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(match.group(2))
    return total


def features(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)
