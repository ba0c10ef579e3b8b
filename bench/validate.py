"""Validation time of 1 MB, 100 MB and 1 GB models next to a bare onnx.checker full check + session creation.

`slipway` runs every check of the report (parse, external data, IR, domains, opsets,
onnx.checker with shape inference, the sandboxed session, smoke inference and 10 timed runs);
the baseline is what a person would run by hand, in one process:
`onnx.checker.check_model(path, full_check=True)` then `onnxruntime.InferenceSession(path)`.
The S3 download the worker does first is not part of either figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from backend.config import Settings
from backend.registry.validation.service import run_checks


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,1000", help="Comma-separated model sizes in MB.")
    parser.add_argument("--repeat", type=int, default=2)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
