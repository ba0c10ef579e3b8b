"""Shadows run beside production; activeModels names them; a scoring run stores both sides apart and compares."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import httpx
from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit import ids
from tests.support import deploy_models as models
from tests.support.assets import T0, iso, load_random, make_asset, series_of
from tests.support.deployments import (
    ACTIVE,
    ENG,
    SET_STAGE,
    answer,
    deployed,
    features,
    infer,
    model_name,
    new_version,
    two_versions_in_production,
)

START = """mutation Start($input: StartScoringRunInput!) { startScoringRun(input: $input) { id status } }"""
RUN = """query Run($id: ID!) { scoringRun(id: $id) {
  id status message windows skippedWindows productionLatencyP50Ms productionLatencyP95Ms
  productionVersion { version } shadowVersions { version }
  metrics { version { version } windows agreementRate meanAbsDifference latencyP50Ms latencyP95Ms }
  comparison { windows production shadows { version { version } values } }
} }"""
CAN_SET_STAGE = "query($id: ID!) { modelVersion(id: $id) { viewerCanSetStage } }"
REPORT = """query Report($name: String!) { shadowReport(modelName: $name) {
  modelName production { version } shadows { version stage } latestRun { id }
  runs { id status } trend { version { version } at agreementRate meanAbsDifference latencyP95Ms }
  latestComparison { windows production shadows { values } }
} }"""


async def _wait_run(tenant, run_id: str, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = (await tenant.client(Role.VIEWER).execute(RUN, {"id": run_id})).ok()["scoringRun"]
        if run["status"] in ("SUCCEEDED", "FAILED"):
            return run
        assert time.monotonic() < deadline, run
        await asyncio.sleep(0.3)


PAGE = """query Page($name: String!, $first: Int!, $offset: Int!) { shadowReport(modelName: $name) {
  latestComparison(first: $first, offset: $offset) { totalWindows offset windows production shadows { values } }
} }"""


async def _pages_of_the_comparison_add_up_to_the_whole(tenant, name: str, run: dict) -> None:
    """A chart pages through a long run: pages join into the whole comparison, each says the total."""
    viewer = tenant.client(Role.VIEWER)
    pages = []
    offset = 0
    while True:
        page = (await viewer.execute(PAGE, {"name": name, "first": 20, "offset": offset})).ok()
        found = page["shadowReport"]["latestComparison"]
        assert found["totalWindows"] == run["windows"] and found["offset"] == offset
        if not found["windows"]:
            break
        assert {len(s["values"]) for s in found["shadows"]} == {len(found["windows"])}
        pages.append(found)
        offset += 20
    assert len(pages) == -(-run["windows"] // 20)
    whole = run["comparison"]
    assert [w for p in pages for w in p["windows"]] == whole["windows"]
    assert [v for p in pages for v in p["production"]] == whole["production"]
    for i in range(len(whole["shadows"])):
        assert [v for p in pages for v in p["shadows"][i]["values"]] == whole["shadows"][i]["values"]
    for first, offset in ((0, 0), (10_001, 0), (5, -1)):
        refused = await viewer.execute(PAGE, {"name": name, "first": first, "offset": offset})
        assert refused.codes == ["BAD_USER_INPUT"], (first, offset)


async def test_shadows_are_served_beside_production_and_scored_apart(tenant, sessionmaker) -> None:
    name = model_name()
    first, close, production = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(1.0001))
    far = await new_version(tenant, name, models.linear(2.0), create=False)
    engineer = tenant.client(ENG)
    # The server offers the shadow move only where it would succeed: not to the production version itself.
    offered = {
        v["id"]: (await engineer.execute(CAN_SET_STAGE, {"id": v["id"]})).ok()["modelVersion"]["viewerCanSetStage"]
        for v in (first, close, far)
    }
    assert offered == {first["id"]: False, close["id"]: True, far["id"]: True}
    for version in (close, far):
        staged = (await engineer.execute(SET_STAGE, {"id": version["id"], "stage": "SHADOW"})).ok()
        assert staged["setModelVersionStage"]["stage"] == "SHADOW"
    assert (
        await tenant.client(Role.DATA_SCIENTIST).execute(SET_STAGE, {"id": far["id"], "stage": "SHADOW"})
    ).codes == ["FORBIDDEN"]
    active = (await tenant.client(Role.VIEWER).execute(ACTIVE, {"name": name})).ok()["activeModels"]
    assert active["production"]["versionNumber"] == 1 and active["production"]["trafficPercent"] == 100
    assert sorted(s["versionNumber"] for s in active["shadows"]) == [2, 3]
    async with httpx.AsyncClient(timeout=30) as http:
        # Shadows see copies and never answer: production still answers with v1; each shadow answers directly.
        reply = await infer(http, tenant, production["endpointUrl"], features(1.0))
        assert answer(reply) == 4.0 and reply.headers["x-slipway-version"] == f"{name}-v1"
        shadow_url = next(s["endpointUrl"] for s in active["shadows"] if s["versionNumber"] == 3)
        for _ in range(60):  # the shadow is loaded by the worker shortly after the stage is set
            direct = await infer(http, tenant, shadow_url, features(1.0))
            if direct.status_code == 200:
                break
            await asyncio.sleep(0.5)
        assert answer(direct) == 7.0

    asset_id, tag_ids = await make_asset(tenant, ["flow", "pressure", "vibration"])
    await load_random(sessionmaker, await series_of(sessionmaker, tag_ids), seconds=2 * 3600)
    started = (
        await engineer.execute(
            START,
            {"input": {"modelName": name, "assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(hours=1))}},
        )
    ).ok()
    run = await _wait_run(tenant, started["startScoringRun"]["id"])
    assert run["status"] == "SUCCEEDED", run
    assert run["windows"] >= 55 and run["productionVersion"]["version"] == 1
    assert "shadow v2: agreement 1.000" in run["message"] and "shadow v3: agreement 0.000" in run["message"]
    by_version = {m["version"]["version"]: m for m in run["metrics"]}
    assert by_version[2]["agreementRate"] == 1.0 and by_version[2]["meanAbsDifference"] < 0.1
    assert by_version[3]["agreementRate"] == 0.0 and by_version[3]["meanAbsDifference"] > 10
    assert by_version[3]["latencyP95Ms"] > 0 and run["productionLatencyP95Ms"] > 0
    assert len(run["comparison"]["production"]) == run["windows"]
    assert {len(s["values"]) for s in run["comparison"]["shadows"]} == {run["windows"]}

    run_uuid = ids.decode("ScoringRun", run["id"])
    async with sessionmaker() as session:
        kept = await session.execute(
            text(
                "SELECT 'production', count(*), count(DISTINCT version_id) FROM scoring_production_predictions "
                "WHERE run_id = :r UNION ALL SELECT 'shadow', count(*), count(DISTINCT version_id) "
                "FROM scoring_shadow_predictions WHERE run_id = :r"
            ),
            {"r": run_uuid},
        )
        counts = {role: (n, versions) for role, n, versions in kept}
    assert counts == {"production": (run["windows"], 1), "shadow": (2 * run["windows"], 2)}

    report = (await tenant.client(Role.DATA_SCIENTIST).execute(REPORT, {"name": name})).ok()["shadowReport"]
    assert report["production"]["version"] == 1 and report["latestRun"]["id"] == run["id"]
    assert sorted((s["version"], s["stage"]) for s in report["shadows"]) == [(2, "SHADOW"), (3, "SHADOW")]
    assert sorted(t["version"]["version"] for t in report["trend"]) == [2, 3]
    assert len(report["latestComparison"]["production"]) == run["windows"]
    await _pages_of_the_comparison_add_up_to_the_whole(tenant, name, run)

    (await engineer.execute(SET_STAGE, {"id": far["id"], "stage": "ARCHIVED"})).ok()
    active = (await tenant.client(Role.VIEWER).execute(ACTIVE, {"name": name})).ok()["activeModels"]
    assert [s["versionNumber"] for s in active["shadows"]] == [2]

    # The shadow that convinced goes to production: it leaves the shadow stage.
    await deployed(tenant, close["id"], "PRODUCTION")
    active = (await tenant.client(Role.VIEWER).execute(ACTIVE, {"name": name})).ok()["activeModels"]
    assert active["production"]["versionNumber"] == 2 and active["shadows"] == []
    stage = "query($id: ID!) { modelVersion(id: $id) { stage } }"
    assert (await engineer.execute(stage, {"id": close["id"]})).ok()["modelVersion"]["stage"] == "PRODUCTION"


async def test_a_scoring_run_on_an_asset_of_the_wrong_width_says_what_the_model_expects(tenant) -> None:
    name = model_name()
    _, shadow, _ = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(3.0))
    (await tenant.client(ENG).execute(SET_STAGE, {"id": shadow["id"], "stage": "SHADOW"})).ok()
    asset_id, _ = await make_asset(tenant, ["flow", "pressure"])
    answer_ = await tenant.client(ENG).execute(
        START, {"input": {"modelName": name, "assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(hours=1))}}
    )
    assert answer_.codes == ["BAD_USER_INPUT"]
    assert "expects 3 input features" in answer_.body["errors"][0]["message"]
    scientist = await tenant.client(Role.DATA_SCIENTIST).execute(
        START, {"input": {"modelName": name, "assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(hours=1))}}
    )
    assert scientist.codes == ["FORBIDDEN"]
