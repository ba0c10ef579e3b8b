"""Latency P50/P95 and throughput of `slipway serve` /infer next to onnxruntime called in-process.

Two models: a small one (scikit-learn LogisticRegression on 4 features, converted by skl2onnx;
one row per request, JSON) and a medium one (an MLP 512-1024-1024-256 built with onnx.helper,
~7 MB; 128 rows per request, sent with the binary tensor extension as tritonclient does), at 1, 8
and 32 concurrent clients. Three targets per model, with the same inputs:

- `onnxruntime`: `session.run` called directly in this process from N threads (the goal line);
- `bare http`: a minimal Starlette app under the same uvicorn that parses the same request with
  orjson, runs the same session in a thread pool and answers JSON: no auth, no checks, no metrics
  (the floor any HTTP server on this machine pays);
- `slipway serve`: the real model server, with a viewer's bearer token, through the model's route.

The model is uploaded through the API, validated by the worker and loaded through the repository API,
as a deployment would. Run: `.venv/bin/python -m bench.serving [--requests 2000] [--levels 1,8,32]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
import onnx
import onnxruntime as ort
import orjson
from onnx import TensorProto, helper, numpy_helper

try:
    import uvloop
except ImportError:  # uvicorn[standard] brings it on Linux and macOS only
    uvloop = None

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import ROOT, bench_stack, free_port, start_server

SERVE_THREADS = 4  # the model server's default (SLIPWAY_SERVE_THREADS); the bare app uses as many


# --- models ---------------------------------------------------------------------------------------
def small_model() -> bytes:
    from skl2onnx import to_onnx
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 4)).astype(np.float32)
    y = (x[:, 0] - x[:, 2] > 0).astype(np.int64)
    return to_onnx(
        LogisticRegression().fit(x, y), x[:1], options={"zipmap": False}, target_opset=17
    ).SerializeToString()


def medium_model() -> bytes:
    rng = np.random.default_rng(0)
    sizes, nodes, inits, previous = [512, 1024, 1024, 256], [], [], "x"
    for i, (a, b) in enumerate(zip(sizes, sizes[1:], strict=False)):
        inits += [
            numpy_helper.from_array((rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32), f"w{i}"),
            numpy_helper.from_array(np.zeros(b, dtype=np.float32), f"b{i}"),
        ]
        nodes.append(helper.make_node("Gemm", [previous, f"w{i}", f"b{i}"], [f"g{i}"]))
        last = i == len(sizes) - 2
        if not last:
            nodes.append(helper.make_node("Relu", [f"g{i}"], [f"r{i}"]))
        previous = f"g{i}" if last else f"r{i}"
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 512])],
        [helper.make_tensor_value_info(previous, TensorProto.FLOAT, ["n", 256])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    return model.SerializeToString()


@dataclass
class Case:
    name: str
    data: bytes
    input: str
    x: np.ndarray
    binary: bool

    def body(self) -> tuple[bytes, dict[str, str]]:
        tensor = {"name": self.input, "shape": list(self.x.shape), "datatype": "FP32"}
        if not self.binary:
            return orjson.dumps({"inputs": [{**tensor, "data": self.x.reshape(-1).tolist()}]}), {
                "content-type": "application/json"
            }
        raw = self.x.tobytes()
        header = orjson.dumps({"inputs": [{**tensor, "parameters": {"binary_data_size": len(raw)}}]})
        return header + raw, {
            "Inference-Header-Content-Length": str(len(header)),
            "content-type": "application/octet-stream",
        }


# --- the bare HTTP baseline (run by uvicorn as `bench.serving:bare_app`) -----------------------------
def bare_app():
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    sessions = {name: ort.InferenceSession(path) for name, path in json.loads(os.environ["BENCH_MODELS"]).items()}
    pool = ThreadPoolExecutor(SERVE_THREADS)

    def run(name: str, body: bytes, header_length: str | None) -> bytes:
        if header_length is None:
            request = orjson.loads(body)
            tensor = request["inputs"][0]
            x = np.asarray(tensor["data"], dtype=np.float32).reshape(tensor["shape"])
        else:
            request = orjson.loads(body[: int(header_length)])
            tensor = request["inputs"][0]
            x = np.frombuffer(body[int(header_length) :], dtype=np.float32).reshape(tensor["shape"])
        session = sessions[name]
        names = [o.name for o in session.get_outputs()]
        outputs = session.run(names, {tensor["name"]: x})
        return orjson.dumps(
            {
                "model_name": name,
                "outputs": [
                    {"name": n, "shape": list(o.shape), "datatype": "FP32", "data": o.reshape(-1)}
                    for n, o in zip(names, outputs, strict=True)
                ],
            },
            option=orjson.OPT_SERIALIZE_NUMPY,
        )

    async def infer(request: Request) -> Response:
        body = await request.body()
        content = await asyncio.get_running_loop().run_in_executor(
            pool, run, request.path_params["name"], body, request.headers.get("inference-header-content-length")
        )
        return Response(content, media_type="application/json")

    async def live(_: Request) -> Response:
        return Response(status_code=200)

    return Starlette(routes=[Route("/v2/models/{name}/infer", infer, methods=["POST"]), Route("/v2/health/live", live)])


# --- measuring ------------------------------------------------------------------------------------
@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    busy: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Result) -> None:
        self.latencies += other.latencies
        self.busy += other.busy
        self.failures += other.failures

    def figures(self) -> tuple[float, float, float]:
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, len(self.latencies) / self.busy


def direct(session: ort.InferenceSession, feeds: dict, clients: int, requests: int) -> Result:
    """`clients` threads share `requests` calls of session.run, as `clients` callers in one process would."""
    result, remaining, lock = Result(), [requests], threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            session.run(None, feeds)
            result.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    result.busy = time.perf_counter() - started
    return result


async def over_http(
    pool: list[httpx.AsyncClient], url: str, body: bytes, headers: dict[str, str], clients: int, requests: int
) -> Result:
    """`clients` workers, each with its own connection, share `requests` POSTs; a latency is one round trip."""
    result, remaining = Result(), requests

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1  # no await in between, so workers never overshoot the count
            started = time.perf_counter()
            try:
                response = await client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                result.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            result.latencies.append(time.perf_counter() - started)
            if response.status_code != 200 or b'"outputs"' not in response.content:
                result.failures.append(f"{response.status_code}: {response.text[:300]}")

    started = time.perf_counter()
    await asyncio.gather(*(worker(client) for client in pool[:clients]))
    result.busy = time.perf_counter() - started
    return result


async def measure(
    case: Case, targets: dict[str, tuple[str, dict[str, str]]], levels: list[int], requests: int, warmup: int
) -> dict[tuple[str, int], Result]:
    session = ort.InferenceSession(case.data)
    feeds = {case.input: case.x}
    body, body_headers = case.body()
    results: dict[tuple[str, int], Result] = {}
    async with contextlib.AsyncExitStack() as exits:
        pool = [
            await exits.enter_async_context(httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=60))
            for _ in range(max(levels))
        ]
        direct(session, feeds, max(levels), warmup)
        for url, headers in targets.values():
            await over_http(pool, url, body, {**body_headers, **headers}, max(levels), warmup)
        for clients in levels:
            names = ["onnxruntime", *targets]
            # A-B-C-C-B-A halves, so drift on the machine hits every target alike.
            for name in names + names[::-1]:
                if name == "onnxruntime":
                    part = await asyncio.to_thread(direct, session, feeds, clients, requests // 2)
                else:
                    url, headers = targets[name]
                    part = await over_http(pool, url, body, {**body_headers, **headers}, clients, requests // 2)
                results.setdefault((name, clients), Result()).add(part)
    return results


def report(case: Case, results: dict[tuple[str, int], Result], levels: list[int]) -> bool:
    print(
        f"\n{case.name}: {len(case.data) / 1e6:.2f} MB, input {list(case.x.shape)} FP32 "
        f"({'binary' if case.binary else 'JSON'})"
    )
    print(f"{'target':<16}{'clients':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}")
    failed = False
    for clients in levels:
        rows = {name: result.figures() for (name, level), result in results.items() if level == clients}
        for name, (p50, p95, rps) in rows.items():
            print(f"{name:<16}{clients:>8}{p50:>10.3f}{p95:>10.3f}{rps:>10.0f}")
        s50, s95, srps = rows["slipway serve"]
        for base in ("onnxruntime", "bare http"):
            b50, b95, brps = rows[base]
            label = f"serve/{'ort' if base == 'onnxruntime' else 'bare'}"
            print(f"{label:<16}{clients:>8}{s50 / b50:>9.2f}x{s95 / b95:>9.2f}x{srps / brps:>9.2f}x")
    for (name, clients), result in results.items():
        if result.failures:
            failed = True
            print(f"{name} at {clients} clients: {len(result.failures)} failed, e.g. {result.failures[0]}")
    return failed


# --- the stack ------------------------------------------------------------------------------------
UPLOAD = """mutation Upload($file: Upload!, $name: String) {
  uploadModelVersion(file: $file, modelName: $name, description: "bench") { version { id version status } }
}"""
REGISTER = 'mutation R($name: String!) { registerModel(name: $name, description: "bench", tags: []) { id } }'
STATUS = "query V($id: ID!) { modelVersion(id: $id) { status } }"


def upload_validated(api_url: str, token: str, name: str, data: bytes) -> tuple[str, int]:
    """Register `name`, upload `data`, wait for VALIDATED; returns (version global id, version number)."""
    headers = {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api_url, headers=headers, timeout=120) as http:
        http.post("/graphql", json={"query": REGISTER, "variables": {"name": name}}).raise_for_status()
        files = {
            "operations": (None, json.dumps({"query": UPLOAD, "variables": {"file": None, "name": name}})),
            "map": (None, json.dumps({"0": ["variables.file"]})),
            "0": ("model.onnx", data, "application/octet-stream"),
        }
        answer = http.post("/graphql", files=files).json()
        version = answer["data"]["uploadModelVersion"]["version"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status = http.post("/graphql", json={"query": STATUS, "variables": {"id": version["id"]}}).json()
            status = status["data"]["modelVersion"]["status"]
            if status != "VALIDATING":
                break
            time.sleep(0.5)
    if status != "VALIDATED":
        raise RuntimeError(f"{name} ended {status}, not VALIDATED")
    return version["id"], version["version"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="Measured requests per target and level (small).")
    parser.add_argument("--medium-requests", type=int, default=600, help="The same for the medium model.")
    parser.add_argument("--levels", default="1,8,32", help="Comma-separated numbers of concurrent clients.")
    parser.add_argument("--warmup", type=int, default=200, help="Unmeasured requests per target first.")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]

    from backend.deployments.runtimes.model_server_client import ModelServerClient
    from backend.identity.repository import get_tenant_by_slug
    from backend.kit import ids
    from backend.kit.db import run_in_transaction
    from backend.serving.control import control_token

    rng = np.random.default_rng(1)
    cases = [
        Case("small: logistic regression", small_model(), "X", rng.normal(size=(1, 4)).astype(np.float32), False),
        Case(
            "medium: MLP 512-1024-1024-256", medium_model(), "x", rng.normal(size=(128, 512)).astype(np.float32), True
        ),
    ]
    with bench_stack("serving") as stack:
        api_url = stack.start_api()
        stack.start_worker()
        serve_url = stack.start_model_server()
        admin, viewer = stack.sign_in(api_url), stack.sign_in(api_url, "viewer@demo")
        tenant_id = run_in_transaction(stack.settings, lambda s: get_tenant_by_slug(s, "demo")).id
        model_files = {}
        for index, case in enumerate(cases):
            name = f"bench{index}"
            version_id, number = upload_validated(api_url, admin, name, case.data)
            control = ModelServerClient(serve_url, control_token(stack.settings))

            async def deploy(
                n: str = name, v: str = version_id, k: int = number, c: ModelServerClient = control
            ) -> None:
                await c.load(tenant_id, f"{n}-v{k}", ids.decode("ModelVersion", v))
                await c.put_route(tenant_id, f"{n}-production", [(f"{n}-v{k}", 100)], [])
                await c.aclose()

            asyncio.run(deploy())
            path = stack.workdir / f"{name}.onnx"
            path.write_bytes(case.data)
            model_files[name] = str(path)
        bare_port = free_port()
        bare_url = f"http://127.0.0.1:{bare_port}"
        stack.processes.append(
            start_server(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.serving:bare_app",
                    "--factory",
                    "--app-dir",
                    str(ROOT),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                ],
                {**os.environ, "BENCH_MODELS": json.dumps(model_files)},
                stack.workdir / "bare.log",
                bare_url,
                health="/v2/health/live",
            )
        )

        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, onnxruntime {ort.__version__} "
            f"({', '.join(ort.get_available_providers())}); warm-up {args.warmup} per target"
        )
        run = uvloop.run if uvloop is not None else asyncio.run
        failed = False
        for index, case in enumerate(cases):
            targets = {
                "bare http": (f"{bare_url}/v2/models/bench{index}/infer", {}),
                "slipway serve": (
                    f"{serve_url}/v2/models/bench{index}-production/infer",
                    {"Authorization": f"Bearer {viewer}"},
                ),
            }
            requests = args.requests if index == 0 else args.medium_requests
            results = run(measure(case, targets, levels, requests, args.warmup))
            failed = report(case, results, levels) or failed
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
