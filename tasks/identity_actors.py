"""Actors of the identity area: thin, named `area.verb`, calling backend/identity/jobs.py."""

from __future__ import annotations

from backend.config import settings
from backend.identity import jobs
from tasks import runtime
from tasks.broker import actor


# Periodic (tasks/periodic.py): once its retries are spent, the next slot's run is queued.
@actor(
    "identity.housekeeping",
    max_retries=3,
    min_backoff=5_000,
    time_limit=600_000,
    on_retry_exhausted="identity.housekeeping_exhausted",
)
async def housekeeping() -> None:
    await jobs.prune(runtime.sessionmaker(), settings)


@actor("identity.housekeeping_exhausted", max_retries=20, min_backoff=5000)
async def housekeeping_exhausted(message: dict, retries: dict) -> None:
    await jobs.queue_next_housekeeping(runtime.sessionmaker())
