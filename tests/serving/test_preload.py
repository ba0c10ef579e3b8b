"""`slipway serve --preload TENANT:VERSION` (how a per-version Kubernetes Deployment starts): ready once loaded."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import httpx

from backend.embedded.ports import free_port_pair
from backend.identity.roles import Role
from tests.serving import models
from tests.support.processes import ROOT, stop_process, wait_until_ok
from tests.support.serving import validated


def _serve(servers, log, *args: str, **env: str) -> tuple[subprocess.Popen, str]:
    port = free_port_pair(set())
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", *args],
        cwd=ROOT,
        env={**servers.env, "SLIPWAY_SERVE_PORT": str(port), **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


BODY = {"inputs": [{"name": "X", "shape": [1, 4], "datatype": "FP32", "data": [0.1, 0.2, 0.3, 0.4]}]}


def _infer(url: str, name: str, tenant) -> httpx.Response:
    return httpx.post(
        f"{url}/v2/models/{name}/infer",
        json=BODY,
        timeout=60,
        headers={"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"},
    )


async def test_a_preloaded_version_is_ready_and_answers_before_any_load_call(servers, tenant, worker, tmp_path) -> None:
    version = await validated(tenant, models.logistic())
    process, url = _serve(servers, tmp_path / "serve.log", "--preload", f"{tenant.id}:{version.id}")
    try:
        wait_until_ok(f"{url}/v2/health/ready", process, tmp_path / "serve.log", timeout=120)
        answer = _infer(url, version.served_name, tenant)
        assert answer.status_code == 200, answer.text
        assert _infer(url, f"{version.model}-production", tenant).status_code == 404  # routes come from the worker
    finally:
        stop_process(process)


async def test_a_pod_started_with_answer_routes_answers_its_environments_names_from_the_start(
    servers, tenant, worker, tmp_path
) -> None:
    # What a restarted pod behind a route Service needs: no 404s until the worker next pushes the route.
    version = await validated(tenant, models.logistic())
    process, url = _serve(servers, tmp_path / "serve.log", "--preload", f"{tenant.id}:{version.id}", "--answer-routes")
    try:
        wait_until_ok(f"{url}/v2/health/ready", process, tmp_path / "serve.log", timeout=120)
        for environment in ("staging", "production"):
            answer = _infer(url, f"{version.model}-{environment}", tenant)
            assert answer.status_code == 200, answer.text
            assert answer.headers["x-slipway-version"] == version.served_name
    finally:
        stop_process(process)


def test_answer_routes_needs_exactly_one_preloaded_version(servers, tmp_path) -> None:
    process, _ = _serve(servers, tmp_path / "serve.log", "--answer-routes")
    assert process.wait(60) != 0
    assert "exactly one --preload" in (tmp_path / "serve.log").read_text()


def test_a_preload_that_cannot_load_keeps_ready_at_503_with_the_reason(servers, tmp_path) -> None:
    missing = uuid.uuid4()
    process, url = _serve(servers, tmp_path / "serve.log", SLIPWAY_SERVE_PRELOAD=f"{uuid.uuid4()}:{missing}")
    try:
        wait_until_ok(f"{url}/v2/health/live", process, tmp_path / "serve.log")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready = httpx.get(f"{url}/v2/health/ready", timeout=10)
            if "not found" in ready.text:
                break
            time.sleep(0.2)
        assert ready.status_code == 503 and str(missing) in ready.json()["error"]
    finally:
        stop_process(process)


def test_a_malformed_preload_stops_the_command_with_a_message(servers, tmp_path) -> None:
    process, _ = _serve(servers, tmp_path / "serve.log", "--preload", "not-a-pair")
    assert process.wait(60) != 0
    assert "TENANT_UUID:VERSION_UUID" in (tmp_path / "serve.log").read_text()
