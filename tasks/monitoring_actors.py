"""Actors of the monitoring area: thin, named `area.verb`, calling backend/monitoring/jobs.py."""

from __future__ import annotations

from backend.config import settings
from backend.monitoring import jobs
from tasks import runtime
from tasks.broker import actor


# Periodic (tasks/periodic.py): once its retries are spent, the next slot's run is queued.
@actor(
    "monitoring.drift",
    max_retries=3,
    min_backoff=5_000,
    time_limit=1_800_000,
    on_retry_exhausted="monitoring.drift_exhausted",
)
async def drift() -> None:
    await jobs.run_drift(runtime.sessionmaker(), settings)


@actor("monitoring.drift_exhausted", max_retries=20, min_backoff=5000)
async def drift_exhausted(message: dict, retries: dict) -> None:
    await jobs.queue_next_drift(runtime.sessionmaker())


@actor(
    "monitoring.partitions",
    max_retries=3,
    min_backoff=5_000,
    time_limit=600_000,
    on_retry_exhausted="monitoring.partitions_exhausted",
)
async def partitions() -> None:
    await jobs.run_partitions(runtime.sessionmaker(), settings)


@actor("monitoring.partitions_exhausted", max_retries=20, min_backoff=5000)
async def partitions_exhausted(message: dict, retries: dict) -> None:
    await jobs.queue_next_partitions(runtime.sessionmaker())
