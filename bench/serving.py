"""Latency P50/P95 and throughput of `slipway serve` /infer next to onnxruntime called in-process.

Two models: a small one (scikit-learn LogisticRegression on 4 features, converted by skl2onnx;
one row per request, JSON) and a medium one (an MLP 512-1024-1024-256 built with onnx.helper,
~7 MB; 128 rows per request, sent with the binary tensor extension as tritonclient does), at 1, 8
and 32 concurrent clients. The client is the same for every target: one keep-alive connection per
client, the request prepared once as bytes, the answer read by its Content-Length (httpx cost more
CPU per request than the servers it measured on this 2-core machine, pulling every ratio toward 1).
The targets, with the same inputs:

- `onnxruntime`: `session.run` called directly in this process from N threads (the goal line);
- `bare http`: a minimal Starlette app under the same uvicorn that parses the same request with
  orjson, runs the same session in a thread pool and answers JSON: no auth, no checks, no metrics
  (the floor any HTTP server on this machine pays);
- `slipway serve`: the real model server, with a viewer's bearer token, through the model's route;
- `mlserver`: MLServer (from .venv-peers, `make bench-peers`) with a custom runtime around the same
  onnxruntime session (bench/peers/mlserver_runtime.py), as many inference threads as Slipway's server.
  MLServer's REST API reads JSON tensors only, so for the medium model it is measured with the JSON body,
  next to Slipway given the same JSON body (`slipway json`); its ratio is always to the same body.

The model is uploaded through the API, validated by the worker and loaded through the repository API,
as a deployment would. Run: `.venv/bin/python -m bench.serving [--requests 2000] [--levels 1,8,32]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
from bench.peers.mlserver_peer import start_mlserver
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

    def body(self, binary: bool | None = None) -> tuple[bytes, dict[str, str]]:
        """The request body and its headers: binary tensors when the case uses them (or `binary` says so)."""
        tensor = {"name": self.input, "shape": list(self.x.shape), "datatype": "FP32"}
        if not (self.binary if binary is None else binary):
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


class Connection:
    """One keep-alive HTTP/1.1 connection that POSTs prepared requests and reads each answer by its
    Content-Length. It costs tens of microseconds a request where httpx costs hundreds: on a 2-core
    machine the client shares the CPUs with the server it measures, and a heavy client pulls every
    server's figure toward its own."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.head: bytes | None = None  # the last answer's status line and headers

    async def post(self, request: bytes) -> tuple[int, bytes]:
        fresh = self.writer is None or self.reader is None or self.reader.at_eof()
        if fresh:  # first use, or the server closed it while idle (uvicorn's keep-alive timeout is 5 s)
            self.close()
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None and self.writer is not None
        self.writer.write(request)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            if fresh or exc.partial:
                raise
            self.close()  # closed by the server just as it was reused: send again once, as httpx does
            return await self.post(request)
        self.head = head
        length = None
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length is None:
            raise ConnectionError(f"an answer without Content-Length: {head[:200]!r}")
        return int(head[9:12]), await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def prepared(url: str, body: bytes, headers: dict[str, str]) -> tuple[tuple[str, int], bytes]:
    """(host, port) and the whole request as bytes, made once and sent as often as measured."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    lines = [f"POST {parts.path} HTTP/1.1", f"Host: {parts.netloc}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return (parts.hostname, parts.port), ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def over_http(
    pool: list[dict[tuple[str, int], Connection]], target: Target, clients: int, requests: int
) -> Result:
    """`clients` workers, each with its own connection, share `requests` POSTs; a latency is one round trip."""
    result, remaining = Result(), requests
    address, request = prepared(target.url, target.body, target.headers)

    async def worker(connections: dict[tuple[str, int], Connection]) -> None:
        nonlocal remaining
        connection = connections.setdefault(address, Connection(*address))
        while remaining > 0:
            remaining -= 1  # no await in between, so workers never overshoot the count
            started = time.perf_counter()
            try:
                status, content = await asyncio.wait_for(connection.post(request), 60)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                connection.close()
                result.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            result.latencies.append(time.perf_counter() - started)
            if status != 200 or b'"outputs"' not in content:
                result.failures.append(f"{status}: {content[:300]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(worker(connections) for connections in pool[:clients]))
    result.busy = time.perf_counter() - started
    return result


@dataclass
class Target:
    """An HTTP server under test: where to POST, with which headers and body."""

    url: str
    headers: dict[str, str]
    body: bytes
    same_as: str = ""  # for a peer: the Slipway target sent the same body, its ratio's numerator


async def measure(
    case: Case, targets: dict[str, Target], levels: list[int], requests: int, warmup: int
) -> dict[tuple[str, int], Result]:
    session = ort.InferenceSession(case.data)
    feeds = {case.input: case.x}
    results: dict[tuple[str, int], Result] = {}
    pool: list[dict[tuple[str, int], Connection]] = [{} for _ in range(max(levels))]  # a connection per client
    try:
        direct(session, feeds, max(levels), warmup)
        for target in targets.values():
            await over_http(pool, target, max(levels), warmup)
        for clients in levels:
            names = ["onnxruntime", *targets]
            # A-B-C-C-B-A halves, so drift on the machine hits every target alike.
            for name in names + names[::-1]:
                if name == "onnxruntime":
                    part = await asyncio.to_thread(direct, session, feeds, clients, requests // 2)
                else:
                    part = await over_http(pool, targets[name], clients, requests // 2)
                results.setdefault((name, clients), Result()).add(part)
    finally:
        for connections in pool:
            for connection in connections.values():
                connection.close()
    return results


def report(case: Case, targets: dict[str, Target], results: dict[tuple[str, int], Result], levels: list[int]) -> bool:
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
        for peer, target in targets.items():
            if target.same_as:  # Slipway over the peer, the same body sent to both, as serve/bare reads
                p50, p95, prps = rows[peer]
                m50, m95, mrps = rows[target.same_as]
                label = f"{target.same_as.removeprefix('slipway ')}/{peer.split()[0]}"
                print(f"{label:<16}{clients:>8}{m50 / p50:>9.2f}x{m95 / p95:>9.2f}x{mrps / prps:>9.2f}x")
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
    parser.add_argument(
        "--mlserver-workers",
        type=int,
        default=0,
        help="MLServer's parallel_workers: 0 infers in its server process as Slipway does (its default is 1).",
    )
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
            control = ModelServerClient(serve_url, control_token(stack.settings), timeout=60, connect_timeout=5)

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

        mlserver, mlserver_url = start_mlserver(
            stack.workdir, model_files, threads=SERVE_THREADS, workers=args.mlserver_workers
        )
        stack.processes.append(mlserver)

        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, onnxruntime {ort.__version__} "
            f"({', '.join(ort.get_available_providers())}); warm-up {args.warmup} per target"
        )
        run = uvloop.run if uvloop is not None else asyncio.run
        failed = False
        for index, case in enumerate(cases):
            body, body_headers = case.body()
            auth = {"Authorization": f"Bearer {viewer}"}
            serve = f"{serve_url}/v2/models/bench{index}-production/infer"
            targets = {
                "bare http": Target(f"{bare_url}/v2/models/bench{index}/infer", body_headers, body),
                "slipway serve": Target(serve, {**body_headers, **auth}, body),
            }
            if case.binary:  # MLServer's REST API reads JSON tensors only: Slipway is measured with JSON too
                json_body, json_headers = case.body(binary=False)
                targets["slipway json"] = Target(serve, {**json_headers, **auth}, json_body)
                targets["mlserver json"] = Target(
                    f"{mlserver_url}/v2/models/bench{index}/infer", json_headers, json_body, same_as="slipway json"
                )
            else:
                targets["mlserver"] = Target(
                    f"{mlserver_url}/v2/models/bench{index}/infer", body_headers, body, same_as="slipway serve"
                )
            requests = args.requests if index == 0 else args.medium_requests
            results = run(measure(case, targets, levels, requests, args.warmup))
            failed = report(case, targets, results, levels) or failed
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
