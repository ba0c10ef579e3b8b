"""`slipway up` on embedded defaults: starts everything, Ctrl-C stops everything, a restart keeps the data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from backend.embedded.ports import free_port_run
from tests.conftest import ROOT, wait_until_ok


def _start(data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLIPWAY_")}
    env.update(
        SLIPWAY_DATA_DIR=str(data_dir),
        SLIPWAY_API_PORT=str(port),
        SLIPWAY_EMBEDDED_S3_PORT="0",
        SLIPWAY_SERVE_PORT=str(port + 1),
    )
    # Its own session, so the test can send Ctrl-C to the whole group as a terminal does.
    return subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "up"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_ready(base_url: str, up: subprocess.Popen, log: Path) -> None:
    wait_until_ok(f"{base_url}/readyz", up, log, timeout=120)


def _everything_it_runs(up: subprocess.Popen, data_dir: Path) -> list[psutil.Process]:
    processes = psutil.Process(up.pid).children(recursive=True)
    postmaster = int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])
    return [*processes, psutil.Process(postmaster)]


def _ctrl_c(up: subprocess.Popen) -> int:
    os.killpg(up.pid, signal.SIGINT)
    return up.wait(60)


def _sign_in(base_url: str) -> dict[str, str]:
    token = httpx.post(f"{base_url}/auth/token", json={"username": "admin@demo", "password": "slipway"}).json()
    return {"authorization": f"Bearer {token['access_token']}"}


def test_up_serves_stops_cleanly_and_reuses_its_data(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", free_port_run(2, set())  # the API, and the model server at + 1
    base_url = f"http://127.0.0.1:{port}"

    first = _start(data_dir, port, tmp_path / "first.log")
    try:
        _wait_ready(base_url, first, tmp_path / "first.log")
        output = (tmp_path / "first.log").read_text()
        assert f"Slipway is starting at {base_url}" in output and "admin@demo" in output
        headers = _sign_in(base_url)
        ping = httpx.post(
            f"{base_url}/graphql", headers=headers, json={"query": 'mutation { ping(message: "remember me") { id } }'}
        ).json()
        assert ping["data"]["ping"]["id"]
        wait_until_ok(f"http://127.0.0.1:{port + 1}/v2/health/ready", first, tmp_path / "first.log")
        running = _everything_it_runs(first, data_dir)
        assert len(running) >= 5  # API, worker (and its process), model server, SeaweedFS, Postgres
    finally:
        code = _ctrl_c(first)
    assert code == 0, (tmp_path / "first.log").read_text()[-3000:]
    time.sleep(1)
    assert [p.pid for p in running if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == []

    second = _start(data_dir, port, tmp_path / "second.log")
    try:
        _wait_ready(base_url, second, tmp_path / "second.log")
        assert "created the demo tenants" not in (tmp_path / "second.log").read_text()
        audit = httpx.post(
            f"{base_url}/graphql",
            headers=_sign_in(base_url),
            json={"query": '{ auditLog(action: "ping.requested") { edges { node { targetId } } } }'},
        )
        assert len(audit.json()["data"]["auditLog"]["edges"]) == 1
    finally:
        assert _ctrl_c(second) == 0
