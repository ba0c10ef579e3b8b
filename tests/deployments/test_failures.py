"""A version the runtime cannot load FAILS with the reason, and the version LIVE before keeps serving."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from backend.kit import ids
from backend.registry.upload import delete_object
from backend.storage.s3 import ObjectStore
from tests.support import deploy_models as models
from tests.support.deployments import (
    ADMIN,
    DEPLOYMENT,
    ENG,
    answer,
    deploy,
    deployed,
    features,
    infer,
    model_name,
    new_version,
    wait_status,
)


async def test_a_version_whose_file_is_gone_fails_and_the_live_one_keeps_serving(tenant, servers, sessionmaker) -> None:
    name = model_name()
    v1 = await new_version(tenant, name, models.linear(1.0))
    live = await deployed(tenant, v1["id"], "STAGING", role=ENG)
    v2 = await new_version(tenant, name, models.linear(2.0), create=False)
    async with sessionmaker() as session:
        key = await session.scalar(
            text("SELECT s3_key FROM model_versions WHERE id = :i"), {"i": ids.decode("ModelVersion", v2["id"])}
        )
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        await delete_object(store, key)
    finally:
        await store.close()
    started = (await deploy(tenant, v2["id"], "STAGING", role=ENG, strategy="BLUE_GREEN")).ok()
    failed = await wait_status(tenant, started["deployModelVersion"]["id"])
    assert failed["status"] == "FAILED", failed
    assert "Loading version 2 failed" in failed["message"] and "Version 1 keeps serving" in failed["message"]
    assert failed["trafficPercent"] == 0 and failed["viewerCanRollback"] is False
    still = (await tenant.client(ADMIN).execute(DEPLOYMENT, {"id": live["id"]})).ok()["deployment"]
    assert still["status"] == "LIVE" and still["trafficPercent"] == 100
    async with httpx.AsyncClient(timeout=30) as http:
        assert answer(await infer(http, tenant, live["endpointUrl"], features(1.0))) == 4.0
