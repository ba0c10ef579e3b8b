"""Housekeeping: saves schedule one hourly run; the worker forgets expired keys and deletes orphan objects."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from backend.kit import ids
from backend.kit.db import transaction
from backend.kit.jobs import enqueue
from backend.labels import housekeeping, storage
from backend.storage.s3 import ObjectStore
from tests.support.labels import label_rows, mask_objects


async def test_saves_schedule_one_housekeeping_run_at_the_next_hour(labeling, sessionmaker) -> None:
    case = await labeling.create_case()
    first = (await labeling.save(case, labeling.edit(case, 1), base=case.label_id)).ok()["saveLabel"]["label"]
    (await labeling.save(case, labeling.edit(case, 2), base=first["id"])).ok()
    slot = (datetime.now(UTC) + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    async with transaction(sessionmaker) as session:
        rows = (
            await session.execute(
                text(
                    "SELECT queue_name, available_at FROM dramatiq.queue WHERE message->>'actor_name' = 'labels.housekeeping' "
                    "AND available_at = :slot"
                ),
                {"slot": slot},
            )
        ).all()
    # Due at the slot in its own queue: the broker holds a row back until its `available_at`.
    assert len(rows) == 1 and rows[0].queue_name == "default"


async def test_the_worker_deletes_orphans_and_expired_keys(labeling, tenant, servers, sessionmaker, worker) -> None:
    case = await labeling.create_case()
    key = str(uuid.uuid4())
    (await labeling.save(case, labeling.edit(case), base=case.label_id, key=key)).ok()
    store = ObjectStore(servers.settings)
    await store.open()
    # What a process that died between the S3 write and the commit leaves behind.
    orphan = storage.mask_key(tenant.id, ids.decode("Case", case.id), uuid.uuid4(), ".nii.gz")
    await storage.put(store, orphan, b"never committed", sha256="0" * 64)
    await store.close()
    async with transaction(sessionmaker) as session:
        await session.execute(
            text("UPDATE label_idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = :key"),
            {"key": key},
        )
        await enqueue(session, "labels.housekeeping", 0, tenant.slug)
    # Generous: the suite's one worker also runs other tests' validations and exports meanwhile.
    async with asyncio.timeout(180):
        while orphan in await mask_objects(servers, tenant.id, case.id):
            await asyncio.sleep(0.5)
    kept = await mask_objects(servers, tenant.id, case.id)
    assert sorted(kept) == sorted(r.mask_key for r in await label_rows(sessionmaker, case.id))
    async with asyncio.timeout(30):
        while True:
            async with transaction(sessionmaker) as session:
                left = await session.scalar(
                    text("SELECT count(*) FROM label_idempotency_keys WHERE key = :key"), {"key": key}
                )
            if left == 0:
                break
            await asyncio.sleep(0.5)


async def test_a_due_scheduled_run_is_picked_up_by_the_worker(sessionmaker, worker) -> None:
    # Scheduled "an hour ago" for the current hour: due now, so the worker must take it.
    async with transaction(sessionmaker) as session:
        message_id = await housekeeping.schedule(session, now=datetime.now(UTC) - timedelta(hours=1))
    async with asyncio.timeout(60):
        while True:
            async with transaction(sessionmaker) as session:
                state = await session.scalar(
                    text("SELECT state::text FROM dramatiq.queue WHERE message_id = CAST(:id AS uuid)"),
                    {"id": message_id},
                )
            if state is None:  # acked: ran and was removed
                break
            assert state != "rejected"
            await asyncio.sleep(0.5)
