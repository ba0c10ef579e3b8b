"""Build the onnxruntime session and run a smoke inference in a child process with limits.

A model can crash onnxruntime, allocate without bound or never return; none of that may
reach the worker. The child is forked by the worker's zygote (zygote.py), which has
onnxruntime imported already; it prints one JSON line per stage reached, and the worker has it
killed after the timeout. The child does not rely on the worker alone: before it touches the
model it asks the kernel to kill it when its parent dies (Linux) and sets its own
address-space and CPU-time limits, so a killed worker leaves no model running on its own.
`python -m backend.registry.validation.sandbox` runs the same child in a process of its own.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import math
import os
import resource
import secrets
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from backend.registry.validation.report import Report
from backend.registry.validation.zygote import ZYGOTE, SandboxLost

# The CPU-time limit is a backstop for a child whose parent cannot stop it: a little above the
# wall-clock timeout, so the parent's own timeout normally comes first.
CPU_GRACE_SECONDS = 5
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# What the worker keeps of the child's output: the stages are a few short lines, and only the last
# line of stderr goes into the report; a model that makes onnxruntime log without end fills nothing.
STDOUT_LIMIT, STDERR_LIMIT = 1 << 20, 64 << 10
KILL_GRACE_SECONDS = 10  # for the zygote to reap a killed child and close its pipe

# --- parent side -----------------------------------------------------------------------------


@dataclass
class Outcome:
    stage: str = "start"  # the last stage the child reached
    result: dict = field(default_factory=dict)
    error: str | None = None
    too_slow: bool = False  # stopped by the timeout or the CPU-time limit
    code: int | None = None  # the child's exit status as the zygote reaped it (negative: a signal)


def command(path: Path, *, memory_bytes: int, cpu_seconds: int, runs: int, parent: int) -> list[str]:
    """The child's command line; `parent` is the pid it must die with."""
    return [
        sys.executable,
        "-m",
        "backend.registry.validation.sandbox",
        os.fspath(path),
        str(memory_bytes),
        str(cpu_seconds),
        str(runs),
        str(parent),
    ]


async def run(path: Path, *, memory_bytes: int, timeout: float, runs: int) -> Outcome:
    """Run a child on `path`; call it on a thread that outlives the child (the event loop's).

    Linux sends the death signal when the thread that started the zygote exits, not the
    process: a zygote started from a pool thread that ends would die with it, and its child.
    """
    cpu_seconds = math.ceil(timeout) + CPU_GRACE_SECONDS
    job = secrets.token_hex(8)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        request = {"path": os.fspath(path), "memory_bytes": memory_bytes, "cpu_seconds": cpu_seconds, "runs": runs}
        ZYGOTE.submit(job, request, out_w, err_w)
    except BaseException:
        os.close(out_r)
        os.close(err_r)
        raise
    finally:
        os.close(out_w)
        os.close(err_w)
    # File objects now: one whose reader never started still closes its pipe when collected.
    out, err = os.fdopen(out_r, "rb", buffering=0), os.fdopen(err_r, "rb", buffering=0)
    reading = asyncio.ensure_future(asyncio.gather(_drain(out, STDOUT_LIMIT), _drain(err, STDERR_LIMIT)))
    done = False
    try:
        try:
            # Shielded: a cancelled read drops what it read, and the stages the child reached
            # before the timeout say which check it failed.
            stdout, stderr = await asyncio.wait_for(asyncio.shield(reading), timeout)
        except TimeoutError:
            ZYGOTE.kill(job)
            stdout, stderr = await asyncio.wait_for(reading, KILL_GRACE_SECONDS)
            outcome = _parse(stdout)
            outcome.error, outcome.too_slow = f"did not finish within {timeout:g} s and was stopped", True
            done = True
            return outcome
        done = True
    finally:
        if not done:
            ZYGOTE.kill(job)
            reading.cancel()
    outcome = _parse(stdout)
    if outcome.code is None:
        raise SandboxLost("the validation sandbox's zygote died while it ran a model")
    if outcome.error is None and outcome.stage != "done":
        code = outcome.code
        how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
        if code == -signal.SIGXCPU:
            how, outcome.too_slow = f"used up its {cpu_seconds} s of CPU time and was stopped", True
        tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        outcome.error = f"the onnxruntime process {how} {tail[0][:300]}".strip()
    return outcome


async def _drain(pipe: BinaryIO, limit: int) -> bytes:
    """Everything written to the pipe until its last writer closes it; past `limit`, only the last `limit` bytes."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
    kept = bytearray()
    try:
        while chunk := await reader.read(1 << 16):
            kept += chunk
            if len(kept) > 2 * limit:
                del kept[:-limit]
    finally:
        transport.close()
    return bytes(kept[-limit:])


def _parse(stdout: bytes) -> Outcome:
    outcome = Outcome()
    for line in stdout.decode(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(event, dict):  # onnxruntime's own prints share the pipe
            continue
        if "exit" in event:
            outcome.code = int(event["exit"])
            continue
        outcome.stage = event.get("stage", outcome.stage)
        outcome.error = event.get("error", outcome.error)
        outcome.result.update(event.get("result", {}))
    return outcome


def record(outcome: Outcome, report: Report, *, memory_bytes: int) -> None:
    """Turn what the child reached into the session, smoke_inference and latency checks."""
    limit = f"{memory_bytes / (1 << 30):.1f} GiB"
    error = outcome.error or ""
    oom = any(
        s in error.lower()
        for s in (
            "bad_alloc",
            "bad allocation",
            "memoryerror",
            "failed to allocate",
            "cannot allocate",
            "out of memory",
            "sigkill",
            "sigsegv",
            "sigabrt",
        )
    )
    hint = ""
    if outcome.too_slow:
        hint = (
            "; a model must build its session and run once on one CPU thread well within that limit (a Loop "
            "with a huge trip count, or whose condition never turns false, does not end)"
        )
    elif oom:
        hint = (
            f" (the sandbox allows {limit} of address space; a model that needs more at load time, e.g. "
            "a huge constant or Expand/ConstantOfShape output, must be made smaller)"
        )
    if outcome.stage in ("start", "session"):
        report.failed(
            "session",
            f"onnxruntime could not build a session: {error}{hint}. Check that the model "
            "loads in onnxruntime locally (onnxruntime.InferenceSession(path)).",
        )
        return
    report.passed("session", f"onnxruntime built a CPU session within {limit} of address space.")
    if outcome.stage == "smoke":
        report.failed(
            "smoke_inference",
            f"A smoke inference on generated inputs (free dimensions = 1) failed: "
            f"{error}{hint}. Run the model on a sample input locally and fix "
            "what it reports.",
        )
        return
    result = outcome.result
    report.passed(
        "smoke_inference", f"Ran once on generated inputs; {len(result.get('outputs', []))} output(s) are finite."
    )
    if outcome.stage != "done" or not result.get("latencies_ms"):
        report.failed("latency", f"Timing the model failed: {error}. Retry; if it repeats, run it locally.")
        return
    p50, p95 = _percentile(result["latencies_ms"], 50), _percentile(result["latencies_ms"], 95)
    report.facts.update(latencyP50Ms=round(p50, 3), latencyP95Ms=round(p95, 3))
    report.passed(
        "latency", f"P50 {p50:.2f} ms, P95 {p95:.2f} ms over {len(result['latencies_ms'])} runs on one CPU thread."
    )


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


# --- child side ------------------------------------------------------------------------------


def _emit(**event: object) -> None:
    print(json.dumps(event), flush=True)


def _feeds(session) -> dict:
    from backend.kit.tensors import ORT_TO_OIP, smoke_inputs

    return smoke_inputs((arg.name, ORT_TO_OIP.get(arg.type), arg.shape) for arg in session.get_inputs())


def die_with(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent dies, then check the parent is still here.

    Set after exec rather than in a pre-exec hook, which is unsafe in the threaded worker; the
    parent may die before the request is made, and then this process has been handed to
    another (init or a subreaper): its parent pid tells.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        sys.exit(f"the worker {parent} that started this sandbox is gone")


def _limit(kind: int, soft: int, hard: int) -> None:
    _, ceiling = resource.getrlimit(kind)
    if ceiling != resource.RLIM_INFINITY:  # an unprivileged process cannot raise its hard limit
        soft, hard = min(soft, ceiling), min(hard, ceiling)
    resource.setrlimit(kind, (soft, hard))


def confine(*, parent: int, memory_bytes: int, cpu_seconds: int) -> None:
    """Everything the child does before it touches the model."""
    die_with(parent)
    _limit(resource.RLIMIT_AS, memory_bytes, memory_bytes)
    # SIGXCPU (which ends the process) at the soft limit; SIGKILL a second later if it is handled.
    _limit(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)
    _limit(resource.RLIMIT_CORE, 0, 0)


def main(path: str, memory_bytes: int, cpu_seconds: int, runs: int, parent: int) -> None:
    confine(parent=parent, memory_bytes=memory_bytes, cpu_seconds=cpu_seconds)
    inspect(path, runs)


def inspect(path: str, runs: int) -> None:
    """Session, smoke inference and timed runs, once confined; stage by stage on stdout."""
    import time

    _emit(stage="session")
    import onnxruntime as ort

    from backend.kit.tensors import non_finite

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    try:
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except Exception as exc:
        _emit(stage="session", error=str(exc).strip()[:500] or type(exc).__name__)
        return
    _emit(stage="smoke")
    names = [o.name for o in session.get_outputs()]
    try:
        feeds = _feeds(session)
        outputs = session.run(None, feeds)
    except Exception as exc:
        _emit(stage="smoke", error=str(exc).strip()[:500] or type(exc).__name__)
        return
    if problem := non_finite(dict(zip(names, outputs, strict=False))):
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
    main(sys.argv[1], *(int(arg) for arg in sys.argv[2:6]))
