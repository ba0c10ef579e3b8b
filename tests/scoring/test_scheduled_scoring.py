"""With `scoring_interval_minutes`, the sweep scores each model with a shadow over the last interval."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit import ids
from backend.scoring import schedule as scoring_schedule
from tests.support import deploy_models as models
from tests.support.assets import T0, iso, make_asset
from tests.support.deployments import ENG, SET_STAGE, model_name, two_versions_in_production

START = "mutation($input: StartScoringRunInput!) { startScoringRun(input: $input) { id } }"
RUNS = "query($id: ID!) { scoringRuns(modelId: $id) { edges { node { id from to } } } }"


async def test_a_model_with_a_shadow_is_scored_again_once_its_interval_has_passed(
    tenant, servers, sessionmaker
) -> None:
    name = model_name()
    _, shadow, production = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(2.0))
    engineer = tenant.client(ENG)
    (await engineer.execute(SET_STAGE, {"id": shadow["id"], "stage": "SHADOW"})).ok()
    asset_id, _ = await make_asset(tenant, ["flow", "pressure", "vibration"])
    first = (
        await engineer.execute(
            START,
            {"input": {"modelName": name, "assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(hours=1))}},
        )
    ).ok()["startScoringRun"]
    settings = servers.settings.model_copy(update={"scoring_interval_minutes": 5.0})
    await scoring_schedule.run_due(sessionmaker, settings)  # the last run is fresh: nothing is due
    model_id = production["model"]["id"]
    runs = (await tenant.client(Role.VIEWER).execute(RUNS, {"id": model_id})).ok()["scoringRuns"]["edges"]
    assert [r["node"]["id"] for r in runs] == [first["id"]]

    async with sessionmaker() as session:  # the last run was ten minutes ago
        await session.execute(
            text("UPDATE scoring_runs SET created_at = created_at - interval '10 minutes' WHERE id = :i"),
            {"i": ids.decode("ScoringRun", first["id"])},
        )
        await session.commit()
    await scoring_schedule.run_due(sessionmaker, settings)
    runs = (await tenant.client(Role.VIEWER).execute(RUNS, {"id": model_id})).ok()["scoringRuns"]["edges"]
    assert len(runs) == 2 and runs[1]["node"]["id"] == first["id"]
    scheduled = runs[0]["node"]
    start, end = (datetime.fromisoformat(scheduled[k].replace("Z", "+00:00")) for k in ("from", "to"))
    assert end - start == timedelta(minutes=5) and start > T0 + timedelta(days=1)  # the last five minutes
