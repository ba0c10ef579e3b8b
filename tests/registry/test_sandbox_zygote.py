"""The zygote that forks the sandbox children: one per process, replaced when it dies, never a session of its own."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from backend.registry.validation import sandbox
from backend.registry.validation.zygote import ZYGOTE, SandboxLost
from tests.registry import corpus
from tests.registry.test_sandbox import MEMORY, gone, looping_child, reap

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")


@pytest.fixture
def linear(tmp_path: Path) -> Path:
    path = tmp_path / "model.onnx"
    path.write_bytes(corpus.linear())
    return path


@pytest.fixture
def endless(tmp_path: Path) -> Path:
    path = tmp_path / "endless" / "model.onnx"
    path.parent.mkdir()
    path.write_bytes(corpus.endless_loop())
    return path


def _kill_zygote() -> int:
    """SIGKILL the zygote and wait until it can be reaped.

    Its main thread turns zombie before onnxruntime's thread has exited, and until then its socket
    still takes requests: one sent in that window fails the job (SandboxLost) and is retried.
    """
    pid = ZYGOTE.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while ZYGOTE.pid is not None:  # reaps it once every thread has exited
        assert time.monotonic() < deadline, "the zygote survived SIGKILL"
        time.sleep(0.01)
    return pid


def _threads_after_import() -> int:
    """Threads of a fresh interpreter that imported what the zygote imports, with the zygote's environment."""
    script = "import os, numpy, onnxruntime; print(len(os.listdir('/proc/self/task')))"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return int(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True).stdout)


async def test_every_child_is_forked_by_one_zygote_that_never_builds_a_session(linear: Path) -> None:
    first = await sandbox.run(linear, memory_bytes=MEMORY, timeout=60, runs=3)
    pid = ZYGOTE.pid
    second = await sandbox.run(linear, memory_bytes=MEMORY, timeout=60, runs=3)
    assert first.stage == second.stage == "done"
    assert first.code == second.code == 0
    assert ZYGOTE.pid == pid, "the same zygote served both"
    zygote = psutil.Process(pid)
    assert zygote.parent().pid == os.getpid()
    # A session would have started onnxruntime's thread pools in it: children forked then would inherit broken ones.
    assert zygote.num_threads() == await asyncio.to_thread(_threads_after_import)


async def test_a_killed_zygote_is_replaced_and_the_next_validation_passes(linear: Path) -> None:
    assert (await sandbox.run(linear, memory_bytes=MEMORY, timeout=60, runs=1)).stage == "done"
    dead = _kill_zygote()
    outcome = await sandbox.run(linear, memory_bytes=MEMORY, timeout=60, runs=1)
    assert outcome.stage == "done", outcome
    assert ZYGOTE.pid not in (None, dead)


async def test_a_zygote_killed_under_a_running_child_takes_the_child_along(endless: Path) -> None:
    run = asyncio.create_task(sandbox.run(endless, memory_bytes=MEMORY, timeout=300, runs=1))
    child = None
    try:
        child = await asyncio.to_thread(looping_child, os.getpid(), 300 + sandbox.CPU_GRACE_SECONDS)
        assert child.parent().pid == ZYGOTE.pid
        _kill_zygote()
        assert await asyncio.to_thread(gone, child, 5), "the sandbox child outlived its zygote"
        # No verdict on the model: the job fails and the broker retries it.
        with pytest.raises(SandboxLost):
            await asyncio.wait_for(run, 10)
    finally:
        run.cancel()
        reap(child)


async def test_the_timeout_kills_the_child_and_keeps_the_zygote(endless: Path) -> None:
    ZYGOTE.start()
    pid = ZYGOTE.pid
    started = time.monotonic()
    outcome = await sandbox.run(endless, memory_bytes=MEMORY, timeout=2, runs=1)
    assert outcome.too_slow and outcome.stage == "smoke"
    assert time.monotonic() - started < 10
    assert ZYGOTE.pid == pid
    assert psutil.Process(pid).children() == [], "the killed child was reaped"
