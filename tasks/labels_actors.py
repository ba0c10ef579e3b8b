"""Actors of the labels area: thin, named `area.verb`, calling backend/labels/jobs.py."""

from __future__ import annotations

from backend.labels import jobs
from tasks import runtime
from tasks.broker import actor


# Periodic (tasks/periodic.py): once its retries are spent, the next hour's run is queued.
@actor(
    "labels.housekeeping",
    aliases=("label_housekeeping",),
    max_retries=3,
    min_backoff=5_000,
    time_limit=600_000,
    on_retry_exhausted="labels.housekeeping_exhausted",
)
async def housekeeping(older_than_s: int = 3600, tenant_slug: str | None = None) -> None:
    await jobs.housekeeping(runtime.sessionmaker(), await runtime.object_store(), older_than_s, tenant_slug)


@actor("labels.housekeeping_exhausted", max_retries=20, min_backoff=5000)
async def housekeeping_exhausted(message: dict, retries: dict) -> None:
    await jobs.queue_next_housekeeping(runtime.sessionmaker())
