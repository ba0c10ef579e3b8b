"""The session's servers as tests see them, and starting, waiting for and stopping the processes a test runs."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend.config import Settings
from backend.embedded.ports import free_port_pair
from backend.embedded.stack import EmbeddedStack

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Servers:
    settings: Settings  # what a child process reads from `env`
    env: dict[str, str]
    stack: EmbeddedStack


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
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "api"], env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
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
