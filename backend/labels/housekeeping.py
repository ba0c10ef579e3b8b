"""Garbage a save can leave behind: expired idempotency keys, and mask or image objects whose
transaction never committed (the API process died between the S3 write and the commit, or S3
refused the delete that should have followed a failed commit)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.identity.models import Tenant
from backend.kit.jobs import enqueue
from backend.labels import repository, storage
from backend.labels.models import Case, Label
from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)

BATCH = 1000


async def schedule(session: AsyncSession, *, now: datetime | None = None) -> str:
    """Ask for a `labels.housekeeping` run at the next full hour, in the caller's transaction; returns its message id.

    Saves are what leave garbage, so saves ask for it (and the worker, when it starts): every request of an
    hour asks for the same run, and the queue keeps one.
    """
    slot = ((now or datetime.now(UTC)) + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return await enqueue(session, "labels.housekeeping", at=slot, key=slot.isoformat())


async def purge_expired_keys(session: AsyncSession) -> int:
    """Delete every expired idempotency key, a batch at a time; returns how many went."""
    total = 0
    while (deleted := await repository.delete_expired_keys(session, limit=BATCH)) > 0:
        total += deleted
        if deleted < BATCH:
            break
    return total


async def sweep_orphans(
    session: AsyncSession, store: ObjectStore, *, older_than: timedelta, tenant_slug: str | None = None
) -> list[str]:
    """Delete case objects older than `older_than` that no committed row points at; returns their keys.

    The age keeps objects of saves still in flight (written, not yet committed) out of reach.
    """
    stmt = select(Tenant.id)
    if tenant_slug is not None:
        stmt = stmt.where(Tenant.slug == tenant_slug)
    cutoff = datetime.now(UTC) - older_than
    removed: list[str] = []
    for tenant_id in list(await session.scalars(stmt)):
        old = [key for key, modified in await storage.list_objects(store, f"{tenant_id}/cases/") if modified <= cutoff]
        for start in range(0, len(old), BATCH):
            chunk = old[start : start + BATCH]
            referenced = set(
                await session.scalars(
                    union(
                        select(Label.mask_key).where(Label.mask_key.in_(chunk)),
                        select(Case.image_key).where(Case.image_key.in_(chunk)),
                    )
                )
            )
            orphans = [key for key in chunk if key not in referenced]
            await storage.discard(store, orphans)
            removed += orphans
    if removed:
        log.info("deleted orphan case objects", extra={"count": len(removed)})
    return removed
