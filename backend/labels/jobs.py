"""The labels area's jobs, as the worker runs them (tasks/labels_actors.py): the work in housekeeping.py."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.kit.db import transaction
from backend.labels import housekeeping as garbage
from backend.storage.s3 import ObjectStore


async def housekeeping(
    sessionmaker: async_sessionmaker[AsyncSession],
    store: ObjectStore,
    older_than_s: int = 3600,
    tenant_slug: str | None = None,
) -> None:
    """`labels.housekeeping`: forget expired idempotency keys and delete objects of saves that never committed."""
    async with transaction(sessionmaker) as session:
        await garbage.purge_expired_keys(session)
    async with transaction(sessionmaker) as session:
        await garbage.sweep_orphans(session, store, older_than=timedelta(seconds=older_than_s), tenant_slug=tenant_slug)


async def queue_next_housekeeping(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Queue the next hour's run unless it is queued (worker start, every sweep period, retries spent)."""
    async with transaction(sessionmaker) as session:
        await garbage.schedule(session)
