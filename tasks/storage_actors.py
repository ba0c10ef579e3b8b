"""Actors of the storage area: thin, named `area.verb`, calling backend/storage/jobs.py."""

from __future__ import annotations

from backend.config import settings
from backend.storage import jobs
from tasks import runtime
from tasks.broker import actor


# Periodic (tasks/periodic.py): once its retries are spent, the next slot's run is queued.
@actor(
    "storage.housekeeping",
    max_retries=3,
    min_backoff=5_000,
    time_limit=3_600_000,
    on_retry_exhausted="storage.housekeeping_exhausted",
)
async def housekeeping(prefix: str = "", grace_seconds: float | None = None) -> None:
    await jobs.run_housekeeping(
        runtime.sessionmaker(), await runtime.object_store(), settings, prefix=prefix, grace_seconds=grace_seconds
    )


@actor("storage.housekeeping_exhausted", max_retries=20, min_backoff=5000)
async def housekeeping_exhausted(message: dict, retries: dict) -> None:
    await jobs.queue_next_housekeeping(runtime.sessionmaker())
