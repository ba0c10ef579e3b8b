"""A worker SIGKILLed while its sandbox runs an endless model: nothing of it survives, the version still ends.

Nothing means the model's child and the zygote that forked it (a zygote of its own session, which
a kill of the worker's process group does not reach: only its death signal ends it).

The API and the workers use a queue of their own and a temp directory of their own, so the
session's shared worker cannot take the job and the sweep is seen on this test's folders only.
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

import psutil
import pytest

from backend.identity.roles import Role
from backend.registry.validation import sandbox, workdir
from tests.conftest import ROOT, start_api, stop_process
from tests.registry import corpus
from tests.registry.helpers import register, upload, wait_final
from tests.registry.test_sandbox import gone, looping_child, reap

DS = Role.DATA_SCIENTIST
FIRST_TIMEOUT, SECOND_TIMEOUT = 600, 3

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")


def _start_worker(servers, log: Path, *, queue: str, scratch: Path, timeout: int) -> subprocess.Popen:
    env = {
        **servers.env,
        "SLIPWAY_VALIDATION_QUEUE": queue,
        "SLIPWAY_LOG_LEVEL": "INFO",
        "TMPDIR": os.fspath(scratch),
        "SLIPWAY_VALIDATION_TIMEOUT_SECONDS": str(timeout),
    }
    # A session of its own, as a supervisor would kill it: master and forked workers at once.
    return subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_until_gone(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while path.exists():
        assert time.monotonic() < deadline, f"{path} was never swept"
        time.sleep(0.1)


def _processes_naming(path: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        if process.info["status"] != psutil.STATUS_ZOMBIE and any(
            os.fspath(path) in arg for arg in process.info["cmdline"] or ()
        ):
            found.append(process)
    return found


async def test_a_killed_worker_leaves_no_sandbox_and_no_folder_and_the_version_ends(servers, tenant, tmp_path) -> None:
    queue, scratch = f"validate-{secrets.token_hex(3)}", tmp_path / "tmp"
    scratch.mkdir()
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_VALIDATION_QUEUE=queue)
    second_log = tmp_path / "worker-2.log"
    first = _start_worker(servers, tmp_path / "worker-1.log", queue=queue, scratch=scratch, timeout=FIRST_TIMEOUT)
    second = child = None
    try:
        tenant.base_url = api.base_url
        name = f"loop-{secrets.token_hex(4)}"
        await register(tenant, DS, name)
        answer = (await upload(api.base_url, tenant.users[DS].token, corpus.endless_loop(), model_name=name)).ok()
        version_id = answer["uploadModelVersion"]["version"]["id"]
        child = await asyncio.to_thread(looping_child, first.pid, FIRST_TIMEOUT + sandbox.CPU_GRACE_SECONDS, 90)
        [folder] = scratch.glob(f"{workdir.PREFIX}*")
        zygote = child.parent()
        assert "backend.registry.validation.zygote" in zygote.cmdline()

        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        assert await asyncio.to_thread(gone, child, 5), "the sandbox child outlived its worker"
        assert await asyncio.to_thread(gone, zygote, 5), "the zygote outlived its worker"
        assert _processes_naming(folder) == []
        assert (folder / "model.onnx").exists(), "a SIGKILLed worker cannot clean up: only the sweep removes it"

        second = _start_worker(servers, second_log, queue=queue, scratch=scratch, timeout=SECOND_TIMEOUT)
        await asyncio.to_thread(_wait_until_gone, folder, 60)
        # The sweep logs after it has removed the folders: give the line a moment to reach the file.
        for _ in range(50):
            if "removed validation folders of dead workers" in second_log.read_text():
                break
            await asyncio.sleep(0.1)
        assert "removed validation folders of dead workers" in second_log.read_text()

        # The dead worker's heartbeat expires (20 s), maintenance requeues its message, the new worker runs it.
        version = await wait_final(tenant, Role.VIEWER, version_id, timeout=150)
        assert version["status"] == "VALIDATION_FAILED"
        report = {row["name"]: row for row in version["report"]}
        assert report["session"]["status"] == "PASSED"
        assert report["smoke_inference"]["status"] == "FAILED"
        assert f"did not finish within {SECOND_TIMEOUT} s" in report["smoke_inference"]["message"]
        assert "Loop with a huge trip count" in report["smoke_inference"]["message"]
        assert not list(scratch.glob(f"{workdir.PREFIX}*")), "the second worker cleaned up its own folder"
    finally:
        for process in (first, second):
            if process is not None:
                stop_process(process, timeout=30)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        stop_process(api.process)
        reap(child)


def _zygote_of(master: psutil.Process, timeout: float) -> psutil.Process:
    """The zygote a worker process starts at boot, under the dramatiq master `master`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in master.children(recursive=True):
            try:
                if "backend.registry.validation.zygote" in process.cmdline():
                    return process
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.1)
    raise AssertionError("the worker never started its zygote")


async def test_a_killed_worker_process_leaves_no_zygote(servers, tmp_path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    master = _start_worker(
        servers, tmp_path / "worker.log", queue=f"idle-{secrets.token_hex(3)}", scratch=scratch, timeout=5
    )
    try:
        zygote = await asyncio.to_thread(_zygote_of, psutil.Process(master.pid), 60)
        worker = zygote.parent()
        assert worker.pid != master.pid, "the zygote belongs to a worker process, not to the master"
        worker.kill()  # that process alone: no cleanup of its own runs, and the zygote has a session of its own
        assert await asyncio.to_thread(gone, zygote, 5), "the zygote outlived its worker"
    finally:
        stop_process(master, timeout=5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(master.pid, signal.SIGKILL)
