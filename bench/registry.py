"""Registry reads next to MLflow 3's model registry: list, get and search by name at 1, 10 and 50 clients.

Both run on the same embedded Postgres (MLflow in a database of its own) and the same SeaweedFS,
hold the same 200 models x 5 versions, and are measured in the same run, A-B-B-A:

- list: `models(first: 50)` with each model's latest version (`versions(first: 1)`), against
  `registered-models/search?max_results=50` (which answers each model's latest version);
- get: the web app's model page, `model(id)` with its versions, against `registered-models/get`
  plus `model-versions/search` for that name (two requests, one latency);
- search: `models(first: 50, search: "pump")` against `filter=name ILIKE '%pump%'` (Slipway's search
  is case-insensitive), 25 of the 200 models per term.

    make bench-peers   # MLflow lives in .venv-peers
    .venv/bin/python bench/registry.py [--requests 400] [--levels 1,10,50] [--warmup 50] [--api-workers 4]

MLflow's server runs its default four worker processes; Slipway's API runs as many
(SLIPWAY_API_WORKERS, `--api-workers`), each with a pool of 5 connections, so both use the same
processes on the same cores.
    .venv/bin/python bench/registry.py --profile list.prof   # Slipway's list at 10 clients under cProfile
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import pstats
import signal
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

try:
    import uvloop
except ImportError:  # uvicorn[standard] brings it on Linux and macOS only
    uvloop = None

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.peers import mlflow
from bench.peers.seed import ModelSet, seed_slipway
from bench.stack import bench_stack, free_port, start_server

LIST = """query ModelsPage($search: String) {
  models(first: 50, search: $search) {
    edges { node { id name description tags latestVersion versions(first: 1) { id version status } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
GET = """query ModelPage($id: ID!) {
  model(id: $id) { id name description tags createdAt versions { id version status stage description createdAt } }
}"""
OPS = ("list", "get", "search")

Call = Callable[[httpx.AsyncClient, int], Awaitable[str | None]]  # request i -> what was wrong, or None


@dataclass
class Target:
    system: str
    op: str
    call: Call
    latencies: dict[int, list[float]] = field(default_factory=dict)
    busy: dict[int, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def slipway_calls(url: str, token: str, models: ModelSet) -> dict[str, Call]:
    headers = {"Authorization": f"Bearer {token}"}

    async def graphql(http: httpx.AsyncClient, body: dict) -> tuple[dict | None, str | None]:
        answer = await http.post(f"{url}/graphql", json=body, headers=headers)
        try:
            payload = answer.json()
        except ValueError:
            payload = {}
        if answer.status_code != 200 or payload.get("errors") or not payload.get("data"):
            return None, f"{answer.status_code}: {answer.text[:300]}"
        return payload["data"], None

    def check_page(data: dict, expected: list[str]) -> str | None:
        nodes = [edge["node"] for edge in data["models"]["edges"]]
        if [node["name"] for node in nodes] != expected:
            return f"names {[node['name'] for node in nodes][:3]}… instead of {expected[:3]}…"
        if any(node["latestVersion"] != 5 or [v["version"] for v in node["versions"]] != [5] for node in nodes):
            return "a model without its latest version, 5"
        return None

    async def list_(http: httpx.AsyncClient, i: int) -> str | None:
        data, wrong = await graphql(http, {"query": LIST, "variables": {}})
        return wrong or check_page(data, models.first_page)

    async def get(http: httpx.AsyncClient, i: int) -> str | None:
        name = models.names[i % len(models.names)]
        data, wrong = await graphql(http, {"query": GET, "variables": {"id": models.slipway_ids[name]}})
        if wrong:
            return wrong
        model = data["model"]
        if model["name"] != name or [v["version"] for v in model["versions"]] != [5, 4, 3, 2, 1]:
            return f"get {name}: {str(model)[:200]}"
        return None

    async def search(http: httpx.AsyncClient, i: int) -> str | None:
        term = models.terms[i % len(models.terms)]
        data, wrong = await graphql(http, {"query": LIST, "variables": {"search": term}})
        return wrong or check_page(data, models.matching(term))

    return {"list": list_, "get": get, "search": search}


def mlflow_calls(url: str, models: ModelSet) -> dict[str, Call]:
    api = f"{url}{mlflow.API}"

    async def fetch(http: httpx.AsyncClient, path: str, params: dict) -> tuple[dict | None, str | None]:
        answer = await http.get(f"{api}/{path}", params=params)
        try:
            payload = answer.json()
        except ValueError:
            payload = None
        if answer.status_code != 200 or payload is None:
            return None, f"{answer.status_code}: {answer.text[:300]}"
        return payload, None

    def check_page(payload: dict, expected: list[str]) -> str | None:
        found = payload.get("registered_models", [])
        if [m["name"] for m in found] != expected:
            return f"names {[m['name'] for m in found][:3]}… instead of {expected[:3]}…"
        if any("5" not in [v["version"] for v in m.get("latest_versions", [])] for m in found):
            return "a model without its latest version 5"
        return None

    async def list_(http: httpx.AsyncClient, i: int) -> str | None:
        payload, wrong = await fetch(http, "registered-models/search", {"max_results": 50})
        return wrong or check_page(payload, models.first_page)

    async def get(http: httpx.AsyncClient, i: int) -> str | None:
        name = models.names[i % len(models.names)]
        model, wrong = await fetch(http, "registered-models/get", {"name": name})
        if wrong:
            return wrong
        versions, wrong = await fetch(http, "model-versions/search", {"filter": f"name='{name}'"})
        if wrong:
            return wrong
        numbers = sorted(int(v["version"]) for v in versions.get("model_versions", []))
        if model["registered_model"]["name"] != name or numbers != [1, 2, 3, 4, 5]:
            return f"get {name}: versions {numbers}"
        return None

    async def search(http: httpx.AsyncClient, i: int) -> str | None:
        term = models.terms[i % len(models.terms)]
        params = {"max_results": 50, "filter": f"name ILIKE '%{term}%'"}
        payload, wrong = await fetch(http, "registered-models/search", params)
        return wrong or check_page(payload, models.matching(term))

    return {"list": list_, "get": get, "search": search}


async def load(pool: list[httpx.AsyncClient], target: Target, clients: int, requests: int, record: bool = True) -> None:
    """`clients` workers share `requests` operations; each latency is one operation's round trip(s)."""
    numbers = itertools.count()
    remaining = requests
    latencies: list[float] = []

    async def worker(http: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1  # no await in between, so workers never overshoot the count
            started = time.perf_counter()
            try:
                wrong = await target.call(http, next(numbers))
            except (httpx.HTTPError, KeyError, TypeError) as exc:
                wrong = f"{type(exc).__name__}: {exc}"
            latencies.append(time.perf_counter() - started)
            if wrong:
                target.failures.append(wrong)

    started = time.perf_counter()
    await asyncio.gather(*(worker(http) for http in pool[:clients]))
    if record:
        target.busy[clients] = target.busy.get(clients, 0.0) + time.perf_counter() - started
        target.latencies.setdefault(clients, []).extend(latencies)


async def measure(pairs: list[tuple[Target, Target]], levels: list[int], requests: int, warmup: int) -> list[str]:
    loads: list[str] = []
    async with contextlib.AsyncExitStack() as exits:
        # One single-connection client per worker, like separate users (see me_query.py for why).
        pool = [
            await exits.enter_async_context(httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=60))
            for _ in range(max(levels))
        ]
        for pair in pairs:
            for target in pair:  # opens every connection, fills pools and caches on both sides
                await load(pool, target, max(levels), warmup, record=False)
        for clients in levels:
            for first, second in pairs:
                # A-B-B-A, half the requests each time, so drift on the machine hits both alike.
                for target in (first, second, second, first):
                    await load(pool, target, clients, requests // 2)
            loads.append(f"{clients} clients: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return loads


def report(pairs: list[tuple[Target, Target]], levels: list[int]) -> None:
    def stats(target: Target, clients: int) -> tuple[float, float, float]:
        cuts = statistics.quantiles(target.latencies[clients], n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, len(target.latencies[clients]) / target.busy[clients]

    print(f"{'op':<8}{'clients':>8}{'system':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'s/m req/s':>11}")
    for slipway, peer in pairs:
        for clients in levels:
            s, m = stats(slipway, clients), stats(peer, clients)
            for target, (p50, p95, rps) in ((slipway, s), (peer, m)):
                print(f"{target.op:<8}{clients:>8}{target.system:>10}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}", end="")
                print(f"{len(target.failures):>8}" + (f"{s[2] / m[2]:>10.2f}x" if target is peer else ""))
    for slipway, peer in pairs:
        for target in (slipway, peer):
            if target.failures:
                print(f"\n{target.system} {target.op}: {len(target.failures)} wrong answers, e.g.:")
                for failure in sorted(set(target.failures))[:5]:
                    print(f"  {failure}")


def start_profiled_api(stack, profile: Path) -> str:
    """The API under cProfile (it writes the file when the API exits on SIGINT)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "backend.cli", "api"]
    env = {**stack.env, "SLIPWAY_API_PORT": str(port), "SLIPWAY_LOG_LEVEL": "WARNING"}
    stack.processes.insert(0, start_server(args, env, stack.workdir / f"api-{port}.log", url))
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="Measured operations per target and level.")
    parser.add_argument("--levels", default="1,10,50", help="Comma-separated numbers of concurrent clients.")
    parser.add_argument("--warmup", type=int, default=50, help="Unmeasured operations per target first.")
    parser.add_argument("--ops", default=",".join(OPS), help="Comma-separated operations: list, get, search.")
    parser.add_argument("--profile", type=Path, help="Only Slipway's list at 10 clients, the API under cProfile.")
    parser.add_argument(
        "--api-workers", type=int, default=4, help="Slipway API processes (MLflow's server starts 4 by default)."
    )
    args = parser.parse_args()
    levels = [10] if args.profile else [int(level) for level in args.levels.split(",")]
    ops = ["list"] if args.profile else args.ops.split(",")
    if args.requests < 4 or min(levels) < 1 or not set(ops) <= set(OPS):
        parser.error("--requests must be at least 4, every level at least 1, --ops among list, get, search")
    if not args.profile:
        mlflow.mlflow_binary()  # fail before the stack starts

    with bench_stack("registry") as stack:
        api_url = (
            start_profiled_api(stack, args.profile.resolve())
            if args.profile
            else stack.start_api(SLIPWAY_API_WORKERS=str(args.api_workers), SLIPWAY_DATABASE_POOL_SIZE="5")
        )
        stack.start_worker()
        token = stack.sign_in(api_url)
        started = time.perf_counter()
        models = seed_slipway(stack, api_url, token)
        print(f"Slipway seeded in {time.perf_counter() - started:.0f} s: {models.method}")
        mlflow_url = None
        if not args.profile:
            mlflow_url = mlflow.start_mlflow(stack, bucket=stack.settings.s3_bucket)
            started = time.perf_counter()
            asyncio.run(
                mlflow.seed(
                    mlflow_url,
                    names=models.names,
                    model_description=models.model_description,
                    model_tags=models.tags,
                    versions=models.mlflow_versions,
                    bucket=stack.settings.s3_bucket,
                )
            )
            print(f"MLflow seeded in {time.perf_counter() - started:.0f} s: REST API, the same text as tags")

        slipway = slipway_calls(api_url, token, models)
        peer = mlflow_calls(mlflow_url, models) if mlflow_url else {}
        pairs = [(Target("slipway", op, slipway[op]), Target("mlflow", op, peer.get(op, slipway[op]))) for op in ops]
        if args.profile:
            pairs = [(Target("slipway", "list", slipway["list"]), Target("slipway", "list", slipway["list"]))]
        print(
            f"\n{args.requests} operations per target and level after {args.warmup} warm-up; "
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; MLflow with its default workers, "
            f"Slipway's API with {1 if args.profile else args.api_workers}\n"
        )
        run = uvloop.run if uvloop is not None else asyncio.run
        loads = run(measure(pairs, levels, args.requests, args.warmup))
        report(pairs, levels)
        print("\nload average after each level: " + "; ".join(loads))
        failed = any(t.failures for pair in pairs for t in pair)
        if args.profile:
            # SIGINT, not SIGTERM: uvicorn re-raises the signal it caught once it has shut down, and
            # only KeyboardInterrupt lets cProfile write its file on the way out.
            api = stack.processes.pop(0)
            api.send_signal(signal.SIGINT)
            api.wait(60)
    if args.profile:
        show_profile(args.profile)
    return 1 if failed else 0


def show_profile(path: Path) -> None:
    for key in ("tottime", "cumulative"):
        print(f"\ntop 15 by {key}:")
        pstats.Stats(str(path)).strip_dirs().sort_stats(key).print_stats(15)


if __name__ == "__main__":
    sys.exit(main())
