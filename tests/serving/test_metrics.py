"""/metrics and the per-version stats count requests, errors and latency from the same numbers."""

from __future__ import annotations

import re

import httpx

from backend.identity.roles import Role
from tests.serving import models
from tests.support.serving import control_client, sample, validated

GOOD = {"inputs": [{"name": "X", "shape": [2, 4], "datatype": "FP32", "data": [0.1] * 8}]}
BAD = {"inputs": [{"name": "X", "shape": [2, 4], "datatype": "FP64", "data": [0.1] * 8}]}


async def test_requests_errors_and_latency_are_counted_per_version_and_role(
    servers, model_server, tenant, worker
) -> None:
    version = await validated(tenant, models.logistic())
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.put_route(tenant.id, f"{version.model}-staging", [(version.served_name, 100)], [])
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
        for name, body, times in (
            (version.served_name, GOOD, 5),
            (f"{version.model}-staging", GOOD, 3),
            (version.served_name, BAD, 2),
        ):
            for _ in range(times):
                await http.post(f"/v2/models/{name}/infer", json=body)
        metrics = (await http.get("/metrics")).text
    stats = await control.stats(tenant.id, version.served_name)
    assert (stats.requests, stats.errors) == (10, 2)
    assert stats.latency_buckets[-1] == (float("inf"), 8)  # refused inputs never reached the model
    assert [n for _, n in stats.latency_buckets] == sorted(n for _, n in stats.latency_buckets)
    labels = {"tenant": tenant.slug, "model": version.model, "version": version.served_name}
    assert sample(metrics, "slipway_serve_requests_total", **labels, role="direct", outcome="ok") == 5
    assert sample(metrics, "slipway_serve_requests_total", **labels, role="primary", outcome="ok") == 3
    assert sample(metrics, "slipway_serve_requests_total", **labels, role="direct", outcome="bad_request") == 2
    assert sample(metrics, "slipway_serve_errors_total", **labels) == 2
    assert sample(metrics, "slipway_serve_request_seconds_count", **labels) == 8
    assert re.search(r"^slipway_serve_loaded_models \d", metrics, re.M)
    # Unloading forgets the version's series: loaded again, it counts from zero.
    await control.delete_route(tenant.id, f"{version.model}-staging")
    await control.unload(tenant.id, version.served_name)
    await control.load(tenant.id, version.served_name, version.id)
    assert (await control.stats(tenant.id, version.served_name)).requests == 0
    await control.aclose()


async def test_a_model_failing_at_run_time_is_an_error_500_and_counted(servers, model_server, tenant, worker) -> None:
    version = await validated(tenant, models.failing())
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    body = {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6]}]}
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
        answer = await http.post(f"/v2/models/{version.served_name}/infer", json=body)
    assert answer.status_code == 500 and f"Model {version.served_name} failed" in answer.json()["error"]
    stats = await control.stats(tenant.id, version.served_name)
    assert (stats.requests, stats.errors) == (1, 1)
    await control.aclose()
