"""What served endpoint E at time T: the timeline replayed across a canary, a rollback and a retire, checked
against the audit chain by `slipway audit verify`."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from backend.identity.roles import Role
from tests.support import deploy_models as models
from tests.support.deployments import (
    ADMIN,
    RETIRE,
    ROLLBACK,
    Traffic,
    deploy,
    features,
    model_name,
    two_versions_in_production,
    wait_status,
)
from tests.support.processes import ROOT

HISTORY = """query History($endpoint: String!, $from: DateTime!, $to: DateTime!) {
  servedHistory(endpoint: $endpoint, from: $from, to: $to) {
    start end
    shares { percent version { version } deployment { id } }
    change { status trafficPercent message }
    auditEntries { action targetId actorEmail seq }
  }
}"""


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _split(interval: dict) -> list[tuple[int, int]]:
    return sorted((s["version"]["version"], s["percent"]) for s in interval["shares"])


def _verify(servers, tenant) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", "audit", "verify", "--tenant", tenant.slug],
        env=servers.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_served_history_answers_across_a_canary_a_rollback_and_a_retire(tenant, servers, sessionmaker) -> None:
    name = model_name()
    began = datetime.now(UTC) - timedelta(seconds=5)
    _, v2, stable = await two_versions_in_production(tenant, name, models.linear(1.0), models.linear(2.0))
    admin = tenant.client(ADMIN)
    async with Traffic(tenant, stable["endpointUrl"], features(1.0)):
        canary = (await deploy(tenant, v2["id"], "PRODUCTION", strategy="CANARY", steps=[50])).ok()[
            "deployModelVersion"
        ]
        assert (await wait_status(tenant, canary["id"]))["status"] == "LIVE"
    (await admin.execute(ROLLBACK, {"id": canary["id"], "reason": "agreement fell"})).ok()
    assert (await wait_status(tenant, canary["id"], ("ROLLED_BACK",)))["status"] == "ROLLED_BACK"
    await wait_status(tenant, stable["id"], ("LIVE",))
    (await admin.execute(RETIRE, {"id": stable["id"]})).ok()
    await wait_status(tenant, stable["id"], ("RETIRED",))
    ended = datetime.now(UTC) + timedelta(seconds=5)

    endpoint = f"{name}-production"
    found = (await admin.execute(HISTORY, {"endpoint": endpoint, "from": _iso(began), "to": _iso(ended)})).ok()
    intervals = found["servedHistory"]
    # v1 alone, the canary's half, v2 alone once it went LIVE (the 100 % step and LIVE are one split),
    # v1 again after the rollback, then nothing once retired.
    assert [_split(i) for i in intervals] == [[(1, 100)], [(1, 50), (2, 50)], [(2, 100)], [(1, 100)], []]
    # Back to back, the last still open.
    assert [i["end"] for i in intervals[:-1]] == [i["start"] for i in intervals[1:]]
    assert intervals[-1]["end"] is None
    # Each change carries the events that made it and the audit rows of the requests behind it.
    assert any(e["trafficPercent"] == 50 for e in intervals[1]["change"])
    assert "deployment.requested" in {a["action"] for a in intervals[1]["auditEntries"]}
    assert "model.version_approved" in {a["action"] for a in intervals[1]["auditEntries"]}
    assert "deployment.rollback_requested" in {a["action"] for a in intervals[3]["auditEntries"]}
    assert "deployment.retire_requested" in {a["action"] for a in intervals[4]["auditEntries"]}
    assert all(a["actorEmail"] == tenant.users[ADMIN].email for a in intervals[4]["auditEntries"])

    # Asking about a moment inside the canary gives that interval alone.
    start, end = (datetime.fromisoformat(intervals[1][k]) for k in ("start", "end"))
    middle = start + (end - start) / 2
    inside = (
        await admin.execute(
            HISTORY,
            {"endpoint": endpoint, "from": _iso(middle), "to": _iso(middle + timedelta(microseconds=1))},
        )
    ).ok()["servedHistory"]
    assert [_split(i) for i in inside] == [[(1, 50), (2, 50)]]
    # Before anything was deployed there is no interval at all.
    before = (
        await admin.execute(HISTORY, {"endpoint": endpoint, "from": _iso(began - timedelta(days=1)), "to": _iso(began)})
    ).ok()["servedHistory"]
    assert before == []

    # A viewer reads the intervals but not the audit log.
    seen = (
        await tenant.client(Role.VIEWER).execute(
            HISTORY, {"endpoint": endpoint, "from": _iso(began), "to": _iso(ended)}
        )
    ).ok()["servedHistory"]
    assert [_split(i) for i in seen] == [_split(i) for i in intervals]
    assert all(i["auditEntries"] == [] for i in seen)

    # The timeline agrees with the chain; a deployment written behind the API's back does not.
    verified = _verify(servers, tenant)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    async with sessionmaker() as session, session.begin():
        rogue = uuid.uuid4()
        await session.execute(
            text(
                "INSERT INTO deployments (id, tenant_id, model_id, version_id, environment, strategy, status, "
                "desired, canary_steps, phase, step, baseline, traffic_percent, message, created_by, ticket) "
                "SELECT :id, tenant_id, model_id, version_id, environment, strategy, 'RETIRED', 'LIVE', '{}', "
                "'switch', 0, '{}', 0, '', created_by, 0 FROM deployments WHERE id = :like"
            ),
            {"id": rogue, "like": uuid.UUID(bytes=_raw(stable["id"]))},
        )
    broken = _verify(servers, tenant)
    assert broken.returncode == 1
    assert f"timeline: deployment {rogue}: on the timeline but no `deployment.requested`" in broken.stdout


def _raw(global_id: str) -> bytes:
    from backend.kit import ids

    return ids.decode("Deployment", global_id).bytes


async def test_served_history_refuses_bad_requests_with_what_to_do(tenant, other_tenant) -> None:
    admin = tenant.client(ADMIN)
    now = datetime.now(UTC)
    week = {"from": _iso(now - timedelta(days=7)), "to": _iso(now)}

    def asked(endpoint: str, **times: str) -> dict:
        return {"endpoint": endpoint, **week, **times}

    not_an_endpoint = await admin.execute(HISTORY, asked("pump-health"))
    assert not_an_endpoint.codes == ["BAD_USER_INPUT"]
    assert "<model>-production" in not_an_endpoint.body["errors"][0]["message"]
    bare_suffix = await admin.execute(HISTORY, asked("-production"))
    assert bare_suffix.codes == ["BAD_USER_INPUT"]
    inverted = await admin.execute(HISTORY, asked("x-production", **{"from": week["to"], "to": week["from"]}))
    assert inverted.codes == ["BAD_USER_INPUT"] and "before" in inverted.body["errors"][0]["message"]
    unknown = await admin.execute(HISTORY, asked(f"{model_name()}-staging"))
    assert unknown.codes == ["NOT_FOUND"]
    # Another tenant's model is not there either.
    name = model_name()
    (
        await other_tenant.client(ADMIN).execute(
            "mutation($n: String!) { registerModel(name: $n) { id } }", {"n": name}
        )
    ).ok()
    theirs = await admin.execute(HISTORY, asked(f"{name}-production"))
    assert theirs.codes == ["NOT_FOUND"]
