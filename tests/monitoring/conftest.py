"""The monitoring tests' own stack: a model server with quick payload-logging settings, an API and a worker
that push routes to it, on a queue no other test's worker reads. Helpers are in tests/support/monitoring.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from backend.embedded.ports import free_port_pair
from tests.support.deployments import DeployStack, stack_env
from tests.support.monitoring import QUICK
from tests.support.processes import ROOT, Process, start_api, stop_process, wait_until_ok
from tests.support.tenants import TestTenant, make_tenant


@pytest.fixture(scope="session")
def monitoring_stack(servers, tmp_path_factory) -> Iterator[DeployStack]:
    logs = tmp_path_factory.mktemp("monitoring-logs")
    env = {**stack_env(servers), **QUICK, "SLIPWAY_SERVE_PORT": str(free_port_pair(set()))}
    log = logs / "serve.log"
    serve = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    model_server = Process(f"http://127.0.0.1:{env['SLIPWAY_SERVE_PORT']}", serve, log)
    wait_until_ok(f"{model_server.base_url}/v2/health/ready", serve, log)
    overrides = {k: v for k, v in env.items() if k.startswith("SLIPWAY_") and servers.env.get(k) != v}
    api = start_api(servers, logs / "api.log", **overrides)
    stack = DeployStack(servers, api, model_server, env, logs)
    stack.worker = stack.start_worker()
    yield stack
    stack.stop_worker()
    stop_process(api.process)
    stop_process(serve)


@pytest.fixture
async def tenant(sessionmaker, issuer, monitoring_stack) -> TestTenant:
    return await make_tenant(sessionmaker, issuer, monitoring_stack.api.base_url)


@pytest.fixture
async def other_tenant(sessionmaker, issuer, monitoring_stack) -> TestTenant:
    return await make_tenant(sessionmaker, issuer, monitoring_stack.api.base_url)
