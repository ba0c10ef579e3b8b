"""Dramatiq actors of the labels area: thin, take ids, call the domain service in their own transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import dramatiq
from dramatiq.common import dq_name
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit.db import transaction
from backend.labels import housekeeping
from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
from tasks import runtime
from tasks.broker import SCHEMA

QUEUE = "default"
_SLOTS = uuid.UUID("6f1d8f52-5c1e-4d8e-9a57-3f0c1b2d9e41")  # namespace of the hourly slots' message ids

# Like tasks/enqueue.py, but for a later time and at most once per slot: the message id is the
# slot's, so every save of an hour asks for the same run and Postgres keeps one.
_SCHEDULE = text(f"""
INSERT INTO {SCHEMA}.queue (queue_name, message_id, "state", message, available_at)
VALUES (:queue, CAST(:message_id AS uuid), 'queued', CAST(:message AS jsonb), :at)
ON CONFLICT (message_id) DO NOTHING
""")


@dramatiq.actor(queue_name=QUEUE, max_retries=3, min_backoff=5_000, time_limit=600_000)
async def label_housekeeping(older_than_s: int = 3600, tenant_slug: str | None = None) -> None:
    """Forget expired idempotency keys and delete objects of saves that never committed."""
    async with transaction(runtime.sessionmaker()) as session:
        await housekeeping.purge_expired_keys(session)
    async with transaction(runtime.sessionmaker()) as session:
        await housekeeping.sweep_orphans(session, await runtime.object_store(),
                                         older_than=timedelta(seconds=older_than_s), tenant_slug=tenant_slug)


async def schedule_housekeeping(session: AsyncSession, *, now: datetime | None = None) -> str:
    """Ask for a housekeeping run at the next full hour, in the caller's transaction; returns its message id.

    Saves are what leave garbage, so saves schedule the sweep: no saves, nothing to sweep.
    """
    slot = ((now or datetime.now(UTC)) + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    message = label_housekeeping.message().copy(message_id=str(uuid.uuid5(_SLOTS, slot.isoformat())),
                                                queue_name=dq_name(QUEUE))
    # A delayed message, the way dramatiq sends one: the worker moves it to its queue at `eta`.
    message.options["eta"] = int(slot.timestamp() * 1000)
    await session.execute(_SCHEDULE, {"queue": message.queue_name, "message_id": message.message_id,
                                      "message": message.encode().decode(), "at": slot})
    return message.message_id
