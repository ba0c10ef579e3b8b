"""The test session's real servers: Postgres, S3, the API and a worker, as production runs them.

Postgres and S3 are the embedded servers started here, unless SLIPWAY_DATABASE_URL /
SLIPWAY_S3_ENDPOINT name others. Migrations run once through Alembic; each test then
works in a tenant of its own, so no test sees another's rows.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.embedded.ports import free_port_pair
from backend.embedded.stack import EmbeddedStack
from backend.identity import service as identity
from backend.identity.roles import Role
from backend.identity.tokens import Issuer, load_signing_key
from backend.kit.db import create_engine, create_sessionmaker, transaction
from tests.client import GraphQLClient

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Servers:
    settings: Settings  # what a child process reads from `env`
    env: dict[str, str]
    stack: EmbeddedStack


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    data_dir = tmp_path_factory.mktemp("slipway")
    base = Settings(data_dir=data_dir, embedded_s3_port=0, log_json=True)
    stack = EmbeddedStack(base)
    env = {**os.environ, **stack.start()}
    # Every worker and API started by a test finds the session's model server here.
    env["SLIPWAY_SERVE_PORT"] = str(free_port_pair(set()))
    try:
        effective = stack.settings_for_children()
        upgrade(effective.sqlalchemy_url)
        yield Servers(settings=effective, env=env, stack=stack)
    finally:
        stack.stop()


@dataclass
class Process:
    base_url: str
    process: subprocess.Popen
    log: Path

    def log_lines(self) -> list[str]:
        return self.log.read_text().splitlines()


def start_api(servers: Servers, log: Path, **overrides: str) -> Process:
    port = free_port_pair(set())
    env = {**servers.env, "SLIPWAY_API_PORT": str(port), "SLIPWAY_LOG_LEVEL": "INFO", **overrides}
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "api"], env=env, cwd=ROOT,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    api = Process(f"http://127.0.0.1:{port}", process, log)
    wait_until_healthy(api)
    return api


def wait_until_healthy(api: Process, timeout: float = 60) -> None:
    wait_until_ok(f"{api.base_url}/healthz", api.process, api.log, timeout)


def wait_until_ok(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Poll `url` until it answers 200; fail with the process's log if it dies or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} never answered 200:\n{log.read_text()[-3000:]}")


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def api(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    process = start_api(servers, tmp_path_factory.mktemp("logs") / "api.log")
    yield process
    stop_process(process.process)


@pytest.fixture(scope="session")
def worker(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[subprocess.Popen]:
    log = tmp_path_factory.mktemp("logs") / "worker.log"
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "worker"], env=servers.env, cwd=ROOT,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
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


@dataclass
class TenantUser:
    id: uuid.UUID
    email: str
    password: str
    token: str


@dataclass
class TestTenant:
    id: uuid.UUID
    slug: str
    users: dict[Role, TenantUser]
    base_url: str

    def client(self, role: Role) -> GraphQLClient:
        return GraphQLClient(self.base_url, self.users[role].token)


async def make_tenant(sessionmaker: async_sessionmaker[AsyncSession], issuer: Issuer, base_url: str) -> TestTenant:
    slug = f"t-{secrets.token_hex(5)}"
    users: dict[Role, TenantUser] = {}
    async with transaction(sessionmaker) as session:
        tenant = await identity.ensure_tenant(session, slug=slug)
        for role in Role:
            email = f"{role.value}@{slug}.test"
            password = secrets.token_urlsafe(12)
            row = await identity.add_user(session, None, tenant=tenant, email=email, role=role, password=password)
            token = issuer.issue(user_id=row.id, email=email, tenant=slug, role=role.value)
            users[role] = TenantUser(row.id, email, password, token)
    return TestTenant(tenant.id, slug, users, base_url)


@pytest.fixture
async def tenant(sessionmaker, issuer, api) -> TestTenant:  # noqa: ANN001
    """A fresh tenant with one user of every role."""
    return await make_tenant(sessionmaker, issuer, api.base_url)


@pytest.fixture
async def other_tenant(sessionmaker, issuer, api) -> TestTenant:  # noqa: ANN001
    """A second fresh tenant, for isolation checks."""
    return await make_tenant(sessionmaker, issuer, api.base_url)


@pytest.fixture(scope="session")
def model_server(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    """`slipway serve` on the session's SLIPWAY_SERVE_PORT, where every worker and API started here expect it."""
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve"], env=servers.env, cwd=ROOT,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    server = Process(f"http://127.0.0.1:{servers.env['SLIPWAY_SERVE_PORT']}", process, log)
    wait_until_ok(f"{server.base_url}/v2/health/live", process, log)
    yield server
    stop_process(process)
