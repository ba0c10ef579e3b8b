"""Blue-green loses no request; a failing canary rolls back by itself and says why; a good canary goes LIVE."""

from __future__ import annotations

import asyncio

from tests.support import deploy_models as models
from tests.support.deployments import (
    ADMIN,
    DEPLOYMENT,
    Traffic,
    deploy,
    features,
    model_name,
    two_versions_in_production,
    wait_status,
)


async def test_blue_green_switch_under_load_loses_no_request_and_ends_on_the_new_version(tenant) -> None:
    name = model_name()
    _, _, blue = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(2.0))
    async with Traffic(tenant, blue["endpointUrl"], features(1.0)) as traffic:
        await asyncio.sleep(1)
        started = (
            await deploy(tenant, (await _version_id(tenant, name, 2)), "PRODUCTION", strategy="BLUE_GREEN")
        ).ok()["deployModelVersion"]
        green = await wait_status(tenant, started["id"])
        await asyncio.sleep(1)
    assert green["status"] == "LIVE", green
    failed = [a for a in traffic.answers if a[0] != 200]
    assert not failed, failed[:5]
    versions = [a[1] for a in traffic.answers]
    assert versions[0] == f"{name}-v1" and versions[-1] == f"{name}-v2", set(versions)
    # Once the route switched, no request went back to the old version.
    switched = versions.index(f"{name}-v2")
    assert set(versions[switched + traffic.concurrency :]) == {f"{name}-v2"}
    old = (await tenant.client(ADMIN).execute(DEPLOYMENT, {"id": blue["id"]})).ok()["deployment"]
    assert old["status"] == "RETIRED" and old["trafficPercent"] == 0


async def test_a_canary_that_fails_requests_is_rolled_back_automatically_with_the_reason(tenant) -> None:
    name = model_name()
    _, v2, stable = await two_versions_in_production(tenant, name, models.linear(1.0), models.fails_above_one(2.0))
    async with Traffic(tenant, stable["endpointUrl"], features(2.0)) as traffic:
        started = (await deploy(tenant, v2["id"], "PRODUCTION", strategy="CANARY", steps=[50, 100])).ok()[
            "deployModelVersion"
        ]
        assert started["canarySteps"] == [50, 100]
        ended = await wait_status(tenant, started["id"])
        before = len(traffic.answers)
        await asyncio.sleep(1)
    assert ended["status"] == "ROLLED_BACK", ended
    assert "error rate" in ended["message"] and "step 1 of 2 (50 %)" in ended["message"], ended["message"]
    assert ended["trafficPercent"] == 0
    # The canary really got traffic and failed it; after the rollback everything is answered by v1 again.
    assert any(a[0] != 200 for a in traffic.answers[:before])
    assert all(a[0] == 200 and a[1] == f"{name}-v1" for a in traffic.answers[before + traffic.concurrency :])
    restored = (await tenant.client(ADMIN).execute(DEPLOYMENT, {"id": stable["id"]})).ok()["deployment"]
    assert restored["status"] == "LIVE" and restored["trafficPercent"] == 100


async def test_a_healthy_canary_steps_through_and_goes_live(tenant) -> None:
    name = model_name()
    _, v2, stable = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(2.0))
    async with Traffic(tenant, stable["endpointUrl"], features(1.0)):
        started = (await deploy(tenant, v2["id"], "PRODUCTION", strategy="CANARY", steps=[20, 60])).ok()[
            "deployModelVersion"
        ]
        ended = await wait_status(tenant, started["id"])
    assert ended["status"] == "LIVE", ended
    assert ended["canarySteps"] == [20, 60, 100]  # the last step, 100 %, is added and checked like the others
    # The timeline (in commit order) walks 0 → 20 → 60 → 100 %, and every step's check passed before the next.
    shares = [e["trafficPercent"] for e in ended["events"] if e["status"] == "ROLLING_OUT"]
    assert [s for i, s in enumerate(shares) if i == 0 or s != shares[i - 1]] == [0, 20, 60, 100], shares
    passed = [e["message"].split(":")[0] for e in ended["events"] if "passed" in e["message"]]
    assert passed == [
        "Canary step 1 of 3 (20 %) passed",
        "Canary step 2 of 3 (60 %) passed",
        "Canary step 3 of 3 (100 %) passed",
    ], ended["events"]
    assert (ended["events"][-1]["status"], ended["events"][-1]["trafficPercent"]) == ("LIVE", 100)


async def _version_id(tenant, name: str, number: int) -> str:
    query = "query($name: String) { models(search: $name) { edges { node { name versions { id version } } } } }"
    found = (await tenant.client(ADMIN).execute(query, {"name": name})).ok()["models"]["edges"]
    return next(
        v["id"] for e in found if e["node"]["name"] == name for v in e["node"]["versions"] if v["version"] == number
    )
