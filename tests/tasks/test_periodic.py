"""Periodic work cannot die: a worker seeds the periodic jobs when it starts, and the sweep comes back after a run
of it spent its retries while Postgres was down."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import dramatiq
import pytest
from sqlalchemy import text

from backend.db.migrate import upgrade
from backend.embedded.postgres import EmbeddedPostgres, _pgserver, _system_user
from tests.conftest import ROOT, stop_process

SWEEP_SECONDS = 2
OUTAGE_SECONDS = 10


@dataclass
class Private:
    """A Postgres of the test's own, migrated, with a worker on it that nothing else feeds."""

    postgres: EmbeddedPostgres
    url: str
    worker: subprocess.Popen
    log: Path

    async def connect(self) -> asyncpg.Connection:
        return await asyncpg.connect(self.url)

    async def rows(self, actor: str) -> list[asyncpg.Record]:
        connection = await self.connect()
        try:
            return await connection.fetch(
                "SELECT message_id, queue_name, state::text AS state, available_at "
                "FROM dramatiq.queue WHERE message->>'actor_name' = $1 "
                "ORDER BY available_at",
                actor,
            )
        finally:
            await connection.close()


@pytest.fixture
def private(servers, tmp_path) -> Iterator[Private]:
    postgres = EmbeddedPostgres(tmp_path / "pg")
    url = postgres.start()
    upgrade(servers.settings.model_copy(update={"database_url": url}).sqlalchemy_url)
    log = tmp_path / "worker.log"
    env = {
        **servers.env,
        "SLIPWAY_DATABASE_URL": url,
        "SLIPWAY_DEPLOY_SWEEP_SECONDS": str(SWEEP_SECONDS),
        "SLIPWAY_LOG_LEVEL": "INFO",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield Private(postgres, url, worker, log)
    finally:
        stop_process(worker, timeout=30)
        postgres.stop()


async def _sweep_runs_after(private: Private, moment: datetime, timeout: float) -> None:
    """Wait until a sweep due after `moment` was queued and then ran (its row acknowledged, not rejected)."""
    seen: set = set()
    async with asyncio.timeout(timeout):
        while True:
            rows = await private.rows("deployments.sweep")
            assert not [r for r in rows if r["state"] == "rejected" and r["available_at"] > moment]
            current = {r["message_id"] for r in rows if r["available_at"] > moment}
            if seen - current:
                return
            seen |= current
            await asyncio.sleep(0.2)


async def test_a_fresh_worker_seeds_the_periodic_jobs(private) -> None:
    started = datetime.now(UTC)
    async with asyncio.timeout(60):
        while not (await private.rows("labels.housekeeping") and await private.rows("deployments.sweep")):
            await asyncio.sleep(0.2)
    [housekeeping] = await private.rows("labels.housekeeping")
    next_hour = (started + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    assert housekeeping["available_at"] in (next_hour, next_hour + timedelta(hours=1))  # the hour may turn meanwhile
    assert housekeeping["state"] == "queued"
    # Nothing is deployed and nobody asked: the sweep keeps running on its period all the same.
    await _sweep_runs_after(private, started, timeout=30)
    await _sweep_runs_after(private, datetime.now(UTC), timeout=30)


def _kill(postgres: EmbeddedPostgres) -> None:
    """Stop Postgres the hard way (`immediate`): every session ends at once, nothing more commits."""
    pg_ctl = _pgserver()._commands.pg_ctl
    pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=postgres.pgdata.resolve(), user=_system_user())


async def _running(private: Private, connection: asyncpg.Connection, message_id: str) -> None:
    """Wait until the worker has taken `message_id` and a sweep of it waits on a lock."""
    async with asyncio.timeout(30):
        while not (
            await connection.fetchval(
                "SELECT state::text = 'consumed' FROM dramatiq.queue WHERE message_id = $1", uuid.UUID(message_id)
            )
            and await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND application_name LIKE 'slipway-worker-%'"
            )
        ):
            await asyncio.sleep(0.1)


async def test_the_sweep_comes_back_after_postgres_was_down_past_its_retries(private) -> None:
    await _sweep_runs_after(private, datetime.now(UTC), timeout=60)
    # A sweep with no retry left, so that its retries are spent during the outage without waiting through the
    # real backoff; it runs (waiting on a lock) when Postgres goes.
    doomed = dramatiq.Message(
        queue_name="default", actor_name="deployments.sweep", args=(), kwargs={}, options={"max_retries": 0}
    )
    holder = await private.connect()
    await holder.execute("BEGIN; LOCK TABLE deployments IN ACCESS EXCLUSIVE MODE")
    connection = await private.connect()
    await connection.execute(
        "INSERT INTO dramatiq.queue (queue_name, message_id, state, message) "
        "VALUES ('default', $1, 'queued', $2::jsonb)",
        uuid.UUID(doomed.message_id),
        doomed.encode().decode(),
    )
    await _running(private, connection, doomed.message_id)
    _kill(private.postgres)
    await asyncio.sleep(OUTAGE_SECONDS)
    private.postgres.start()
    back = datetime.now(UTC)
    await _sweep_runs_after(private, back, timeout=60)
    [spent] = [r for r in await private.rows("deployments.sweep") if str(r["message_id"]) == doomed.message_id]
    assert spent["state"] == "rejected"
    assert f"Retries exceeded for message '{doomed.message_id}'" in private.log.read_text()


async def test_asking_for_the_next_sweep_twice_queues_it_once_at_the_next_slot(sessionmaker) -> None:
    from backend.config import settings
    from backend.deployments import service

    now = datetime(2031, 5, 6, 7, 8, 9, 500_000, tzinfo=UTC)
    async with sessionmaker() as session:
        first = await service.schedule_sweep(session, now=now)
        again = await service.schedule_sweep(session, now=now + timedelta(seconds=0.1))
        rows = (
            await session.execute(
                text("SELECT available_at FROM dramatiq.queue WHERE message_id = CAST(:id AS uuid)"), {"id": first}
            )
        ).all()
        await session.rollback()
    assert first == again and len(rows) == 1
    period = max(1.0, settings.deploy_sweep_seconds)
    assert now < rows[0].available_at <= now + timedelta(seconds=period)
    assert rows[0].available_at.timestamp() % period == 0
