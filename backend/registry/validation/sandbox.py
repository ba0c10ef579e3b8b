"""Build the onnxruntime session and run a smoke inference in a child process with limits.

A model can crash onnxruntime, allocate without bound or never return; none of that may
reach the worker. The child sets its own address-space limit before importing onnxruntime,
prints one JSON line per stage reached, and the parent kills it after the timeout.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from backend.registry.validation.report import Report

# --- parent side -----------------------------------------------------------------------------


@dataclass
class Outcome:
    stage: str = "start"  # the last stage the child reached
    result: dict = field(default_factory=dict)
    error: str | None = None


async def run(path: Path, *, memory_bytes: int, timeout: float, runs: int) -> Outcome:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backend.registry.validation.sandbox", os.fspath(path), str(memory_bytes), str(runs),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, start_new_session=True,
        # glibc reserves 64 MiB of address space per thread arena; two arenas keep the limit about real memory.
        env={**os.environ, "MALLOC_ARENA_MAX": "2"})
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = await process.communicate()
        outcome = _parse(stdout)
        outcome.error = f"did not finish within {timeout:g} s and was stopped"
        return outcome
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
    outcome = _parse(stdout)
    if outcome.error is None and outcome.stage != "done":
        code = process.returncode or 0
        how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
        tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        outcome.error = f"the onnxruntime process {how} {tail[0][:300]}".strip()
    return outcome


def _parse(stdout: bytes) -> Outcome:
    outcome = Outcome()
    for line in stdout.decode(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        outcome.stage = event.get("stage", outcome.stage)
        outcome.error = event.get("error", outcome.error)
        outcome.result.update(event.get("result", {}))
    return outcome


def record(outcome: Outcome, report: Report, *, memory_bytes: int) -> None:
    """Turn what the child reached into the session, smoke_inference and latency checks."""
    limit = f"{memory_bytes / (1 << 30):.1f} GiB"
    memory_hint = (f" (the sandbox allows {limit} of address space; a model that needs more at load time, e.g. "
                   "a huge constant or Expand/ConstantOfShape output, must be made smaller)")
    error = outcome.error or ""
    oom = any(s in error.lower() for s in ("bad_alloc", "bad allocation", "memoryerror", "failed to allocate",
                                           "cannot allocate", "out of memory", "sigkill", "sigsegv", "sigabrt"))
    if outcome.stage in ("start", "session"):
        report.failed("session", f"onnxruntime could not build a session: {error}"
                                 f"{memory_hint if oom else ''}. Check that the model loads in onnxruntime "
                                 "locally (onnxruntime.InferenceSession(path)).")
        return
    report.passed("session", f"onnxruntime built a CPU session within {limit} of address space.")
    if outcome.stage == "smoke":
        report.failed("smoke_inference", f"A smoke inference on generated inputs (free dimensions = 1) failed: "
                                         f"{error}{memory_hint if oom else ''}. Run the model on a sample input "
                                         "locally and fix what it reports.")
        return
    result = outcome.result
    report.passed("smoke_inference", f"Ran once on generated inputs; {len(result.get('outputs', []))} output(s) "
                                     "are finite.")
    if outcome.stage != "done" or not result.get("latencies_ms"):
        report.failed("latency", f"Timing the model failed: {error}. Retry; if it repeats, run it locally.")
        return
    p50, p95 = _percentile(result["latencies_ms"], 50), _percentile(result["latencies_ms"], 95)
    report.facts.update(latencyP50Ms=round(p50, 3), latencyP95Ms=round(p95, 3))
    report.passed("latency", f"P50 {p50:.2f} ms, P95 {p95:.2f} ms over {len(result['latencies_ms'])} runs "
                             "on one CPU thread.")


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


# --- child side ------------------------------------------------------------------------------


def _emit(**event: object) -> None:
    print(json.dumps(event), flush=True)


def _feeds(session) -> dict:  # noqa: ANN001
    import numpy as np

    dtypes = {"float": np.float32, "double": np.float64, "float16": np.float16, "int64": np.int64,
              "int32": np.int32, "int16": np.int16, "int8": np.int8, "uint8": np.uint8, "uint16": np.uint16,
              "uint32": np.uint32, "uint64": np.uint64, "bool": np.bool_, "string": np.str_}
    rng = np.random.default_rng(0)
    feeds = {}
    for arg in session.get_inputs():
        kind = arg.type.removeprefix("tensor(").removesuffix(")")
        if not arg.type.startswith("tensor(") or kind not in dtypes:
            raise ValueError(f"input {arg.name!r} has type {arg.type}, which the smoke test cannot generate")
        shape = [d if isinstance(d, int) and d >= 0 else 1 for d in (arg.shape or [])]
        dtype = dtypes[kind]
        if np.issubdtype(dtype, np.floating):
            feeds[arg.name] = rng.random(shape).astype(dtype)
        elif dtype is np.str_:
            feeds[arg.name] = np.full(shape, "a", dtype=object)
        else:
            feeds[arg.name] = np.zeros(shape, dtype=dtype)  # zeros are valid indices and counts
    return feeds


def _non_finite(outputs: list, names: list[str]) -> str | None:
    import numpy as np

    for name, value in zip(names, outputs, strict=False):
        if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.inexact) and not np.isfinite(value).all():
            bad = int((~np.isfinite(value)).sum())
            return f"output {name!r} holds {bad} NaN or infinite value(s) of {value.size}"
    return None


def main(path: str, memory_bytes: int, runs: int) -> None:
    import resource
    import time

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _emit(stage="session")
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    try:
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - reported to the parent, never raised
        _emit(stage="session", error=str(exc).strip()[:500] or type(exc).__name__)
        return
    _emit(stage="smoke")
    names = [o.name for o in session.get_outputs()]
    try:
        feeds = _feeds(session)
        outputs = session.run(None, feeds)
    except Exception as exc:  # noqa: BLE001
        _emit(stage="smoke", error=str(exc).strip()[:500] or type(exc).__name__)
        return
    if problem := _non_finite(outputs, names):
        _emit(stage="smoke", error=problem)
        return
    _emit(stage="latency", result={"outputs": names})
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        session.run(None, feeds)
        latencies.append((time.perf_counter() - started) * 1000)
    _emit(stage="done", result={"latencies_ms": latencies})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
