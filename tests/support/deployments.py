"""Deployments through the API: versions made ready, deploy and wait, inference against the model server, and the
rollout tests' own API and worker (short timings, a queue of their own)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from backend.identity.roles import Role
from tests.support.processes import ROOT, Process, Servers, stop_process
from tests.support.registry import register, upload, wait_final
from tests.support.tenants import TestTenant

ENG, ADMIN = Role.ML_ENGINEER, Role.ADMIN

DEPLOYMENT_FIELDS = """id status environment strategy trafficPercent canarySteps endpointUrl message
  viewerCanRollback viewerCanRetire version { id version } model { id name }
  events { at status trafficPercent message }"""
DEPLOY = f"""mutation Deploy($input: DeployModelVersionInput!) {{
  deployModelVersion(input: $input) {{ {DEPLOYMENT_FIELDS} }}
}}"""
DEPLOYMENT = f"query Deployment($id: ID!) {{ deployment(id: $id) {{ {DEPLOYMENT_FIELDS} }} }}"
ROLLBACK = f"""mutation Rollback($id: ID!, $reason: String!) {{
  rollbackDeployment(id: $id, reason: $reason) {{ {DEPLOYMENT_FIELDS} }}
}}"""
RETIRE = f"mutation Retire($id: ID!) {{ retireDeployment(id: $id) {{ {DEPLOYMENT_FIELDS} }} }}"
SUBMIT = "mutation($id: ID!) { submitForApproval(versionId: $id) { status } }"
APPROVE = "mutation($id: ID!) { approveModelVersion(id: $id) { status } }"
SET_STAGE = (
    "mutation($id: ID!, $stage: ModelStage!) { setModelVersionStage(versionId: $id, stage: $stage) { id stage } }"
)
ACTIVE = """query Active($name: String!) { activeModels(modelName: $name) {
  modelName
  production { endpointUrl trafficPercent versionNumber canary { versionNumber trafficPercent } }
  staging { endpointUrl trafficPercent versionNumber }
  shadows { endpointUrl versionNumber trafficPercent }
} }"""
FINAL = ("LIVE", "FAILED", "ROLLED_BACK", "RETIRED")


def model_name() -> str:
    return f"m-{secrets.token_hex(4)}"


async def new_version(
    tenant: TestTenant, name: str, data: bytes, *, approve: bool = False, create: bool = True
) -> dict:
    """Upload `data` as the next version of `name` (registered when `create`), wait for validation, approve."""
    if create:
        await register(tenant, ENG, name)
    answer = (await upload(tenant.base_url, tenant.users[ENG].token, data, model_name=name)).ok()
    version = await wait_final(tenant, ENG, answer["uploadModelVersion"]["version"]["id"], timeout=180)
    assert version["status"] == "VALIDATED", version
    if approve:
        (await tenant.client(ENG).execute(SUBMIT, {"id": version["id"]})).ok()
        (await tenant.client(ADMIN).execute(APPROVE, {"id": version["id"]})).ok()
    return version


async def deploy(
    tenant: TestTenant,
    version_id: str,
    environment: str,
    *,
    role: Role = ADMIN,
    strategy: str = "DIRECT",
    steps: list[int] | None = None,
) -> Any:
    inputs: dict[str, Any] = {"versionId": version_id, "environment": environment, "strategy": strategy}
    if steps is not None:
        inputs["canarySteps"] = steps
    return await tenant.client(role).execute(DEPLOY, {"input": inputs})


async def wait_status(
    tenant: TestTenant, deployment_id: str, until: tuple[str, ...] = FINAL, timeout: float = 180
) -> dict:
    client = tenant.client(ADMIN)
    deadline = time.monotonic() + timeout
    while True:
        found = (await client.execute(DEPLOYMENT, {"id": deployment_id})).ok()["deployment"]
        if found["status"] in until:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"deployment still {found['status']} after {timeout} s: {found}")
        await asyncio.sleep(0.3)


async def deployed(tenant: TestTenant, version_id: str, environment: str, **kwargs: Any) -> dict:
    """Deploy and wait until LIVE (failing the test with the deployment's message otherwise)."""
    started = (await deploy(tenant, version_id, environment, **kwargs)).ok()["deployModelVersion"]
    done = await wait_status(tenant, started["id"])
    assert done["status"] == "LIVE", done
    return done


def features(value: float, rows: int = 1) -> np.ndarray:
    return np.full((rows, 3), value, dtype=np.float32)


async def infer(http: httpx.AsyncClient, tenant: TestTenant, url: str, x: np.ndarray) -> httpx.Response:
    body = {"inputs": [{"name": "x", "shape": list(x.shape), "datatype": "FP32", "data": x.flatten().tolist()}]}
    return await http.post(url, json=body, headers={"authorization": f"Bearer {tenant.users[ENG].token}"})


def answer(response: httpx.Response) -> float:
    assert response.status_code == 200, response.text
    return response.json()["outputs"][0]["data"][0]


class Traffic:
    """Requests sent back to back (a few at a time) to an endpoint until stopped; every answer is kept."""

    def __init__(self, tenant: TestTenant, url: str, x: np.ndarray, concurrency: int = 3) -> None:
        self.tenant, self.url, self.x, self.concurrency = tenant, url, x, concurrency
        self.answers: list[tuple[int, str | None, str]] = []  # (status, answering version, body on error)
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def __aenter__(self) -> Traffic:
        self._http = httpx.AsyncClient(timeout=30)
        self._tasks = [asyncio.create_task(self._loop()) for _ in range(self.concurrency)]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)
        await self._http.aclose()

    async def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                reply = await infer(self._http, self.tenant, self.url, self.x)
                self.answers.append(
                    (
                        reply.status_code,
                        reply.headers.get("x-slipway-version"),
                        "" if reply.status_code == 200 else reply.text,
                    )
                )
            except httpx.HTTPError as exc:
                self.answers.append((0, None, repr(exc)))
            await asyncio.sleep(0.01)


async def two_versions_in_production(
    tenant: TestTenant, name: str, first: bytes, second: bytes
) -> tuple[dict, dict, dict]:
    """v1 LIVE in staging and production, v2 approved and LIVE in staging: (v1, v2, v1's production deployment)."""
    v1 = await new_version(tenant, name, first, approve=True)
    await deployed(tenant, v1["id"], "STAGING")
    production = await deployed(tenant, v1["id"], "PRODUCTION")
    v2 = await new_version(tenant, name, second, approve=True, create=False)
    await deployed(tenant, v2["id"], "STAGING")
    return v1, v2, production


# Seconds, not minutes: every check still runs, on less traffic and shorter waits.
FAST = {
    "SLIPWAY_CANARY_STEP_SECONDS": "1",
    "SLIPWAY_CANARY_STEP_MAX_SECONDS": "30",
    "SLIPWAY_CANARY_MIN_REQUESTS": "5",
    "SLIPWAY_CANARY_MAX_P95_RATIO": "1000",  # a shared 2-core machine's latency is noise, not the canary's
    "SLIPWAY_DEPLOY_POLL_SECONDS": "0.5",
    "SLIPWAY_DEPLOY_SWEEP_SECONDS": "3",
    "SLIPWAY_DEPLOY_READY_TIMEOUT_SECONDS": "60",
    "SLIPWAY_SCORING_WINDOW_SECONDS": "60",
}


@dataclass
class DeployStack:
    servers: Servers
    api: Process
    model_server: Process
    env: dict[str, str]
    logs: Path
    worker: subprocess.Popen | None = None

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        log = self.logs / f"{name}-{secrets.token_hex(3)}.log"
        # A session of its own: killing it must take dramatiq's forked worker processes too (killpg).
        return subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "worker"],
            env=self.env,
            cwd=ROOT,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_worker(self) -> None:
        """SIGKILL the worker's whole process group, as a crashed node would."""
        assert self.worker is not None
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(10)

    def stop_worker(self) -> None:
        if self.worker is not None:
            stop_process(self.worker, timeout=30)  # TERM to dramatiq's master, which stops its children
            with contextlib.suppress(ProcessLookupError):  # leftovers of the group, if any
                os.killpg(self.worker.pid, signal.SIGKILL)


def stack_env(servers: Servers) -> dict[str, str]:
    # Each queue costs the worker's broker pool (8 connections) two listening consumers: the exports',
    # webhooks' and monitoring jobs of these tests share the one queue of their own. Drift reads every
    # deployment in the database, so a worker of another stack, with other drift settings, must not take it.
    queue = f"deploy-{secrets.token_hex(4)}"
    return {
        **servers.env,
        **FAST,
        "SLIPWAY_DEPLOY_QUEUE": queue,
        "SLIPWAY_EXPORT_QUEUE": queue,
        "SLIPWAY_WEBHOOKS_QUEUE": queue,
        "SLIPWAY_MONITORING_QUEUE": queue,
    }
