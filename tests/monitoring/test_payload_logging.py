"""Payload logging on the real stack: the model server samples a deployment's requests into Postgres partitions,
off the request path, and counts what it cannot write."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit import ids
from backend.kit.db import transaction
from backend.monitoring import jobs, payloads
from tests.support import deploy_models as models
from tests.support.deployments import ENG
from tests.support.monitoring import (
    SET_LOGGING,
    counter,
    logged_ids,
    logging_deployment,
    metrics,
    send_all,
    wait_logged,
)

RNG = np.random.default_rng(11)


async def test_every_accepted_request_is_logged_under_concurrent_load(tenant, sessionmaker, monitoring_stack) -> None:
    deployment = await logging_deployment(tenant, models.linear(2.0))
    rows = RNG.normal(0, 1, (600, 3)).astype(np.float32)
    accepted, answers = await send_all(tenant, deployment["endpointUrl"], rows, concurrency=24)
    assert len(accepted) == len(rows), [a for a in answers if not hasattr(a, "status_code") or a.status_code != 200][:3]
    found = await wait_logged(sessionmaker, deployment["id"], set(accepted))
    load = [r for r in found if r in set(accepted)]
    assert sorted(load) == sorted(accepted)  # every one, none twice
    async with sessionmaker() as session:
        row = (
            await session.execute(
                text(
                    "SELECT route, version, latency_ms, outcome, inputs, outputs FROM payload_logs "
                    "WHERE request_id = :r"
                ),
                {"r": accepted[7]},
            )
        ).one()
    index = answers.index(next(a for a in answers if a.headers.get("x-request-id") == accepted[7]))
    assert row.route.endswith("-staging") and row.version.endswith("-v1") and row.outcome == "ok"
    assert row.latency_ms > 0
    assert row.inputs == {f"x[{j}]": [float(rows[index, j])] for j in range(3)}
    answered = answers[index].json()["outputs"][0]["data"][0]
    assert list(row.outputs) == ["y[0]"] and row.outputs["y[0]"] == [pytest.approx(answered, rel=1e-6)]


async def test_a_frozen_sink_drops_and_counts_but_never_fails_a_request(
    tenant, engine, sessionmaker, monitoring_stack
) -> None:
    deployment = await logging_deployment(tenant, models.linear(1.0))
    url = monitoring_stack.model_server.base_url
    # The probes that waited for sampling to start are queued too: let them be written first, or one dropped
    # behind the lock would count as lost without being one of the accepted requests below.
    for _ in range(100):
        if counter(await metrics(url), "slipway_serve_payload_queue") == 0:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the payload queue never drained before the test")
    await asyncio.sleep(0.5)  # a batch taken off the queue a moment ago reaches the table
    before = await metrics(url)
    async with engine.connect() as lock:
        # Freeze the sink: every COPY into the payload log waits on this lock until its deadline.
        await lock.execute(text("BEGIN"))
        await lock.execute(text("LOCK TABLE payload_logs IN ACCESS EXCLUSIVE MODE"))
        accepted, answers = await send_all(
            tenant, deployment["endpointUrl"], RNG.normal(0, 1, (900, 3)).astype(np.float32), concurrency=24
        )
        frozen = await metrics(url)
        await lock.execute(text("ROLLBACK"))
    assert len(accepted) == 900, [a for a in answers if getattr(a, "status_code", 0) != 200][:3]

    def dropped(metrics_text: str) -> float:
        return counter(metrics_text, "slipway_serve_payload_dropped_total")

    assert counter(frozen, "slipway_serve_payload_dropped_total", reason="queue_full") > counter(
        before, "slipway_serve_payload_dropped_total", reason="queue_full"
    ), frozen
    assert counter(frozen, "slipway_serve_payload_queue") <= 300  # bounded: SLIPWAY_PAYLOAD_QUEUE_SIZE
    # Once the lock is gone, what was queued is written: every accepted request is logged or counted as dropped.
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        after = await metrics(url)
        logged = set(await logged_ids(sessionmaker, deployment["id"])) & set(accepted)
        lost = dropped(after) - dropped(before)
        if len(logged) + lost >= len(accepted) or asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.5)
    assert len(logged) + lost == len(accepted), (len(logged), lost)
    assert 0 < len(logged) < len(accepted)


async def test_sampling_logs_about_its_share_and_zero_stops(tenant, sessionmaker, monitoring_stack) -> None:
    deployment = await logging_deployment(tenant, models.linear(1.0), percent=10)
    await asyncio.sleep(1)  # the model server re-reads the targets every 0.3 s
    accepted, _ = await send_all(tenant, deployment["endpointUrl"], RNG.normal(0, 1, (800, 3)).astype(np.float32))
    await asyncio.sleep(1.5)
    logged = set(await logged_ids(sessionmaker, deployment["id"])) & set(accepted)
    assert 35 <= len(logged) <= 130, len(logged)  # binomial(800, 0.1): mean 80, sd 8.5
    (await tenant.client(ENG).execute(SET_LOGGING, {"id": deployment["id"], "percent": 0})).ok()
    await asyncio.sleep(1)
    quiet, _ = await send_all(tenant, deployment["endpointUrl"], RNG.normal(0, 1, (200, 3)).astype(np.float32))
    await asyncio.sleep(1.5)
    assert not set(await logged_ids(sessionmaker, deployment["id"])) & set(quiet)


async def test_the_sampling_rate_is_checked_audited_and_kept_to_its_roles(
    tenant, other_tenant, sessionmaker, monitoring_stack
) -> None:
    deployment = await logging_deployment(tenant, models.linear(1.0), percent=5)
    bad = await tenant.client(ENG).execute(SET_LOGGING, {"id": deployment["id"], "percent": 100.5})
    assert bad.codes == ["BAD_USER_INPUT"] and "0 (off) to 100" in bad.body["errors"][0]["message"]
    for role in (Role.VIEWER, Role.DATA_SCIENTIST, Role.LABELER):
        refused = await tenant.client(role).execute(SET_LOGGING, {"id": deployment["id"], "percent": 50})
        assert refused.codes == ["FORBIDDEN"], (role, refused.body)
    foreign = await other_tenant.client(Role.ADMIN).execute(SET_LOGGING, {"id": deployment["id"], "percent": 50})
    assert foreign.codes == ["NOT_FOUND"]
    async with sessionmaker() as session:
        actions = (
            await session.execute(
                text(
                    "SELECT target_type, target_id, details FROM audit_log "
                    "WHERE tenant_id = :t AND action = 'monitoring.payload_logging_set'"
                ),
                {"t": tenant.id},
            )
        ).all()
    assert [d["samplePercent"] for _, _, d in actions] == [5.0]
    # Filed under the deployment as its other audit rows are, so servedHistory and the dossier find it.
    assert [(t, i) for t, i, _ in actions] == [("Deployment", str(ids.decode("Deployment", deployment["id"])))]


async def test_retention_drops_old_partitions_and_creates_the_days_ahead(sessionmaker, servers) -> None:
    old = [date(2001, 1, 1) + timedelta(days=i) for i in range(3)]
    async with transaction(sessionmaker) as session:
        await payloads.ensure_partitions(await session.connection(), old[0], 3)
        await session.execute(
            text(
                "INSERT INTO payload_logs (logged_at, tenant_id, deployment_id, route, version_id, version, "
                "request_id, latency_ms, outcome) VALUES (:at, gen_random_uuid(), gen_random_uuid(), 'r', "
                "gen_random_uuid(), 'v', 'old', 1, 'ok')"
            ),
            {"at": datetime(2001, 1, 2, 12, tzinfo=UTC)},
        )
    kept, dropped = await jobs.run_partitions(
        sessionmaker, servers.settings.model_copy(update={"payload_retention_days": 30})
    )
    assert [payloads.partition_name(d) for d in old] == [d for d in dropped if d.startswith("payload_logs_p2001")]
    today = datetime.now(UTC).date()
    assert kept == [payloads.partition_name(today + timedelta(days=i)) for i in range(jobs.PARTITIONS_AHEAD + 1)]
    async with sessionmaker() as session:
        existing = await payloads.partitions(await session.connection())
        left = await session.scalar(text("SELECT count(*) FROM payload_logs WHERE request_id = 'old'"))
    assert not [name for name in existing if name.startswith("payload_logs_p2001")]
    assert set(kept) <= set(existing)
    assert left == 0
