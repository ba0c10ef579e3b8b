"""P50/P95 of the `me` GraphQL query next to a bare Starlette JSON endpoint, at 1, 10 and 50 clients."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

try:
    import uvloop
except ImportError:  # uvicorn[standard] brings it on Linux and macOS only
    uvloop = None

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import ROOT, bench_stack, free_port, start_server

BODY = {"query": "query Me { me { email role tenant { slug } } }"}


@dataclass
class Target:
    name: str
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    latencies: dict[int, list[float]] = field(default_factory=dict)  # seconds, per concurrency level
    busy: dict[int, float] = field(default_factory=dict)  # wall seconds under load, per level
    failures: list[str] = field(default_factory=list)


async def load(pool: list[httpx.AsyncClient], target: Target, clients: int, requests: int, record: bool = True) -> None:
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
        pool = [
            await exits.enter_async_context(httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=30))
            for _ in range(max(levels))
        ]
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

    with bench_stack("me") as stack:
        api_url = stack.start_api()
        bare_port = free_port()
        bare_url = f"http://127.0.0.1:{bare_port}"
        # The same uvicorn as the API: one process on loopback, default (httptools) HTTP implementation.
        stack.processes.append(
            start_server(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.bare_app:app",
                    "--app-dir",
                    str(ROOT),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                ],
                dict(os.environ),
                stack.workdir / "bare.log",
                bare_url,
            )
        )
        token = stack.sign_in(api_url)
        targets = [
            Target("bare starlette", bare_url, {"Authorization": f"Bearer {token}"}),
            Target("graphql me", api_url, {"Authorization": f"Bearer {token}"}),
        ]

        print(
            f"{args.requests} requests per target and level after {args.warmup} warm-up; "
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n"
        )
        # uvloop, as both servers use: the client's own overhead is part of every latency, so keep it small.
        run = uvloop.run if uvloop is not None else asyncio.run
        run(measure(targets, levels, args.requests, args.warmup))
        report(targets, levels)
        return 1 if any(t.failures for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
