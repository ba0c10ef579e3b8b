"""What every benchmark runs against: embedded Postgres and S3 in a temporary directory, migrated,
with the demo users, and the API (and a worker, when asked) as processes of their own.

    with bench_stack("labels") as stack:
        url = stack.start_api()
        token = stack.sign_in(url)

Everything stops and the directory goes on exit, on an error, and on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.embedded.stack import EmbeddedStack
from backend.identity.service import seed_demo
from backend.kit.db import run_in_transaction

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    args: list[str], env: dict[str, str], log: Path, base_url: str, health: str = "/healthz"
) -> subprocess.Popen:
    """Start a server process and wait for its health path, showing its log if it never comes up."""
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180  # a loaded 2-core machine can take minutes to start a Python server
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}{health}", timeout=1).status_code == 200:
                return process
        time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"{args} did not come up:\n{log.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class BenchStack:
    workdir: Path
    settings: Settings  # what the child processes read from `env`
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start_api(self, **env: str) -> str:
        """Start the API on a free port; returns its base URL. Logs at WARNING: access logs are not measured."""
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        self.processes.append(
            start_server(
                [sys.executable, "-m", "backend.cli", "api"],
                {**self.env, "SLIPWAY_API_PORT": str(port), "SLIPWAY_LOG_LEVEL": "WARNING", **env},
                self.workdir / f"api-{port}.log",
                url,
            )
        )
        return url

    def start_model_server(self, **env: str) -> str:
        """Start `slipway serve` on a free port; returns its base URL."""
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        self.processes.append(
            start_server(
                [sys.executable, "-m", "backend.cli", "serve"],
                {**self.env, "SLIPWAY_SERVE_PORT": str(port), "SLIPWAY_LOG_LEVEL": "WARNING", **env},
                self.workdir / f"serve-{port}.log",
                url,
                health="/v2/health/live",
            )
        )
        return url

    @property
    def api_pid(self) -> int:
        return self.processes[0].pid

    def start_worker(self) -> None:
        log = (self.workdir / "worker.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "backend.cli", "worker"],
                env={**self.env, "SLIPWAY_LOG_LEVEL": "WARNING"},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )

    def sign_in(self, url: str, email: str = "admin@demo") -> str:
        answer = httpx.post(f"{url}/auth/token", json={"username": email, "password": "slipway"}, timeout=30)
        answer.raise_for_status()
        return answer.json()["access_token"]


@contextlib.contextmanager
def bench_stack(name: str) -> Iterator[BenchStack]:
    # SIGTERM becomes SystemExit, so the finally below still stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix=f"slipway-bench-{name}-"))
    stack = EmbeddedStack(Settings(data_dir=workdir / "data", embedded_s3_port=0))
    bench: BenchStack | None = None
    try:
        env = {**os.environ, **stack.start()}
        settings = stack.settings_for_children()
        upgrade(settings.sqlalchemy_url)
        run_in_transaction(settings, seed_demo)
        bench = BenchStack(workdir, settings, env)
        yield bench
    finally:
        for process in reversed(bench.processes if bench else []):
            stop_server(process)
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
