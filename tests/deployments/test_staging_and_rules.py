"""Staging deploys reach LIVE and answer inference; production's rules are enforced with clear codes."""

from __future__ import annotations

import httpx

from backend.identity.roles import Role
from tests.support import deploy_models as models
from tests.support.deployments import (
    ACTIVE,
    ADMIN,
    ENG,
    ROLLBACK,
    answer,
    deploy,
    deployed,
    features,
    infer,
    model_name,
    new_version,
    wait_status,
)

VERSION_FLAGS = """query($id: ID!) { modelVersion(id: $id) { stage viewerCanDeployStaging viewerCanDeployProduction
  viewerCanSetStage deployments { status environment } model { deployments { id } } } }"""


async def test_staging_deploy_goes_live_and_its_endpoint_answers(tenant) -> None:
    name = model_name()
    version = await new_version(tenant, name, models.linear(2.0))
    live = await deployed(tenant, version["id"], "STAGING", role=ENG)
    assert live["trafficPercent"] == 100
    assert live["endpointUrl"].endswith(f"/v2/models/{name}-staging/infer")
    statuses = [e["status"] for e in live["events"]]
    assert statuses[0] == "PENDING" and "ROLLING_OUT" in statuses and statuses[-1] == "LIVE"
    async with httpx.AsyncClient(timeout=30) as http:
        reply = await infer(http, tenant, live["endpointUrl"], features(1.0))
    assert answer(reply) == 7.0  # 3 × 2.0 × 1.0 + 1
    assert reply.headers["x-slipway-version"] == f"{name}-v1"
    flags = (await tenant.client(ENG).execute(VERSION_FLAGS, {"id": version["id"]})).ok()["modelVersion"]
    assert flags["stage"] == "STAGING"
    assert flags["deployments"] == [{"status": "LIVE", "environment": "STAGING"}]
    assert flags["viewerCanDeployStaging"] and not flags["viewerCanDeployProduction"]
    assert not flags["viewerCanSetStage"]  # no production deployment yet for a shadow to run beside
    active = (await tenant.client(Role.VIEWER).execute(ACTIVE, {"name": name})).ok()["activeModels"]
    assert active["staging"]["endpointUrl"] == live["endpointUrl"] and active["production"] is None


async def test_production_needs_approval_live_staging_and_an_admin(tenant) -> None:
    name = model_name()
    version = await new_version(tenant, name, models.linear(1.0))
    not_approved = await deploy(tenant, version["id"], "PRODUCTION")
    assert not_approved.codes == ["CONFLICT"] and "APPROVED" in not_approved.body["errors"][0]["message"]
    approved = await new_version(tenant, name, models.linear(3.0), approve=True, create=False)
    no_staging = await deploy(tenant, approved["id"], "PRODUCTION")
    assert no_staging.codes == ["CONFLICT"] and "staging" in no_staging.body["errors"][0]["message"]
    await deployed(tenant, approved["id"], "STAGING", role=ENG)
    engineer = await deploy(tenant, approved["id"], "PRODUCTION", role=ENG)
    assert engineer.codes == ["FORBIDDEN"]
    scientist = await deploy(tenant, approved["id"], "STAGING", role=Role.DATA_SCIENTIST)
    assert scientist.codes == ["FORBIDDEN"]
    live = await deployed(tenant, approved["id"], "PRODUCTION", role=ADMIN)
    assert live["endpointUrl"].endswith(f"/v2/models/{name}-production/infer")


async def test_a_second_rollout_while_one_runs_is_a_conflict_naming_it(tenant) -> None:
    name = model_name()
    first = await new_version(tenant, name, models.linear(1.0))
    await deployed(tenant, first["id"], "STAGING", role=ENG)
    second = await new_version(tenant, name, models.linear(2.0), create=False)
    third = await new_version(tenant, name, models.linear(3.0), create=False)
    # A canary nobody sends traffic to waits at its first step (SLIPWAY_CANARY_STEP_MAX_SECONDS, 30 s here).
    running = (await deploy(tenant, second["id"], "STAGING", role=ENG, strategy="CANARY", steps=[10, 100])).ok()[
        "deployModelVersion"
    ]
    again = await deploy(tenant, third["id"], "STAGING", role=ENG)
    assert again.codes == ["CONFLICT"], again.body
    error = again.body["errors"][0]
    assert f"{name!r} version 2 to staging is" in error["message"]
    assert error["extensions"]["deploymentId"] == running["id"]
    bad_steps = await deploy(tenant, third["id"], "STAGING", role=ENG, strategy="CANARY", steps=[50, 10])
    assert bad_steps.codes == ["BAD_USER_INPUT"]  # the input is checked before the state
    assert "increasing percentages" in bad_steps.body["errors"][0]["message"]
    (await tenant.client(ENG).execute(ROLLBACK, {"id": running["id"], "reason": "test over"})).ok()
    assert (await wait_status(tenant, running["id"]))["status"] == "ROLLED_BACK"


async def test_foreign_deployments_and_versions_are_not_found(tenant, other_tenant) -> None:
    name = model_name()
    version = await new_version(tenant, name, models.linear(1.0))
    live = await deployed(tenant, version["id"], "STAGING", role=ENG)
    from tests.support.deployments import DEPLOYMENT, RETIRE

    outsider = other_tenant.client(ADMIN)
    assert (await outsider.execute(DEPLOYMENT, {"id": live["id"]})).codes == ["NOT_FOUND"]
    assert (await outsider.execute(RETIRE, {"id": live["id"]})).codes == ["NOT_FOUND"]
    assert (await deploy(other_tenant, version["id"], "STAGING")).codes == ["NOT_FOUND"]
    assert (await outsider.execute(ACTIVE, {"name": name})).codes == ["NOT_FOUND"]
