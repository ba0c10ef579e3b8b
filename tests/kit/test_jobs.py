"""kit.jobs.enqueue: one row in the queue table, in the caller's transaction, when and as often as asked."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text

from backend.config import settings
from backend.kit.db import transaction
from backend.kit.jobs import enqueue, queue_of

# Due long after the suite: no worker ever takes these rows (no actor has this name either).
LATER = datetime(2999, 1, 1, tzinfo=UTC)
PROBE = "diagnostics.kit_probe"

_ROW = text(
    "SELECT queue_name, state::text AS state, message, available_at, clock_timestamp() AS now "
    "FROM dramatiq.queue WHERE message_id = CAST(:id AS uuid)"
)
_ROWS = text("SELECT count(*) FROM dramatiq.queue WHERE message->>'actor_name' = :name")
_FORGET = text("DELETE FROM dramatiq.queue WHERE message->>'actor_name' = :name")


def counted(name: str) -> float:
    return REGISTRY.get_sample_value("slipway_jobs_enqueued_total", {"actor": name}) or 0.0


@pytest.fixture
async def probe(sessionmaker):
    """A job name of this test alone; its rows are removed afterwards."""
    name = f"diagnostics.probe_{uuid.uuid4().hex[:8]}"
    yield name
    async with transaction(sessionmaker) as session:
        await session.execute(_FORGET, {"name": name})


async def test_a_job_is_queued_by_name_on_its_areas_queue_and_due_now(sessionmaker) -> None:
    async with sessionmaker() as session:
        message_id = await enqueue(session, "deployments.reconcile", "some-id", 3)
        row = (await session.execute(_ROW, {"id": message_id})).one()
        await session.rollback()
    assert row.queue_name == settings.deploy_queue and row.state == "queued"
    assert (row.message["actor_name"], row.message["args"], row.message["message_id"]) == (
        "deployments.reconcile",
        ["some-id", 3],
        message_id,
    )
    assert timedelta(0) <= row.now - row.available_at < timedelta(seconds=5)


async def test_delay_and_at_set_when_the_job_becomes_due(sessionmaker) -> None:
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    async with sessionmaker() as session:
        later = (await session.execute(_ROW, {"id": await enqueue(session, PROBE, delay=90)})).one()
        fixed = (await session.execute(_ROW, {"id": await enqueue(session, PROBE, at=at)})).one()
        await session.rollback()
    assert timedelta(seconds=85) < later.available_at - later.now <= timedelta(seconds=90)
    assert fixed.available_at == at


async def test_a_key_keeps_one_job_while_it_is_queued(sessionmaker, probe) -> None:
    before = counted(probe)
    async with transaction(sessionmaker) as session:
        first = await enqueue(session, probe, 1, at=LATER, key="slot-1")
        again = await enqueue(session, probe, 2, at=LATER, key="slot-1")
    async with transaction(sessionmaker) as session:  # a later transaction asking for the same slot
        third = await enqueue(session, probe, 3, at=LATER, key="slot-1")
        other = await enqueue(session, probe, 4, at=LATER, key="slot-2")
    async with sessionmaker() as session:
        assert await session.scalar(_ROWS, {"name": probe}) == 2
        kept = (await session.execute(_ROW, {"id": first})).one()
    assert first == again == third != other
    assert kept.message["args"] == [1]  # the first one asked for stays as it was
    assert counted(probe) - before == 2  # jobs written, not jobs asked for


async def test_the_metric_counts_a_job_once_its_transaction_commits(sessionmaker, probe) -> None:
    before = counted(probe)
    async with sessionmaker() as session:
        await enqueue(session, probe, at=LATER)
        await enqueue(session, probe, at=LATER)
        assert counted(probe) == before  # not yet: the transaction may still roll back
        await session.commit()
    assert counted(probe) - before == 2


async def test_a_job_goes_with_its_callers_rolled_back_transaction(sessionmaker, probe) -> None:
    before = counted(probe)
    with pytest.raises(RuntimeError):
        async with transaction(sessionmaker) as session:
            await enqueue(session, probe, at=LATER)
            await enqueue(session, probe, at=LATER, key="k")
            raise RuntimeError("the change fails after its job was queued")
    async with sessionmaker() as session:
        assert await session.scalar(_ROWS, {"name": probe}) == 0
    assert counted(probe) == before
    async with transaction(sessionmaker) as session:  # and the key is free again
        await enqueue(session, probe, at=LATER, key="k")
    async with sessionmaker() as session:
        assert await session.scalar(_ROWS, {"name": probe}) == 1


@pytest.mark.parametrize("name", ["sweep", "deployment.sweep", "Deployments.sweep", "deployments.", "a.b.c"])
async def test_a_name_that_is_not_area_dot_verb_is_refused_before_anything_is_written(sessionmaker, name: str) -> None:
    async with sessionmaker() as session:
        with pytest.raises(ValueError, match="not a job name"):
            await enqueue(session, name)
        assert not session.in_transaction() or await session.scalar(_ROWS, {"name": name}) == 0


def test_each_area_with_a_queue_setting_routes_its_jobs_there() -> None:
    assert queue_of("assets.export") == settings.export_queue
    assert queue_of("deployments.sweep") == settings.deploy_queue
    assert queue_of("registry.validate") == settings.validation_queue
    assert queue_of("webhooks.deliver") == settings.webhooks_queue
    assert queue_of("monitoring.drift") == settings.monitoring_queue
    assert queue_of("labels.housekeeping") == queue_of("diagnostics.pong") == "default"


async def test_workers_are_woken_at_commit_for_a_job_due_now_only(servers, sessionmaker, probe) -> None:
    import asyncio

    import asyncpg

    doorbell: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(servers.settings.libpq_url)
    await listener.add_listener("dramatiq.default.enqueue", lambda *args: doorbell.put_nowait(args[2]))
    try:
        async with sessionmaker() as session:
            await enqueue(session, probe, at=LATER)
            await enqueue(session, probe, delay=3600)
            await session.commit()
        async with sessionmaker() as session:
            await enqueue(session, probe, at=datetime.now(UTC) - timedelta(seconds=1))  # overdue: due now
            await asyncio.sleep(0.5)
            assert doorbell.empty()  # not before the commit
            await session.commit()
        assert await asyncio.wait_for(doorbell.get(), 5) == "dramatiq.default.enqueue"
        await asyncio.sleep(0.5)
        assert doorbell.empty()  # one ring: the later jobs rang nothing
    finally:
        await listener.close()
