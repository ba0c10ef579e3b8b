"""A worker killed mid-validation: the broker redelivers the job and the version still ends in a final state.

The API and the workers here use a queue of their own, so the session's shared worker cannot
take the job and the kill is sure to land on a validation in progress.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from backend.identity.roles import Role
from backend.kit import ids
from backend.registry.models import ModelVersion
from tests.registry import corpus
from tests.support.processes import ROOT, start_api, stop_process
from tests.support.registry import register, upload, wait_final

DS = Role.DATA_SCIENTIST


def _start_worker(servers, log: Path, queue: str) -> subprocess.Popen:
    env = {**servers.env, "SLIPWAY_VALIDATION_QUEUE": queue, "SLIPWAY_LOG_LEVEL": "INFO"}
    # A session of its own: the kill must take dramatiq's forked worker processes too.
    return subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_for_line(log: Path, needle: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and needle in log.read_text():
            return
        time.sleep(0.02)
    raise AssertionError(f"{needle!r} never appeared in {log}:\n{log.read_text()[-3000:]}")


async def test_a_killed_worker_s_validation_is_retried_to_a_final_state(
    servers, tenant, sessionmaker, tmp_path
) -> None:
    queue = f"validate-{secrets.token_hex(3)}"
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_VALIDATION_QUEUE=queue)
    first_log, second_log = tmp_path / "worker-1.log", tmp_path / "worker-2.log"
    first = _start_worker(servers, first_log, queue)
    second = None
    try:
        tenant.base_url = api.base_url
        name = f"k-{secrets.token_hex(4)}"
        await register(tenant, DS, name)
        # ~64 MB of weights: parsing, onnx.checker and the session take long enough to be interrupted.
        data = corpus.linear(seed=3, features=8_000_000)
        answer = (await upload(api.base_url, tenant.users[DS].token, data, model_name=name)).ok()
        version_id = answer["uploadModelVersion"]["version"]["id"]
        raw_id = str(ids.decode("ModelVersion", version_id))
        await asyncio.to_thread(_wait_for_line, first_log, raw_id, 60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        async with sessionmaker() as session:
            status = await session.scalar(select(ModelVersion.status).where(ModelVersion.id == raw_id))
        assert status == "VALIDATING", "the kill came too late to interrupt the validation"

        second = _start_worker(servers, second_log, queue)
        # The dead worker's heartbeat expires (20 s), maintenance requeues its message, the new worker runs it.
        version = await wait_final(tenant, Role.VIEWER, version_id, timeout=150)
        assert version["status"] == "VALIDATED", version["report"]
        assert raw_id in second_log.read_text()
    finally:
        for process in (first, second):
            if process is not None:
                stop_process(process, timeout=30)  # TERM to dramatiq's master, which stops its children
                with contextlib.suppress(ProcessLookupError):  # leftovers of the group, if any
                    os.killpg(process.pid, signal.SIGKILL)
        stop_process(api.process)
