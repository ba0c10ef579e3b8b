"""Drift against the data a version was trained on: with no live window chosen, the drift job reads the history
exports the deployed version records (`trainedOn`) as the reference of its inputs, on the real stack."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import text

from backend.assets.loading import load_samples
from backend.assets.samples_repository import SeriesChunk
from backend.identity.roles import Role
from backend.kit import ids
from tests.monitoring.test_drift import alerts, calm, drift_over, traffic
from tests.support.assets import EXPORT, iso, make_asset, series_of, wait_export
from tests.support.deployments import ENG, deployed, model_name
from tests.support.labels import upload as multipart
from tests.support.monitoring import (
    SET_LOGGING,
    SET_REFERENCE,
    first_feature_model,
    logging_deployment,
    until_sampled,
)
from tests.support.registry import register, wait_final

UPLOAD = """
mutation Upload($file: Upload!, $name: String!, $trainedOn: TrainingDataInput) {
  uploadModelVersion(file: $file, modelName: $name, trainedOn: $trainedOn) { version { id version } }
}"""
REFERENCE = """query($id: ID!, $from: DateTime!, $to: DateTime!) {
  monitoringReport(deploymentId: $id, from: $from, to: $to) {
    reference { kind description liveFrom liveTo outputsCompared note exports { exportId rowCount sha256 from to } }
    features { name kind }
  }
}"""
WINDOWS = 400  # scoring windows of training history: above the drift job's 300-sample minimum
HISTORY_START = datetime(2026, 2, 1, 6, 0, tzinfo=UTC)  # window aligned, far from other tests' samples
# Each tag (in name order) has a distribution of its own, so a feature mapped to the wrong tag drifts.
MEANS, SCALES = np.array([0.0, 5.0, -3.0]), np.array([1.0, 2.0, 0.5])
RNG = np.random.default_rng(11)


def as_trained(rows: int = 400) -> np.ndarray:
    """Live rows drawn from the training windows' distributions, feature by feature."""
    return RNG.normal(MEANS, SCALES, (rows, 3)).astype(np.float32)


async def trained_history(
    tenant, sessionmaker, window_seconds: int, tags: tuple[str, ...] = ("a-flow", "b-pressure", "c-speed")
) -> dict:
    """An asset whose tags (in name order: the model's x[0], x[1], x[2]) hold WINDOWS windows of
    N(MEANS, SCALES) averages, one sample a window, and a SUCCEEDED export of all of it."""
    asset_id, tag_ids = await make_asset(tenant, list(tags), name=f"pump-{uuid.uuid4().hex[:6]}")
    offsets = np.arange(WINDOWS, dtype=np.float64) * window_seconds + 1.5
    chunks = [
        SeriesChunk(
            sid, HISTORY_START.timestamp() + offsets, RNG.normal(mean, scale, WINDOWS), np.zeros(WINDOWS, np.int16)
        )
        for (_, sid), mean, scale in zip(
            sorted((await series_of(sessionmaker, tag_ids)).items()),
            MEANS[: len(tags)],
            SCALES[: len(tags)],
            strict=True,
        )
    ]
    end = HISTORY_START + timedelta(seconds=WINDOWS * window_seconds)
    await load_samples(sessionmaker, chunks, start=HISTORY_START, end=end)
    client = tenant.client(ENG)
    variables = {"assetId": asset_id, "from": iso(HISTORY_START), "to": iso(end), "key": str(uuid.uuid4())}
    asked = (await client.execute(EXPORT, variables)).ok()["exportHistory"]
    done = await wait_export(client, asked["id"], timeout=120)
    assert done["status"] == "SUCCEEDED", done
    return done


async def trained_deployment(tenant, export: dict) -> dict:
    """first_feature_model uploaded with `trainedOn` the export, LIVE in staging, every request logged."""
    name = model_name()
    await register(tenant, ENG, name)
    uploaded = (
        await multipart(
            tenant.base_url,
            tenant.users[ENG].token,
            UPLOAD,
            {"name": name, "trainedOn": {"exportIds": [export["id"]]}},
            {"file": ("model.onnx", first_feature_model())},
        )
    ).ok()["uploadModelVersion"]["version"]
    version = await wait_final(tenant, ENG, uploaded["id"], timeout=180)
    assert version["status"] == "VALIDATED", version
    deployment = await deployed(tenant, version["id"], "STAGING", role=ENG)
    (await tenant.client(ENG).execute(SET_LOGGING, {"id": deployment["id"], "percent": 100})).ok()
    await until_sampled(tenant, deployment["endpointUrl"])
    return deployment


async def reference_in_report(tenant, deployment: dict) -> dict:
    now = datetime.now(UTC)
    variables = {"id": deployment["id"], "from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat()}
    return (await tenant.client(Role.VIEWER).execute(REFERENCE, variables)).ok()["monitoringReport"]


async def figures(sessionmaker, deployment: dict, since: datetime) -> list[tuple[str, str, bool]]:
    async with sessionmaker() as session:
        rows = await session.execute(
            text(
                "SELECT feature, kind, drifted FROM drift_results WHERE deployment_id = :d AND window_to > :since "
                "ORDER BY kind, feature"
            ),
            {"d": ids.decode("Deployment", deployment["id"]), "since": since},
        )
        return [tuple(r) for r in rows]


async def test_the_training_export_is_the_reference_of_the_inputs_until_a_window_is_chosen(
    tenant, sessionmaker, servers, monitoring_stack
) -> None:
    window_seconds = servers.settings.scoring_window_seconds
    export = await trained_history(tenant, sessionmaker, window_seconds)
    deployment = await trained_deployment(tenant, export)

    reference = (await reference_in_report(tenant, deployment))["reference"]
    assert reference["kind"] == "TRAINING_EXPORTS"
    assert reference["description"] == (
        f"training export {export['id']}, {export['rowCount']} rows, sha256 {export['sha256']}"
    )
    assert [e["exportId"] for e in reference["exports"]] == [export["id"]]
    assert reference["exports"][0]["sha256"] == export["sha256"] and export["rowCount"] > 0
    assert reference["outputsCompared"] is False and "Outputs are not compared" in reference["note"]
    assert reference["liveFrom"] is None

    # Live traffic drawn as the training windows were: every input compared with the export, none drifted;
    # the output has no training reference, so it gets no figure at all (not a comparison with nothing).
    start = datetime.now(UTC)
    calm_until = await traffic(tenant, sessionmaker, deployment, as_trained())
    prefix = f"{ids.decode('Deployment', deployment['id'])}/"
    run = await drift_over(sessionmaker, servers, start, calm_until)
    assert [o for o in run.opened if o.startswith(prefix)] == []
    assert await figures(sessionmaker, deployment, start) == [
        ("x[0]", "INPUT", False),
        ("x[1]", "INPUT", False),
        ("x[2]", "INPUT", False),
    ]
    assert await alerts(tenant, deployment) == []

    # x[2] (tag c-speed, last in name order) shifts: exactly its alert opens.
    shifted = as_trained()
    shifted[:, 2] += 0.75  # 1.5 standard deviations of c-speed
    shifted_until = await traffic(tenant, sessionmaker, deployment, shifted)
    run = await drift_over(sessionmaker, servers, calm_until, shifted_until)
    assert [o for o in run.opened if o.startswith(prefix)] == [f"{prefix}x[2]"]
    assert [(a["feature"], a["kind"], a["status"]) for a in await alerts(tenant, deployment)] == [
        ("x[2]", "INPUT", "OPEN")
    ]
    assert await figures(sessionmaker, deployment, calm_until) == [
        ("x[0]", "INPUT", False),
        ("x[1]", "INPUT", False),
        ("x[2]", "INPUT", True),
    ]

    # A window the user chooses wins over the export: the calm live traffic becomes the reference, outputs too.
    variables = {"id": deployment["id"], "from": start.isoformat(), "to": calm_until.isoformat()}
    (await tenant.client(ENG).execute(SET_REFERENCE, variables)).ok()
    reference = (await reference_in_report(tenant, deployment))["reference"]
    assert reference["kind"] == "LIVE_WINDOW" and reference["outputsCompared"] is True
    assert reference["description"].startswith("live window from ") and reference["exports"] == []
    again_until = await traffic(tenant, sessionmaker, deployment, shifted)
    await drift_over(sessionmaker, servers, shifted_until, again_until)
    assert await figures(sessionmaker, deployment, shifted_until) == [
        ("x[0]", "INPUT", False),
        ("x[1]", "INPUT", False),
        ("x[2]", "INPUT", True),
        ("y[0]", "OUTPUT", False),
    ]


async def test_no_export_and_no_window_computes_nothing_and_says_how_to_get_a_reference(
    tenant, sessionmaker, servers, monitoring_stack
) -> None:
    deployment = await logging_deployment(tenant, first_feature_model())
    start = datetime.now(UTC)
    until = await traffic(tenant, sessionmaker, deployment, calm())
    await drift_over(sessionmaker, servers, start, until)
    assert await figures(sessionmaker, deployment, start) == []
    report = await reference_in_report(tenant, deployment)
    assert report["features"] == []
    reference = report["reference"]
    assert reference["kind"] == "NONE" and reference["exports"] == []
    assert "records no training export" in reference["description"]
    assert "`trainedOn`" in reference["note"] and "`setDriftReference`" in reference["note"]


async def test_an_export_whose_tags_do_not_match_the_inputs_is_no_reference_and_the_report_says_why(
    tenant, sessionmaker, servers, monitoring_stack
) -> None:
    export = await trained_history(tenant, sessionmaker, servers.settings.scoring_window_seconds, ("a-flow", "b-speed"))
    deployment = await trained_deployment(tenant, export)  # the model takes three features, the export has two tags
    start = datetime.now(UTC)
    until = await traffic(tenant, sessionmaker, deployment, as_trained())
    await drift_over(sessionmaker, servers, start, until)
    assert await figures(sessionmaker, deployment, start) == []
    reference = (await reference_in_report(tenant, deployment))["reference"]
    assert reference["kind"] == "NONE" and [e["exportId"] for e in reference["exports"]] == [export["id"]]
    assert reference["description"] == (
        f"No reference: training export {export['id']} holds 2 tags, and version 1 takes 3 input features."
    )
    assert "`setDriftReference`" in reference["note"]
