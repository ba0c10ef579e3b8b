"""P50/P95 of the `me` GraphQL query next to a bare Starlette JSON endpoint, at 1, 10 and 50 clients."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.embedded.stack import EmbeddedStack
from backend.identity.service import seed_demo
from backend.kit.db import run_in_transaction

try:
    import uvloop
except ImportError:  # uvicorn[standard] brings it on Linux and macOS only
    uvloop = None

ROOT = Path(__file__).resolve().parent.parent
BODY = {"query": "query Me { me { email role tenant { slug } } }"}


@dataclass
class Target:
    name: str
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    latencies: dict[int, list[float]] = field(default_factory=dict)  # seconds, per concurrency level
    busy: dict[int, float] = field(default_factory=dict)  # wall seconds under load, per level
    failures: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: list[str], env: dict[str, str], log: Path, base_url: str) -> subprocess.Popen:
    """Start a server process and wait for its /healthz, showing its log if it never comes up."""
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
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


async def load(pool: list[httpx.AsyncClient], target: Target, clients: int, requests: int,
               record: bool = True) -> None:
    """`clients` workers share `requests` POSTs of the `me` query; each latency is one round trip."""
    remaining = requests
    latencies: list[float] = []

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1  # no await in between, so workers never overshoot the count
            started = time.perf_counter()
            try:
                response = await client.post(f"{target.base_url}/graphql", json=BODY, headers=target.headers)
            except httpx.HTTPError as exc:
                target.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - started)
            # Both targets' answers are parsed and checked alike, so client-side cost stays equal.
            try:
                body = response.json()
            except ValueError:
                body = {}
            if response.status_code != 200 or "errors" in body or not (body.get("data") or {}).get("me"):
                target.failures.append(f"{response.status_code}: {response.text[:300]}")

    started = time.perf_counter()
    await asyncio.gather(*(worker(client) for client in pool[:clients]))
    if record:
        target.busy[clients] = target.busy.get(clients, 0.0) + time.perf_counter() - started
        target.latencies.setdefault(clients, []).extend(latencies)


async def measure(targets: list[Target], levels: list[int], requests: int, warmup: int) -> None:
    # One single-connection client per worker, like separate users: one shared httpx pool of 50
    # connections spends so much CPU on its own bookkeeping that it, not the server, sets the pace.
    async with contextlib.AsyncExitStack() as exits:
        pool = [await exits.enter_async_context(httpx.AsyncClient(limits=httpx.Limits(max_connections=1),
                                                                  timeout=30)) for _ in range(max(levels))]
        for target in targets:  # opens every connection and fills the API's database pool
            await load(pool, target, max(levels), warmup, record=False)
        for clients in levels:
            # A-B-B-A order, half the requests each time, so drift (CPU heat, autovacuum) hits both sides alike.
            first, second = targets
            for target in (first, second, second, first):
                await load(pool, target, clients, requests // 2)


def report(targets: list[Target], levels: list[int]) -> None:
    def stats(target: Target, clients: int) -> tuple[float, float, float]:
        cuts = statistics.quantiles(target.latencies[clients], n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, len(target.latencies[clients]) / target.busy[clients]

    print(f"{'target':<16}{'clients':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}")
    bare, graphql = targets
    for clients in levels:
        rows = {t.name: stats(t, clients) for t in targets}
        for name, (p50, p95, rps) in rows.items():
            print(f"{name:<16}{clients:>8}{p50:>10.2f}{p95:>10.2f}{rps:>10.0f}")
        (b50, b95, brps), (g50, g95, grps) = rows[bare.name], rows[graphql.name]
        print(f"{'graphql/bare':<16}{clients:>8}{g50 / b50:>9.1f}x{g95 / b95:>9.1f}x{grps / brps:>9.2f}x")
    for target in targets:
        if target.failures:
            print(f"\n{target.name}: {len(target.failures)} failed requests, e.g.:")
            for failure in sorted(set(target.failures))[:5]:
                print(f"  {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="Measured requests per target and level.")
    parser.add_argument("--levels", default="1,10,50", help="Comma-separated numbers of concurrent clients.")
    parser.add_argument("--warmup", type=int, default=200, help="Unmeasured requests per target first.")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    if args.requests < 4 or min(levels) < 1:
        parser.error("--requests must be at least 4 and every level at least 1")

    # SIGTERM becomes SystemExit, so the finally below still stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="slipway-bench-"))
    stack = EmbeddedStack(Settings(data_dir=workdir / "data", embedded_s3_port=0))
    servers: list[subprocess.Popen] = []
    try:
        env = {**os.environ, **stack.start()}
        effective = stack.settings_for_children()
        upgrade(effective.sqlalchemy_url)
        run_in_transaction(effective, seed_demo)

        api_port, bare_port = free_port(), free_port()
        api_url, bare_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{bare_port}"
        # WARNING: the API's per-request access log would otherwise be part of what is measured.
        api_env = {**env, "SLIPWAY_API_PORT": str(api_port), "SLIPWAY_LOG_LEVEL": "WARNING"}
        servers.append(start_server([sys.executable, "-m", "backend.cli", "api"], api_env,
                                    workdir / "api.log", api_url))
        # The same uvicorn as the API: one process on loopback, default (httptools) HTTP implementation.
        servers.append(start_server([sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--app-dir", str(ROOT),
                                     "--host", "127.0.0.1", "--port", str(bare_port), "--log-level", "warning"],
                                    dict(os.environ), workdir / "bare.log", bare_url))

        signed_in = httpx.post(f"{api_url}/auth/token", json={"username": "admin@demo", "password": "slipway"})
        signed_in.raise_for_status()
        token = signed_in.json()["access_token"]
        targets = [Target("bare starlette", bare_url, {"Authorization": f"Bearer {token}"}),
                   Target("graphql me", api_url, {"Authorization": f"Bearer {token}"})]

        print(f"{args.requests} requests per target and level after {args.warmup} warm-up; "
              f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
        # uvloop, as both servers use: the client's own overhead is part of every latency, so keep it small.
        run = uvloop.run if uvloop is not None else asyncio.run
        run(measure(targets, levels, args.requests, args.warmup))
        report(targets, levels)
        return 1 if any(t.failures for t in targets) else 0
    finally:
        for server in servers:
            stop_server(server)
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
