"""The sandbox child on its own: its limits, its death with its parent, and a model that never ends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from backend.registry.validation import sandbox
from backend.registry.validation.report import Report
from tests.conftest import ROOT
from tests.registry import corpus

MEMORY = 3 << 30

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")


@pytest.fixture
def endless(tmp_path: Path) -> Path:
    path = tmp_path / "model.onnx"
    path.write_bytes(corpus.endless_loop())
    return path


def looping_child(parent: int, cpu_seconds: int, timeout: float = 30) -> psutil.Process:
    """The sandbox child under `parent` once it is confined (its CPU limit is `cpu_seconds`) and looping.

    A second of CPU time means it is inside the endless inference, past its last write: a child
    killed by a broken pipe would say nothing about the death signal.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in psutil.Process(parent).children(recursive=True):
            try:
                if (
                    {"backend.registry.validation.zygote", "backend.registry.validation.sandbox"} & set(child.cmdline())
                    and child.rlimit(psutil.RLIMIT_CPU)[0] == cpu_seconds
                    and sum(child.cpu_times()[:2]) >= 1
                ):
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.02)
    raise AssertionError(f"process {parent} never ran a confined sandbox child")


def gone(process: psutil.Process, timeout: float) -> bool:
    """True once the process has exited (a zombie nobody reaped yet counts as exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def reap(child: psutil.Process | None) -> None:
    """Kill a child a failed test left running."""
    with contextlib.suppress(psutil.NoSuchProcess):
        if child is not None:
            child.kill()


async def test_the_child_holds_its_own_cpu_and_memory_limits(endless: Path) -> None:
    run = asyncio.create_task(sandbox.run(endless, memory_bytes=MEMORY, timeout=60, runs=1))
    cpu = 60 + sandbox.CPU_GRACE_SECONDS
    child = await asyncio.to_thread(looping_child, os.getpid(), cpu)
    try:
        assert child.rlimit(psutil.RLIMIT_CPU) == (cpu, cpu + 1)
        assert child.rlimit(psutil.RLIMIT_AS) == (MEMORY, MEMORY)
        assert child.rlimit(psutil.RLIMIT_CORE) == (0, 0)
    finally:
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
    assert gone(child, 5), "a cancelled run leaves no child behind"


async def test_an_endless_model_is_stopped_with_a_reason(endless: Path) -> None:
    outcome = await sandbox.run(endless, memory_bytes=MEMORY, timeout=3, runs=1)
    assert outcome.too_slow
    report = Report()
    sandbox.record(outcome, report, memory_bytes=MEMORY)
    assert report.results["session"][0] == "PASSED"
    status, message = report.results["smoke_inference"]
    assert status == "FAILED"
    assert "did not finish within 3 s" in message
    assert "Loop with a huge trip count" in message


def test_the_child_dies_with_the_process_that_started_it(endless: Path) -> None:
    script = textwrap.dedent(f"""
        import asyncio
        from pathlib import Path
        from backend.registry.validation import sandbox
        asyncio.run(sandbox.run(Path({os.fspath(endless)!r}), memory_bytes={MEMORY}, timeout=300, runs=1))
    """)
    # The parent is SIGKILLed: no timeout, no finally, no killpg of the child's own session can run.
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    child = None
    try:
        child = looping_child(parent.pid, 300 + sandbox.CPU_GRACE_SECONDS)
        parent.kill()
        parent.wait(10)
        assert gone(child, 5), "the sandbox child outlived its parent"
    finally:
        parent.kill()
        parent.wait()
        reap(child)


def test_a_child_whose_parent_died_before_it_asked_exits_at_once(endless: Path) -> None:
    # The race prctl cannot cover: the parent died between fork and prctl, so the signal never comes.
    dead = subprocess.Popen(["true"])
    dead.wait()
    command = sandbox.command(endless, memory_bytes=MEMORY, cpu_seconds=60, runs=1, parent=dead.pid)
    child = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=30, check=False)
    assert child.returncode == 1
    assert b"is gone" in child.stderr
    assert b'"stage"' not in child.stdout, "it stopped before touching the model"


def test_the_cpu_limit_stops_a_child_nobody_times(endless: Path) -> None:
    # The parent here sets no timeout at all: only the child's own RLIMIT_CPU can end the loop.
    command = sandbox.command(endless, memory_bytes=MEMORY, cpu_seconds=3, runs=1, parent=os.getpid())
    child = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60, check=False)
    assert child.returncode == -signal.SIGXCPU
