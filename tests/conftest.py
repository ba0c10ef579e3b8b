"""The test session's real servers: Postgres, S3, the API and a worker, as production runs them.

Postgres and S3 are the embedded servers started here, unless SLIPWAY_DATABASE_URL /
SLIPWAY_S3_ENDPOINT name others. Migrations run once through Alembic; each test then
works in a tenant of its own, so no test sees another's rows.

Under pytest-xdist every worker is a session of its own: it starts these servers in its own
temporary folder on free ports, so workers share nothing but the machine.

Fixtures only; the helpers they use live in tests/support/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.embedded.ports import free_port_pair
from backend.embedded.stack import EmbeddedStack
from backend.identity.tokens import Issuer, load_signing_key
from backend.kit.db import create_engine, create_sessionmaker
from tests.support.processes import ROOT, Process, Servers, start_api, stop_process, wait_until_ok
from tests.support.tenants import TestTenant, make_tenant


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    data_dir = tmp_path_factory.mktemp("slipway")
    base = Settings(data_dir=data_dir, embedded_s3_port=0, log_json=True)
    stack = EmbeddedStack(base)
    env = {**os.environ, **stack.start()}
    # Every worker and API started by a test finds the session's model server here.
    env["SLIPWAY_SERVE_PORT"] = str(free_port_pair(set()))
    # A drift run reads every deployment in the database, so a scheduled one from any test's worker (every
    # 5 minutes by default) lands in the middle of the monitoring tests with settings of its own. The tests
    # run drift when they need it; this period puts every worker's next scheduled run decades away.
    env["SLIPWAY_DRIFT_INTERVAL_SECONDS"] = str(100 * 365 * 86400)
    try:
        effective = stack.settings_for_children()
        upgrade(effective.sqlalchemy_url)
        yield Servers(settings=effective, env=env, stack=stack)
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def api(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    process = start_api(servers, tmp_path_factory.mktemp("logs") / "api.log")
    yield process
    stop_process(process.process)


@pytest.fixture(scope="session")
def worker(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[subprocess.Popen]:
    log = tmp_path_factory.mktemp("logs") / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        env=servers.env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    yield process
    stop_process(process)


@pytest.fixture(scope="session")
async def engine(servers: Servers) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(servers.settings, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture(scope="session")
def issuer(servers: Servers) -> Issuer:
    # The same key file the API loads from the shared data dir.
    return Issuer(servers.settings, load_signing_key(servers.settings))


@pytest.fixture
async def tenant(sessionmaker, issuer, api) -> TestTenant:
    """A fresh tenant with one user of every role."""
    return await make_tenant(sessionmaker, issuer, api.base_url)


@pytest.fixture
async def other_tenant(sessionmaker, issuer, api) -> TestTenant:
    """A second fresh tenant, for isolation checks."""
    return await make_tenant(sessionmaker, issuer, api.base_url)


@pytest.fixture(scope="session")
def model_server(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    """`slipway serve` on the session's SLIPWAY_SERVE_PORT, where every worker and API started here expect it."""
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve"],
        env=servers.env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Process(f"http://127.0.0.1:{servers.env['SLIPWAY_SERVE_PORT']}", process, log)
    wait_until_ok(f"{server.base_url}/v2/health/live", process, log)
    yield server
    stop_process(process)
