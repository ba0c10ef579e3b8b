"""What payload logging costs `slipway serve` /infer: throughput and latency with logging off, at 10 % and at
100 % sampling, in the same run (goal: at most 10 % less throughput at 100 %).

A small model (scikit-learn LogisticRegression on 4 features, one row per JSON request: the case where the
per-request overhead of logging weighs most) is registered three times and each copy deployed to staging
through the API, so the model server finds each deployment's sampling rate the way production does
(setPayloadLogging): one deployment logs nothing, one 10 %, one 100 %. The arms are therefore three
endpoints of one server, with nothing to change between them: they run back to back, a few hundred
milliseconds each, in a new random order each round, and the cost is the median over rounds of one
round's 100 % throughput against its own "off". This shared machine's speed swings by a fifth over
seconds; arms that close together see the same speed.

An arm's clock runs until the writer has stored every full batch its requests made (the server writes
only full batches here: SLIPWAY_PAYLOAD_FLUSH_SECONDS is an hour, so no timer writes a part of one into
another arm's time), so the 100 % arm pays for its own conversion and COPY. The client is
bench/serving.py's: one keep-alive connection per client, the request prepared once. After the run it
prints the rows written, queued and dropped, so a cheap figure cannot hide lost rows, and the CPU time the
model server and the bench's own Postgres spent per request: a figure that other sessions' load does not
move much.

Run: `.venv/bin/python -m bench.payload_logging [--requests 50000] [--rounds 20] [--levels 8,32]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import psutil

try:
    import uvloop
except ImportError:
    uvloop = None

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from backend.config import Settings
from bench.serving import Case, Connection, Result, Target, over_http, prepared, small_model, upload_validated
from bench.stack import bench_stack, free_port, start_server

RATES = (0.0, 10.0, 100.0)
DEPLOY = """mutation D($input: DeployModelVersionInput!) { deployModelVersion(input: $input) { id } }"""
DEPLOYMENT = "query Q($id: ID!) { deployment(id: $id) { status endpointUrl message } }"
SET_LOGGING = """mutation S($id: ID!, $p: Float!) {
  setPayloadLogging(deploymentId: $id, samplePercent: $p) { samplePercent } }"""


def graphql(api_url: str, token: str, query: str, variables: dict) -> dict:
    answer = httpx.post(
        f"{api_url}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    ).json()
    if answer.get("errors"):
        raise RuntimeError(answer["errors"])
    return answer["data"]


def deploy_staging(api_url: str, token: str, version_id: str) -> tuple[str, str]:
    """(deployment id, endpoint URL) once the version is LIVE in staging."""
    inputs = {"versionId": version_id, "environment": "STAGING", "strategy": "DIRECT"}
    deployment_id = graphql(api_url, token, DEPLOY, {"input": inputs})["deployModelVersion"]["id"]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = graphql(api_url, token, DEPLOYMENT, {"id": deployment_id})["deployment"]
        if found["status"] == "LIVE":
            return deployment_id, found["endpointUrl"]
        if found["status"] in ("FAILED", "ROLLED_BACK"):
            raise RuntimeError(f"deployment {found['status']}: {found['message']}")
        time.sleep(0.5)
    raise RuntimeError("deployment never LIVE")


def set_rate(api_url: str, token: str, deployment_id: str, endpoint: str, body: bytes, rate: float) -> None:
    """Set the rate and wait until the model server applies it (a server-made request id means sampled)."""
    graphql(api_url, token, SET_LOGGING, {"id": deployment_id, "p": rate})
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        sampled = [
            "x-request-id" in httpx.post(endpoint, content=body, headers=headers, timeout=10).headers for _ in range(20)
        ]
        if (rate == 0 and not any(sampled)) or (rate == 100 and all(sampled)) or 0 < rate < 100:
            # An intermediate rate cannot be seen in 20 requests: every rate waits the same for the server to
            # re-read it, so no arm starts from a longer pause than another.
            time.sleep(0.5)
            return
        time.sleep(0.2)
    raise RuntimeError(f"the model server did not apply {rate} %")


class Cpu:
    """CPU seconds (user + system) of the model server and of the bench's own Postgres processes."""

    def __init__(self, serve_pid: int, workdir: Path) -> None:
        self.serve = psutil.Process(serve_pid)
        self.postmaster = next(
            p
            for p in psutil.process_iter(["name", "cmdline"])
            if p.info["name"] == "postgres" and str(workdir) in " ".join(p.info["cmdline"] or [])
        )

    def now(self) -> tuple[float, float]:
        def used(process: psutil.Process) -> float:
            try:
                times = process.cpu_times()
                return times.user + times.system
            except psutil.NoSuchProcess:  # a backend that ended: its time is lost either way
                return 0.0

        postgres = used(self.postmaster) + sum(used(c) for c in self.postmaster.children(recursive=True))
        return used(self.serve), postgres


def counter(metrics: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines() if line.startswith(name))


class Sampled(Connection):
    """A connection that counts the answers the server sampled: it names them with a request id of its own
    (the client sends none)."""

    sampled = 0

    async def post(self, request: bytes) -> tuple[int, bytes]:
        status, content = await super().post(request)
        self.sampled += self.head is not None and b"x-request-id:" in self.head.lower()
        return status, content


def sampled_so_far(pool: list[dict]) -> int:
    return sum(connection.sampled for connections in pool for connection in connections.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50000, help="Measured requests per rate and level.")
    parser.add_argument("--rounds", type=int, default=20, help="Rounds the requests of each arm are split into.")
    parser.add_argument("--levels", default="8,32", help="Comma-separated numbers of concurrent clients.")
    parser.add_argument("--warmup", type=int, default=1000, help="Unmeasured requests per endpoint first.")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    case = Case("small", small_model(), "X", np.random.default_rng(1).normal(size=(1, 4)).astype(np.float32), False)
    body, body_headers = case.body()
    batch = Settings().payload_batch_size

    with bench_stack("payload-logging") as stack:
        port = free_port()
        serve_url = f"http://127.0.0.1:{port}"
        stack.env["SLIPWAY_SERVE_PORT"] = str(port)  # where the worker pushes routes and the API points
        stack.processes.append(
            start_server(
                [sys.executable, "-m", "backend.cli", "serve"],
                {
                    **stack.env,
                    "SLIPWAY_LOG_LEVEL": "WARNING",
                    "SLIPWAY_PAYLOAD_TARGETS_SECONDS": "0.1",
                    "SLIPWAY_PAYLOAD_FLUSH_SECONDS": "3600",
                },
                stack.workdir / "serve.log",
                serve_url,
                health="/v2/health/live",
            )
        )
        cpu = Cpu(stack.processes[-1].pid, stack.workdir)
        spent: dict[tuple[float, int], list[float]] = {}  # (serve s, postgres s, requests)
        rounds: dict[tuple[float, int], list[float]] = {}  # req/s of each round
        api_url = stack.start_api()
        stack.start_worker()
        admin = stack.sign_in(api_url)
        targets: dict[float, Target] = {}
        for rate in RATES:
            version_id, _ = upload_validated(api_url, admin, f"logged-{rate:.0f}", case.data)
            deployment_id, endpoint = deploy_staging(api_url, admin, version_id)
            set_rate(api_url, admin, deployment_id, endpoint, body, rate)
            targets[rate] = Target(endpoint, {**body_headers, "Authorization": f"Bearer {admin}"}, body)
        run = uvloop.run if uvloop is not None else asyncio.run

        def accounted() -> tuple[int, int]:
            """(sampled requests written, dropped or waiting in the queue; of those, the ones waiting)."""
            metrics = httpx.get(f"{serve_url}/metrics", timeout=10).text
            queued = int(counter(metrics, "slipway_serve_payload_queue"))
            done = counter(metrics, "slipway_serve_payload_logged_total") + counter(
                metrics, "slipway_serve_payload_dropped_total"
            )
            return int(done) + queued, queued

        async def drained(sampled: int) -> None:
            """Until no batch is being written and none is due: what waits is under one batch."""
            while True:
                seen, queued = await asyncio.to_thread(accounted)
                if seen >= sampled and queued < batch:
                    return
                await asyncio.sleep(0.005)

        async def measure() -> tuple[dict[tuple[float, int], Result], int]:
            """Every arm on one event loop: the keep-alive connections live on it."""
            found: dict[tuple[float, int], Result] = {}
            pool: list[dict] = [{} for _ in range(max(levels))]
            for connections in pool:  # one connection per client and endpoint, each counting sampled answers
                for target in targets.values():
                    address, _ = prepared(target.url, target.body, target.headers)
                    connections[address] = Sampled(*address)
            shuffle = random.Random(7)
            await asyncio.sleep(1)  # the rate checks' requests are queued by now (only full batches are written)
            earlier = accounted()[0]  # sampled before the run: the rate checks' requests
            try:
                for clients in levels:
                    for rate in RATES:
                        await over_http(pool, targets[rate], clients, args.warmup)
                        await drained(earlier + sampled_so_far(pool))
                    for _ in range(args.rounds):
                        for rate in shuffle.sample(RATES, len(RATES)):
                            before = cpu.now()
                            started = time.perf_counter()
                            part = await over_http(pool, targets[rate], clients, args.requests // args.rounds)
                            # The clock stops once the writer stored every full batch: the arm pays for its own.
                            await drained(earlier + sampled_so_far(pool))
                            part.busy = time.perf_counter() - started
                            after = cpu.now()
                            totals = spent.setdefault((rate, clients), [0.0, 0.0, 0])
                            totals[0] += after[0] - before[0]
                            totals[1] += after[1] - before[1]
                            totals[2] += len(part.latencies)
                            found.setdefault((rate, clients), Result()).add(part)
                            rounds.setdefault((rate, clients), []).append(len(part.latencies) / part.busy)
            finally:
                for connections in pool:
                    for connection in connections.values():
                        connection.close()
            return found, earlier + sampled_so_far(pool)

        results, sampled = run(measure())
        metrics = httpx.get(f"{serve_url}/metrics", timeout=10).text

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()}")
    print(
        f"{'logging':<10}{'clients':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}{'vs off':>10}"
        f"{'serve µs/req':>14}{'pg µs/req':>11}"
    )
    failed = False
    for clients in levels:
        off = results[(0.0, clients)].figures()[2]
        for rate in RATES:
            result = results[(rate, clients)]
            p50, p95, rps = result.figures()
            label = "off" if rate == 0 else f"{rate:.0f} %"
            serve_s, pg_s, count = spent[(rate, clients)]
            print(
                f"{label:<10}{clients:>8}{p50:>10.3f}{p95:>10.3f}{rps:>10.0f}{rps / off:>9.2f}x"
                f"{serve_s / count * 1e6:>14.0f}{pg_s / count * 1e6:>11.0f}"
            )
            if result.failures:
                failed = True
                print(f"  {len(result.failures)} failed, e.g. {result.failures[0]}")
        ratios = [on / off for on, off in zip(rounds[(100.0, clients)], rounds[(0.0, clients)], strict=True)]
        cost = 1 - statistics.median(ratios)
        print(
            f"cost of 100 % logging at {clients} clients: {cost * 100:.1f} % (median of {len(ratios)} rounds, "
            f"each from {min(ratios):.2f}x to {max(ratios):.2f}x; goal: at most 10 %)"
        )
    logged = counter(metrics, "slipway_serve_payload_logged_total")
    dropped = counter(metrics, "slipway_serve_payload_dropped_total")
    queued = counter(metrics, "slipway_serve_payload_queue")
    print(
        f"sampled {sampled} (the rate checks' included): payload rows written {logged:.0f}, still queued {queued:.0f} (under one batch), dropped {dropped:.0f}"
    )
    lost = sampled - logged - queued - dropped
    return 1 if failed or lost or dropped else 0


if __name__ == "__main__":
    sys.exit(main())
