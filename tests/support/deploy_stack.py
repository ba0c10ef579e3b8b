"""Fixtures of the tests that roll versions out (deployments, scoring): their own API and worker, short rollout
timings, and a queue no other test's worker reads. A test folder's conftest imports them; helpers are in
tests/support/deployments.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.deployments import DeployStack, stack_env
from tests.support.processes import start_api, stop_process
from tests.support.tenants import TestTenant, make_tenant


@pytest.fixture(scope="session")
def deploy_stack(servers, model_server, tmp_path_factory) -> Iterator[DeployStack]:
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
async def tenant(sessionmaker, issuer, deploy_stack) -> TestTenant:
    return await make_tenant(sessionmaker, issuer, deploy_stack.api.base_url)


@pytest.fixture
async def other_tenant(sessionmaker, issuer, deploy_stack) -> TestTenant:
    return await make_tenant(sessionmaker, issuer, deploy_stack.api.base_url)
