"""Validation time of 1 MB, 100 MB and 1 GB models next to a bare onnx.checker full check + session creation.

`slipway` runs every check of the report (parse, external data, IR, domains, opsets,
onnx.checker with shape inference, the sandboxed session, smoke inference and 10 timed runs);
the baseline is what a person would run by hand, in one process:
`onnx.checker.check_model(path, full_check=True)` then `onnxruntime.InferenceSession(path)`.
The S3 download the worker does first is not part of either figure.

`--worker N` then uploads N small models through the API to a real worker and reports, from the
worker's log, the time from the job's start to VALIDATED recorded (P50/P95/max) and each phase.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from backend.config import Settings
from backend.kit import ids
from backend.registry.validation.service import run_checks

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import ROOT, BenchStack, bench_stack

UPLOAD = """mutation($file: Upload!, $name: String!) {
  uploadModelVersion(file: $file, modelName: $name, description: "bench") { version { id status } }
}"""
REGISTER = 'mutation($name: String!) { registerModel(name: $name, description: "bench") { id } }'
PHASES = ("load", "download", "static", "sandbox", "record", "total")


def make_model(path: Path, size: int) -> None:
    """MatMul + Add whose weight matrix makes the file about `size` bytes."""
    features = max(1, size // 8)  # float32 weights of shape (features, 2)
    w = numpy_helper.from_array(np.random.default_rng(0).random((features, 2), dtype=np.float32), "w")
    b = numpy_helper.from_array(np.zeros(2, dtype=np.float32), "b")
    nodes = [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y"])]
    graph = helper.make_graph(
        nodes,
        "bench",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", features])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 2])],
        [w, b],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), path)


def bare(path: Path) -> float:
    import onnxruntime as ort

    started = time.perf_counter()
    onnx.checker.check_model(os.fspath(path), full_check=True)
    ort.InferenceSession(os.fspath(path), providers=["CPUExecutionProvider"])
    return time.perf_counter() - started


def slipway(path: Path, settings: Settings) -> tuple[float, bool, str | None]:
    started = time.perf_counter()
    report = asyncio.run(run_checks(path, settings, expected_size=path.stat().st_size))
    return time.perf_counter() - started, report.ok, report.first_failure


def _finished(log: Path) -> dict[str, dict]:
    """The worker's "validation job finished" lines by version id."""
    found = {}
    for line in log.read_text(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict) and event.get("message") == "validation job finished":
            found[event["version_id"]] = event
    return found


async def _upload(http: httpx.AsyncClient, data: bytes) -> str:
    name = f"bench-{secrets.token_hex(4)}"
    (await http.post("/graphql", json={"query": REGISTER, "variables": {"name": name}})).raise_for_status()
    files: dict[str, Any] = {
        "operations": (None, json.dumps({"query": UPLOAD, "variables": {"file": None, "name": name}})),
        "map": (None, json.dumps({"0": ["variables.file"]})),
        "0": ("model.onnx", data, "application/octet-stream"),
    }
    answer = (await http.post("/graphql", files=files)).json()
    if answer.get("errors"):
        raise RuntimeError(f"upload failed: {str(answer)[:500]}")
    global_id = answer["data"]["uploadModelVersion"]["version"]["id"]
    return str(ids.decode("ModelVersion", global_id))  # the worker logs the row's uuid


async def _through_worker(stack: BenchStack, url: str, token: str, log: Path, data: bytes, count: int) -> list[dict]:
    """Upload `count` models one after the other, each once the last one's job has finished."""
    events = []
    async with httpx.AsyncClient(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"}) as http:
        for _ in range(count):
            version_id = await _upload(http, data)
            deadline = time.monotonic() + 120
            while (event := _finished(log).get(version_id)) is None:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"version {version_id} never finished:\n{log.read_text()[-3000:]}")
                await asyncio.sleep(0.05)
            events.append(event)
    return events


def _wait_ready(log: Path) -> None:
    """Until the worker consumes, and a little more for its zygote's imports: a deployed worker is warm."""
    deadline = time.monotonic() + 120
    while "Worker process is ready for action" not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the worker never started:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    time.sleep(2)


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))]


def worker_bench(count: int, mb: int) -> None:
    with bench_stack("validate") as stack:
        url = stack.start_api()
        token = stack.sign_in(url)
        log = stack.workdir / "worker-info.log"
        stack.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "backend.cli", "worker"],
                env={**stack.env, "SLIPWAY_LOG_LEVEL": "INFO", "SLIPWAY_LOG_JSON": "true"},
                cwd=ROOT,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
        path = stack.workdir / "model.onnx"
        make_model(path, mb * 1_000_000)
        _wait_ready(log)
        events = asyncio.run(_through_worker(stack, url, token, log, path.read_bytes(), count))
    statuses = {event["status"] for event in events}
    print(f"\npickup to VALIDATED through the worker, {count} uploads of {mb} MB, one at a time ({statuses})")
    print(f"{'phase':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for phase in PHASES:
        values = [event["seconds"].get(phase, 0.0) * 1000 for event in events]
        print(f"{phase:>9} {_pct(values, 50):>8.1f} {_pct(values, 95):>8.1f} {max(values):>8.1f}")
    print(f"first job after the worker started: {events[0]['seconds']['total'] * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,1000", help="Comma-separated model sizes in MB.")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--worker", type=int, default=0, help="Also upload this many models to a real worker.")
    parser.add_argument("--worker-mb", type=int, default=1, help="Size of those models in MB.")
    args = parser.parse_args()
    settings = Settings()
    workdir = Path(tempfile.mkdtemp(prefix="slipway-bench-validate-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, onnx {onnx.__version__}\n")
    print(f"{'model':>8} {'bare s':>8} {'slipway s':>10} {'ratio':>6}  result")
    try:
        for mb in (int(s) for s in args.sizes.split(",")):
            path = workdir / "model.onnx"
            make_model(path, mb * 1_000_000)
            for _ in range(args.repeat):
                base = bare(path)
                full, ok, failed = slipway(path, settings)
                print(
                    f"{path.stat().st_size / 1e6:>5.0f} MB {base:>8.2f} {full:>10.2f} {full / base:>6.2f}  "
                    f"{'VALIDATED' if ok else 'FAILED at ' + str(failed)}",
                    flush=True,
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.worker:
        worker_bench(args.worker, args.worker_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
