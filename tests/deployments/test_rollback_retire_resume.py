"""Rollback goes back to the version before, retire takes the endpoint away, and a killed worker's rollout resumes."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from backend.config import Settings
from backend.deployments.runtimes.base import Route, ServedVersion
from backend.deployments.runtimes.local import LocalRuntime
from tests.support import deploy_models as models
from tests.support.deployments import (
    ADMIN,
    DEPLOYMENT,
    ENG,
    RETIRE,
    ROLLBACK,
    Traffic,
    answer,
    deploy,
    deployed,
    features,
    infer,
    model_name,
    new_version,
    two_versions_in_production,
    wait_status,
)


async def test_rollback_restores_the_previous_version_and_retire_removes_the_endpoint(tenant) -> None:
    name = model_name()
    v1 = await new_version(tenant, name, models.linear(1.0))
    first = await deployed(tenant, v1["id"], "STAGING", role=ENG)
    nothing_before = await tenant.client(ENG).execute(ROLLBACK, {"id": first["id"], "reason": "x"})
    assert nothing_before.codes == ["CONFLICT"] and "retire" in nothing_before.body["errors"][0]["message"]
    v2 = await new_version(tenant, name, models.linear(2.0), create=False)
    second = await deployed(tenant, v2["id"], "STAGING", role=ENG)
    url = second["endpointUrl"]
    async with httpx.AsyncClient(timeout=30) as http:
        assert answer(await infer(http, tenant, url, features(1.0))) == 7.0
        viewer = await tenant.client(ENG).execute(
            "query($id: ID!) { deployment(id: $id) { viewerCanRollback } }", {"id": second["id"]}
        )
        assert viewer.ok()["deployment"]["viewerCanRollback"]
        asked = (await tenant.client(ENG).execute(ROLLBACK, {"id": second["id"], "reason": "answers drift"})).ok()
        assert asked["rollbackDeployment"]["viewerCanRollback"] is False
        rolled = await wait_status(tenant, second["id"], ("ROLLED_BACK", "FAILED"))
        assert rolled["status"] == "ROLLED_BACK" and "answers drift" in rolled["message"]
        restored = (await tenant.client(ADMIN).execute(DEPLOYMENT, {"id": first["id"]})).ok()["deployment"]
        assert restored["status"] == "LIVE" and restored["trafficPercent"] == 100
        assert answer(await infer(http, tenant, url, features(1.0))) == 4.0
        again = await tenant.client(ENG).execute(ROLLBACK, {"id": second["id"], "reason": "twice"})
        assert again.codes == ["CONFLICT"] and "ROLLED_BACK" in again.body["errors"][0]["message"]
        (await tenant.client(ENG).execute(RETIRE, {"id": first["id"]})).ok()
        retired = await wait_status(tenant, first["id"], ("RETIRED",))
        assert retired["endpointUrl"] is None and retired["trafficPercent"] == 0
        gone = await infer(http, tenant, url, features(1.0))
        assert gone.status_code == 404


async def test_a_worker_killed_mid_rollout_is_replaced_and_the_rollout_resumes_to_live(tenant, deploy_stack) -> None:
    name = model_name()
    _, v2, stable = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(2.0))
    async with Traffic(tenant, stable["endpointUrl"], features(1.0)) as traffic:
        started = (await deploy(tenant, v2["id"], "PRODUCTION", strategy="CANARY", steps=[10, 50, 100])).ok()[
            "deployModelVersion"
        ]
        client = tenant.client(ADMIN)
        while True:  # mid-rollout: the canary holds its first step
            now = (await client.execute(DEPLOYMENT, {"id": started["id"]})).ok()["deployment"]
            if now["status"] == "ROLLING_OUT" and now["trafficPercent"] == 10:
                break
            assert now["status"] in ("PENDING", "ROLLING_OUT"), now
            await asyncio.sleep(0.1)
        deploy_stack.kill_worker()
        await asyncio.sleep(3)
        held = (await client.execute(DEPLOYMENT, {"id": started["id"]})).ok()["deployment"]
        assert held["status"] == "ROLLING_OUT"  # nobody moves it while no worker runs
        deploy_stack.worker = deploy_stack.start_worker("worker-restarted")
        ended = await wait_status(tenant, started["id"], timeout=240)
    assert ended["status"] == "LIVE", ended
    assert [a for a in traffic.answers if a[0] != 200] == []
    assert traffic.answers[-1][1] == f"{name}-v2"


async def test_the_worker_gives_the_model_server_its_routes_back_after_it_restarts(tenant, deploy_stack) -> None:
    """The sweep re-asserts LIVE routes: a model server that lost its models (restarted) gets them back."""
    name = model_name()
    version = await new_version(tenant, name, models.linear(2.0))
    live = await deployed(tenant, version["id"], "STAGING", role=ENG)
    settings = Settings(
        **{
            "serve_port": int(deploy_stack.env["SLIPWAY_SERVE_PORT"]),
            "data_dir": deploy_stack.servers.settings.data_dir,
        }
    )
    runtime = LocalRuntime(settings)
    served = ServedVersion(tenant.id, tenant.slug, uuid.uuid4(), name, uuid.uuid4(), 1, "", "")
    await runtime.remove_route(Route(tenant.id, tenant.slug, name, "staging", ()))
    await runtime.unload(served)
    async with httpx.AsyncClient(timeout=30) as http:
        assert (await infer(http, tenant, live["endpointUrl"], features(1.0))).status_code == 404
        for _ in range(120):
            reply = await infer(http, tenant, live["endpointUrl"], features(1.0))
            if reply.status_code == 200:
                break
            await asyncio.sleep(0.5)
        assert answer(reply) == 7.0
    await runtime.aclose()
