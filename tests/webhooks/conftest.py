"""An API and a worker of their own with short webhook retries, on a queue only they use.

The session worker would also take webhook jobs from the shared queue with the default
backoff (seconds to an hour), so retry tests send theirs to a private queue instead.
Helpers: tests/support/webhooks.py.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.support.processes import ROOT, Process, Servers, start_api, stop_process
from tests.support.tenants import make_tenant
from tests.support.webhooks import FAST


@pytest.fixture(scope="session")
def fast_api(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    process = start_api(servers, tmp_path_factory.mktemp("logs") / "webhooks-api.log", **FAST)
    yield process
    stop_process(process.process)


@pytest.fixture(scope="session")
def fast_worker(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[subprocess.Popen]:
    log = tmp_path_factory.mktemp("logs") / "webhooks-worker.log"
    # Only the private queue: other tests' jobs stay with the session worker and its settings.
    args = [
        sys.executable,
        "-m",
        "dramatiq",
        "tasks.worker",
        "--processes",
        "1",
        "--threads",
        "4",
        "--queues",
        FAST["SLIPWAY_WEBHOOKS_QUEUE"],
        "--skip-logging",
    ]
    process = subprocess.Popen(
        args, env={**servers.env, **FAST}, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    yield process
    stop_process(process)


@pytest.fixture
async def fast_tenant(sessionmaker, issuer, fast_api, fast_worker):
    """A fresh tenant whose clients talk to the fast API (its jobs run on the fast worker)."""
    return await make_tenant(sessionmaker, issuer, fast_api.base_url)


@pytest.fixture
async def fast_other_tenant(sessionmaker, issuer, fast_api):
    return await make_tenant(sessionmaker, issuer, fast_api.base_url)
