"""A mixed GraphQL workload (`me`, a models page, an hour of asset history, a mutation) at 10, 50 and 200
clients for a fixed time against one API process: req/s, P50/P95/P99, answers by status and code, the
API's Postgres connections in use, and /healthz while it runs — next to a bare Starlette app doing one
indexed query per request on the same Postgres, in the same run.

    .venv/bin/python bench/load.py [--levels 10,50,200] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

try:
    import uvloop
except ImportError:  # uvicorn[standard] brings it on Linux and macOS only
    uvloop = None

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import ROOT, bench_stack, free_port, start_server

ME = {"query": "query Me { me { email role tenant { slug } } }"}
MODELS = {"query": "query Models { models(first: 20) { edges { node { id name } } } }"}
HISTORY = """query History($id: ID!, $from: DateTime!, $to: DateTime!) {
  asset(id: $id) { history(from: $from, to: $to) { bucketSeconds series { tag { name } times avg } } }
}"""
REGISTER = "mutation Register($name: String!) { registerModel(name: $name) { id } }"


@dataclass
class Level:
    clients: int
    latencies: list[float] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    in_use: list[float] = field(default_factory=list)
    healthz: list[float] = field(default_factory=list)


def bodies(asset_id: str | None) -> itertools.cycle:
    """The API's mix: a read of each kind and a write, in turn."""
    now = datetime.now(UTC)
    mix: list[object] = [ME, MODELS]
    if asset_id:
        mix.append(
            {
                "query": HISTORY,
                "variables": {"id": asset_id, "from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat()},
            }
        )
    mix.append("register")
    return itertools.cycle(mix)


def outcome(response: httpx.Response) -> str:
    try:
        errors = response.json().get("errors")
    except ValueError:
        errors = None
    code = errors[0].get("extensions", {}).get("code", "?") if errors else "ok"
    return f"{response.status_code} {code}"


async def run_level(
    base_url: str,
    path: str,
    headers: dict[str, str],
    level: Level,
    seconds: float,
    asset_id: str | None,
    metrics_url: str | None,
) -> None:
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=1)

    async def client(i: int) -> None:
        mix = bodies(asset_id)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as http:
            while time.perf_counter() < deadline:
                body = next(mix)
                if body == "register":
                    body = {"query": REGISTER, "variables": {"name": f"load-{uuid.uuid4().hex[:12]}"}}
                started = time.perf_counter()
                try:
                    response = await http.post(path, json=body, headers=headers)
                except httpx.HTTPError as exc:
                    level.outcomes[type(exc).__name__] += 1
                    continue
                level.latencies.append(time.perf_counter() - started)
                level.outcomes[outcome(response)] += 1

    async def watch() -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                with contextlib.suppress(httpx.HTTPError):
                    await http.get("/healthz")
                    level.healthz.append(time.perf_counter() - started)
                if metrics_url:
                    with contextlib.suppress(httpx.HTTPError, StopIteration):
                        lines = (await http.get(metrics_url)).text.splitlines()
                        level.in_use.append(
                            next(
                                float(x.rsplit(" ", 1)[1])
                                for x in lines
                                if x.startswith('slipway_db_connections{state="in_use"}')
                            )
                        )
                await asyncio.sleep(0.5)

    started = time.perf_counter()
    await asyncio.gather(watch(), *(client(i) for i in range(level.clients)))
    level.seconds = time.perf_counter() - started


def report(name: str, levels: list[Level]) -> dict[int, float]:
    print(f"\n{name}")
    print(f"{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'healthz max':>13}{'conns':>7}  answers")
    rates = {}
    for level in levels:
        q = statistics.quantiles(level.latencies, n=100, method="inclusive") if len(level.latencies) > 1 else [0] * 99
        rate = len(level.latencies) / level.seconds
        rates[level.clients] = rate
        conns = f"{max(level.in_use):.0f}" if level.in_use else "-"
        print(
            f"{level.clients:>8}{rate:>9.1f}{q[49] * 1000:>9.0f}{q[94] * 1000:>9.0f}{q[98] * 1000:>9.0f}"
            f"{max(level.healthz, default=0) * 1000:>11.0f}ms{conns:>7}  {dict(level.outcomes)}"
        )
    return rates


async def measure(
    api_url: str, bare_url: str, token: str, asset_id: str | None, clients: list[int], seconds: float
) -> None:
    headers = {"authorization": f"Bearer {token}"}
    api_levels, bare_levels = [Level(n) for n in clients], [Level(n) for n in clients]
    for api_level, bare_level in zip(api_levels, bare_levels, strict=True):
        await run_level(bare_url, "/query", headers, bare_level, seconds / 2, None, None)
        await run_level(api_url, "/graphql", headers, api_level, seconds, asset_id, "/metrics")
        await run_level(bare_url, "/query", headers, bare_level, seconds / 2, None, None)
    api = report("API, mixed workload (me, models page, 1 h of history, registerModel)", api_levels)
    bare = report("bare Starlette + asyncpg, one indexed query per request", bare_levels)
    print("\napi/bare req/s: " + ", ".join(f"{n} clients {api[n] / bare[n]:.2f}x" for n in clients))
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="10,50,200", help="Comma-separated numbers of concurrent clients.")
    parser.add_argument(
        "--seconds",
        type=float,
        default=20,
        help="Measured seconds per level for the API (the bare app gets as long, in two halves around it).",
    )
    args = parser.parse_args()
    clients = [int(n) for n in args.levels.split(",")]
    with bench_stack("load") as stack:
        subprocess.run(
            [sys.executable, "-m", "backend.cli", "demo", "--days", "1"],
            env=stack.env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        api_url = stack.start_api()
        bare_port = free_port()
        bare_url = f"http://127.0.0.1:{bare_port}"
        stack.processes.append(
            start_server(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.bare_query:app",
                    "--app-dir",
                    str(ROOT),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                ],
                {**os.environ, "BENCH_DATABASE_URL": stack.settings.libpq_url},
                stack.workdir / "bare.log",
                bare_url,
            )
        )
        token = stack.sign_in(api_url)
        assets = httpx.post(
            f"{api_url}/graphql",
            json={"query": "{ assets(first: 1) { edges { node { id } } } }"},
            headers={"authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
        edges = assets["data"]["assets"]["edges"]
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.seconds:g} s per level")
        run = uvloop.run if uvloop is not None else asyncio.run
        run(measure(api_url, bare_url, token, edges[0]["node"]["id"] if edges else None, clients, args.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
