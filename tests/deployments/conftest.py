"""The deployments tests' own API and worker: short rollout timings, and a queue no other test's worker reads."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, Process, Servers, TestTenant, make_tenant, start_api, stop_process

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
        return subprocess.Popen([sys.executable, "-m", "backend.cli", "worker"], env=self.env, cwd=ROOT,
                                stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)

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
    # Each queue costs the worker's broker pool (8 connections) two listening consumers: the exports' and
    # webhooks' jobs of these tests share the one queue of their own.
    queue = f"deploy-{secrets.token_hex(4)}"
    return {**servers.env, **FAST, "SLIPWAY_DEPLOY_QUEUE": queue, "SLIPWAY_EXPORT_QUEUE": queue,
            "SLIPWAY_WEBHOOKS_QUEUE": queue}


@pytest.fixture(scope="session")
def deploy_stack(servers, model_server, tmp_path_factory) -> Iterator[DeployStack]:  # noqa: ANN001
    logs = tmp_path_factory.mktemp("deploy-logs")
    env = stack_env(servers)
    overrides = {k: v for k, v in env.items() if k.startswith("SLIPWAY_") and k not in servers.env}
    api = start_api(servers, logs / "api.log", **overrides)
    stack = DeployStack(servers, api, model_server, env, logs)
    stack.worker = stack.start_worker()
    yield stack
    stack.stop_worker()
    stop_process(api.process)


@pytest.fixture
async def tenant(sessionmaker, issuer, deploy_stack) -> TestTenant:  # noqa: ANN001
    return await make_tenant(sessionmaker, issuer, deploy_stack.api.base_url)


@pytest.fixture
async def other_tenant(sessionmaker, issuer, deploy_stack) -> TestTenant:  # noqa: ANN001
    return await make_tenant(sessionmaker, issuer, deploy_stack.api.base_url)
