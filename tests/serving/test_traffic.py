"""Routes: weighted targets switched atomically under load, shadows that see requests but never answer,
and unloads that let requests in flight finish."""

from __future__ import annotations

import asyncio
import time

import httpx
import numpy as np
import pytest

from backend.deployments.runtimes.base import RuntimeCheckFailed
from backend.identity.roles import Role
from tests.serving import models
from tests.support.serving import control_client, sample, validated

BODY = {"inputs": [{"name": "X", "shape": [1, 4], "datatype": "FP32", "data": [0.1, 0.2, 0.3, 0.4]}]}


async def test_switching_a_route_under_a_continuous_request_loop_loses_no_request(
    servers, model_server, tenant, worker
) -> None:
    blue = await validated(tenant, models.logistic())
    green = await validated(tenant, models.logistic(c=0.1), model=blue.model)
    control = control_client(servers, model_server.base_url)
    for version in (blue, green):
        await control.load(tenant.id, version.served_name, version.id)
    route = f"{blue.model}-production"
    await control.put_route(tenant.id, route, [(blue.served_name, 100)], [])
    answers: list[tuple[float, int, str]] = []
    stop = asyncio.Event()

    async def caller() -> None:
        headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
        async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
            while not stop.is_set():
                started = time.monotonic()
                answer = await http.post(f"/v2/models/{route}/infer", json=BODY)
                answers.append((started, answer.status_code, answer.headers.get("x-slipway-version", answer.text)))

    callers = [asyncio.create_task(caller()) for _ in range(6)]
    await asyncio.sleep(1.5)
    await control.put_route(tenant.id, route, [(blue.served_name, 50), (green.served_name, 50)], [])
    await asyncio.sleep(1.5)
    await control.put_route(tenant.id, route, [(green.served_name, 100)], [])
    switched = time.monotonic()
    await control.unload(tenant.id, blue.served_name)  # blue-green: the old version goes once traffic has moved
    await asyncio.sleep(1.5)
    stop.set()
    await asyncio.gather(*callers)
    await control.aclose()

    assert len(answers) > 30
    assert [a for a in answers if a[1] != 200] == []
    assert {version for _, _, version in answers} == {blue.served_name, green.served_name}
    assert {version for started, _, version in answers if started > switched} == {green.served_name}


async def test_weights_split_traffic_and_shadows_see_every_request_without_answering(
    servers, model_server, tenant, worker
) -> None:
    stable = await validated(tenant, models.logistic())
    canary = await validated(tenant, models.logistic(c=0.1), model=stable.model)
    shadow = await validated(tenant, models.logistic(c=10), model=stable.model)
    control = control_client(servers, model_server.base_url)
    for version in (stable, canary, shadow):
        await control.load(tenant.id, version.served_name, version.id)
    route = f"{stable.model}-production"
    await control.put_route(
        tenant.id, route, [(stable.served_name, 50), (canary.served_name, 50)], [shadow.served_name]
    )
    assert await control.routes(tenant.id) == [
        {
            "name": route,
            "shadows": [shadow.served_name],
            "targets": [{"model": stable.served_name, "weight": 50}, {"model": canary.served_name, "weight": 50}],
        }
    ]
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    seen = []
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
        for _ in range(60):
            answer = await http.post(f"/v2/models/{route}/infer", json=BODY)
            assert answer.status_code == 200
            seen.append(answer.headers["x-slipway-version"])
            metrics = (await http.get("/metrics")).text
    assert set(seen) == {stable.served_name, canary.served_name}  # each at 50%: both answer in 60 tries
    async with asyncio.timeout(60):
        while (await control.stats(tenant.id, shadow.served_name)).requests < 60:
            await asyncio.sleep(0.2)
    stats = {v.served_name: await control.stats(tenant.id, v.served_name) for v in (stable, canary, shadow)}
    assert stats[stable.served_name].requests + stats[canary.served_name].requests == 60
    assert stats[shadow.served_name].requests == 60 and stats[shadow.served_name].errors == 0
    for version, role in ((stable, "primary"), (canary, "canary")):
        assert (
            sample(
                metrics,
                "slipway_serve_requests_total",
                tenant=tenant.slug,
                version=version.served_name,
                role=role,
                outcome="ok",
            )
            == stats[version.served_name].requests
        )
    await control.aclose()


async def test_a_route_needs_loaded_targets_and_weights_adding_to_100(servers, model_server, tenant, worker) -> None:
    version = await validated(tenant, models.logistic())
    control = control_client(servers, model_server.base_url)
    route = f"{version.model}-staging"
    with pytest.raises(RuntimeCheckFailed, match="not loaded"):
        await control.put_route(tenant.id, route, [(version.served_name, 100)], [])
    await control.load(tenant.id, version.served_name, version.id)
    with pytest.raises(RuntimeCheckFailed, match="add up to 90"):
        await control.put_route(tenant.id, route, [(version.served_name, 90)], [])
    with pytest.raises(RuntimeCheckFailed, match="not loaded"):
        await control.put_route(tenant.id, route, [(version.served_name, 100)], [f"{version.model}-v9"])
    await control.put_route(tenant.id, route, [(version.served_name, 100)], [])
    with pytest.raises(RuntimeCheckFailed, match=f"route {route}"):
        await control.unload(tenant.id, version.served_name)
    await control.delete_route(tenant.id, route)
    await control.delete_route(tenant.id, route)  # idempotent
    assert await control.routes(tenant.id) == []
    await control.unload(tenant.id, version.served_name)
    await control.aclose()


async def test_unload_waits_for_requests_in_flight_and_then_refuses_new_ones(
    servers, model_server, tenant, worker
) -> None:
    version = await validated(tenant, models.slow())
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    x = np.ones((384, 384), dtype=np.float32)
    body = {"inputs": [{"name": "x", "shape": [384, 384], "datatype": "FP32", "data": x.reshape(-1).tolist()}]}
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=120) as http:
        requests = [
            asyncio.create_task(http.post(f"/v2/models/{version.served_name}/infer", json=body)) for _ in range(6)
        ]
        inflight = 0
        async with asyncio.timeout(60):
            while inflight < 2:
                inflight = max(e["inflight"] for e in await control.index(tenant.id))
        await control.unload(tenant.id, version.served_name)
        answers = await asyncio.gather(*requests)
    # Requests in flight when the unload began all answer; any that arrived after it found no model.
    statuses = [a.status_code for a in answers]
    assert statuses.count(200) >= inflight and set(statuses) <= {200, 404}, statuses
    assert all(a.json()["outputs"][0]["name"] == "y" for a in answers if a.status_code == 200)
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=120) as http:
        after = await http.post(f"/v2/models/{version.served_name}/infer", json=body)
        assert after.status_code == 404
    assert await control.index(tenant.id) == []
    await control.aclose()
