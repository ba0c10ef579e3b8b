"""MLServer as a peer of `slipway serve`: a model repository of ONNX files served by the custom runtime in
bench/peers/mlserver_runtime.py, started from .venv-peers (`make bench-peers`) on free ports."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx

from bench.stack import ROOT, free_port, start_server, stop_server

PEERS_BIN = ROOT / ".venv-peers" / "bin"
RUNTIME = "bench.peers.mlserver_runtime.OnnxRuntime"


def start_mlserver(
    workdir: Path, models: dict[str, str], *, threads: int, workers: int
) -> tuple[subprocess.Popen, str]:
    """`mlserver start` over `models` (name → .onnx path); returns the process and its REST base URL.

    `workers` is MLServer's `parallel_workers`: 0 runs inference in the server's own process (as Slipway
    does), N > 0 in N worker processes fed over a queue (MLServer's default is 1).
    """
    binary = PEERS_BIN / "mlserver"
    if not binary.exists():
        raise SystemExit(f"{binary} is missing: run `make bench-peers` first (MLServer lives outside .venv).")
    repository = workdir / "mlserver"
    repository.mkdir(exist_ok=True)
    port = free_port()
    settings = {
        "host": "127.0.0.1",
        "http_port": port,
        "grpc_port": free_port(),
        "metrics_port": free_port(),
        "metrics_dir": str(workdir / "mlserver-metrics"),
        "environments_dir": str(workdir / "mlserver-envs"),
        "parallel_workers": workers,
        "debug": False,  # no access log line per request: Slipway's server logs at WARNING in the bench too
    }
    (repository / "settings.json").write_text(json.dumps(settings))
    for name, path in models.items():
        (repository / name).mkdir(exist_ok=True)
        model = {"name": name, "implementation": RUNTIME, "parameters": {"uri": path}}
        (repository / name / "model-settings.json").write_text(json.dumps(model))
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BENCH_SERVE_THREADS": str(threads)}
    process = start_server(
        [str(binary), "start", str(repository)], env, workdir / "mlserver.log", url, health="/v2/health/ready"
    )
    # MLServer says it is ready even when a model failed to load (it drops the model): ask for each one.
    missing = [name for name in models if httpx.get(f"{url}/v2/models/{name}/ready", timeout=10).status_code != 200]
    if missing:
        stop_server(process)
        log = (workdir / "mlserver.log").read_text()[-3000:]
        raise RuntimeError(f"MLServer did not load {', '.join(missing)}:\n{log}")
    return process, url
