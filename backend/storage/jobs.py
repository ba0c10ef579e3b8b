"""The storage job, as the worker runs it (tasks/storage_actors.py): the work in housekeeping.py."""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings, settings
from backend.kit.db import transaction
from backend.kit.errors import Unavailable
from backend.kit.jobs import enqueue
from backend.storage import housekeeping, repository
from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)

_lifecycle_checked = False  # once per process: the rule outlives us, and an unsupported store stays so


async def run_housekeeping(
    sessionmaker: async_sessionmaker[AsyncSession],
    store: ObjectStore,
    config: Settings,
    *,
    prefix: str = "",
    grace_seconds: float | None = None,
) -> housekeeping.Swept:
    """`storage.housekeeping`: abort stale multipart uploads, then delete old objects no row points at."""
    global _lifecycle_checked
    if not _lifecycle_checked:
        try:
            await housekeeping.ensure_lifecycle_rule(store, days=config.storage_abort_incomplete_days)
            _lifecycle_checked = True
        except Unavailable as exc:  # asked again next run; the sweep below does not need the rule
            log.warning("could not check the bucket's lifecycle rule: %s", exc)
    grace = timedelta(seconds=config.storage_orphan_grace_seconds if grace_seconds is None else grace_seconds)

    async def referenced(keys: list[str]) -> set[str]:
        async with transaction(sessionmaker) as session:
            return await repository.referenced_keys(session, keys)

    aborted = await housekeeping.abort_stale_uploads(store, older_than=grace, prefix=prefix)
    seen, deleted = await housekeeping.delete_orphans(store, referenced, older_than=grace, prefix=prefix)
    log.info(
        "storage housekeeping: aborted %d multipart uploads, deleted %d orphan objects of %d listed (grace %g s)",
        len(aborted),
        len(deleted),
        seen,
        grace.total_seconds(),
        extra={"uploads_aborted": len(aborted), "objects_deleted": len(deleted), "prefix": prefix},
    )
    return housekeeping.Swept(uploads_aborted=len(aborted), objects_deleted=len(deleted), objects_seen=seen)


async def schedule(session: AsyncSession, *, now: datetime | None = None) -> str:
    """Ask for a `storage.housekeeping` run at the next slot of `storage_housekeeping_seconds` (one per slot)."""
    period = max(60.0, settings.storage_housekeeping_seconds)
    slot = datetime.fromtimestamp((math.floor((now or datetime.now(UTC)).timestamp() / period) + 1) * period, UTC)
    return await enqueue(session, "storage.housekeeping", at=slot, key=slot.isoformat())


async def queue_next_housekeeping(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Queue the next slot's run unless it is queued (worker start, every sweep period, retries spent)."""
    async with transaction(sessionmaker) as session:
        await schedule(session)
