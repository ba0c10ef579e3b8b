"""One `slipway up` per data dir, and nothing left running once it is gone, even after a SIGKILL."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil
import pytest

from backend.embedded.lock import DataDirBusy, DataDirLock
from backend.embedded.orphans import ChildRecord
from backend.embedded.ports import free_port_run
from backend.embedded.postgres import EmbeddedPostgres
from tests.conftest import ROOT, wait_until_ok

# Children get 20 s to stop after their SIGTERM (as after Ctrl-C); Postgres stops after them.
GONE_WITHIN = 45.0


def _up(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port_run(2, set())  # the API, and the model server at + 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLIPWAY_")}
    env.update(
        SLIPWAY_DATA_DIR=str(data_dir),
        SLIPWAY_API_PORT=str(port),
        SLIPWAY_EMBEDDED_S3_PORT="0",
        SLIPWAY_SERVE_PORT=str(port + 1),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "up", "--no-seed"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def _ready(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    process, base_url = _up(data_dir, log)
    try:
        wait_until_ok(f"{base_url}/readyz", process, log, timeout=120)
    except BaseException:
        _kill_tree(process)
        raise
    return process, base_url


def _naming(data_dir: Path, program: str = "") -> list[psutil.Process]:
    """Live processes whose command line names the data dir (and runs `program`, when given)."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        cmdline = process.info["cmdline"] or []
        if process.info["status"] == psutil.STATUS_ZOMBIE or not cmdline or not cmdline[0].endswith(program):
            continue
        if any(str(data_dir) in arg for arg in cmdline):
            found.append(process)
    return found


def _postmasters(data_dir: Path) -> list[int]:
    return [p.pid for p in _naming(data_dir, "/postgres")]


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def _alive(processes: list[psutil.Process]) -> list[str]:
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(f"{process.pid}: {' '.join(process.cmdline())}")
        except psutil.NoSuchProcess:
            pass
    return alive


def _ctrl_c(up: subprocess.Popen) -> int:
    os.killpg(up.pid, signal.SIGINT)
    return up.wait(60)


def _kill_tree(up: subprocess.Popen) -> None:
    """Last-resort cleanup when a test fails midway: Ctrl-C, then SIGKILL whatever is left."""
    if up.poll() is None:
        os.killpg(up.pid, signal.SIGINT)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            up.kill()


@pytest.fixture
def data_dir(tmp_path: Path):
    data_dir = tmp_path / "data"
    yield data_dir
    # Whatever a failed test left on this dir only: never a process of another stack.
    EmbeddedPostgres(data_dir / "postgres").stop()
    for process in _naming(data_dir):
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


@pytest.mark.timeout(240)
def test_a_second_up_is_refused_and_a_killed_up_leaves_nothing_running(data_dir: Path, tmp_path: Path) -> None:
    first, base_url = _ready(data_dir, tmp_path / "first.log")
    try:
        postmaster = _postmasters(data_dir)
        assert len(postmaster) == 1

        second, _ = _up(data_dir, tmp_path / "second.log")
        try:
            assert second.wait(30) != 0
        finally:
            _kill_tree(second)
        refusal = (tmp_path / "second.log").read_text()
        assert f"pid {first.pid}" in refusal and str(data_dir) in refusal, refusal
        # The refused one touched nothing of the first: same Postgres, one SeaweedFS, still ready.
        assert _postmasters(data_dir) == postmaster
        assert len(_naming(data_dir, "/weed")) == 1
        assert httpx.get(f"{base_url}/readyz", timeout=10).status_code == 200

        # API, worker (and its process), model server, SeaweedFS and watchdog; then Postgres.
        tree = psutil.Process(first.pid)
        assert _wait_for(lambda: len(tree.children(recursive=True)) >= 6, 30), tree.children(recursive=True)
        descendants = [*tree.children(recursive=True), psutil.Process(postmaster[0])]
        first.kill()
        first.wait(5)
        assert _wait_for(lambda: not _alive(descendants), GONE_WITHIN), _alive(descendants)
        assert _naming(data_dir) == []
    finally:
        _kill_tree(first)


@pytest.mark.timeout(300)
def test_the_next_up_reuses_the_postgres_a_killed_up_left_and_stops_it(data_dir: Path, tmp_path: Path) -> None:
    first, _ = _ready(data_dir, tmp_path / "first.log")
    try:
        postmaster = _postmasters(data_dir)
        children = psutil.Process(first.pid).children(recursive=True)
        watchdog = [p for p in children if "backend.embedded.watchdog" in p.cmdline()]
        assert len(watchdog) == 1
        # Kill the watchdog too: no one is left to stop this Postgres but the next `slipway up`.
        watchdog[0].kill()
        first.kill()
        first.wait(5)
        assert _wait_for(lambda: not _alive(children), GONE_WITHIN), _alive(children)
        assert _postmasters(data_dir) == postmaster
    finally:
        _kill_tree(first)

    second, base_url = _ready(data_dir, tmp_path / "second.log")
    try:
        assert _postmasters(data_dir) == postmaster  # reused, not a second server on that pgdata
        assert len(_naming(data_dir, "/weed")) == 1
    finally:
        code = _ctrl_c(second)
    assert code == 0, (tmp_path / "second.log").read_text()[-3000:]
    assert _wait_for(lambda: _naming(data_dir) == [], 10), _naming(data_dir)


def test_the_lock_names_its_owner_and_frees_itself_when_the_owner_is_killed(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from backend.embedded.lock import "
            "DataDirLock; DataDirLock(Path(sys.argv[1])).acquire(); print('locked', flush=True); time.sleep(60)",
            str(tmp_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        with pytest.raises(DataDirBusy) as refused:
            DataDirLock(tmp_path).acquire()
        assert f"pid {holder.pid}" in refused.value.message and str(tmp_path) in refused.value.message
    finally:
        holder.kill()
        holder.wait()
    lock = DataDirLock(tmp_path)
    lock.acquire(wait_for_dead_owner=0)  # no stale lock: the kernel dropped it with the process
    assert (tmp_path / "slipway.lock").read_text().strip() == str(os.getpid())
    lock.release()


def test_a_child_started_to_die_with_its_parent_gets_sigterm_when_the_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, time; from backend.embedded.orphans import die_with_parent; "
            "child = subprocess.Popen(['sleep', '60'], preexec_fn=die_with_parent()); print(child.pid, flush=True); "
            "time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    assert parent.stdout is not None
    child = psutil.Process(int(parent.stdout.readline()))
    try:
        parent.kill()
        parent.wait()
        assert _wait_for(lambda: not child.is_running() or child.status() == psutil.STATUS_ZOMBIE, 5)
    finally:
        if child.is_running():
            child.kill()


def test_leftovers_are_stopped_only_while_their_pid_is_still_the_recorded_process(tmp_path: Path) -> None:
    record = ChildRecord(tmp_path)
    left, restarted, other = (subprocess.Popen(["sleep", "60"]) for _ in range(3))
    try:
        for name, process in (("left", left), ("restarted", restarted), ("other", other)):
            record.add(name, process)
        entries = json.loads(record.path.read_text())
        entries[1]["started"] -= 5  # this pid now belongs to a process started later
        entries[2]["program"] = "/usr/bin/weed"  # this pid now runs another program
        record.path.write_text(json.dumps(entries))

        assert record.stop_leftovers(timeout=5) == [f"left (pid {left.pid})"]
        assert left.wait(5) is not None and not psutil.pid_exists(left.pid)
        assert restarted.poll() is None and other.poll() is None
        assert not record.path.exists()
    finally:
        for process in (left, restarted, other):
            process.kill()
            process.wait()
