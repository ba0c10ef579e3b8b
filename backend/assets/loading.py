"""Bulk loading of samples (the only way samples are written: demo data, benchmarks, tests, importers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import samples_repository
from backend.assets.samples_repository import SeriesChunk
from backend.kit.db import transaction


async def load_samples(sessionmaker: async_sessionmaker[AsyncSession], chunks: Iterable[SeriesChunk], *,
                       start: datetime, end: datetime, fresh: bool = False) -> int:
    """COPY the chunks (all inside [start, end)) and refresh the minute rollups they touch; returns rows.

    Partitions are made first in a short transaction of their own (creating one locks the table
    briefly); the rows and their rollups then commit together, so a chart never sees half a load.
    `fresh` promises that the chunks' series have no samples yet: the rollups are then computed
    with numpy while loading (much cheaper than aggregating in SQL afterwards).
    """
    async with transaction(sessionmaker) as session:
        await samples_repository.ensure_partitions(session, start, end)
    series: set[int] = set()

    def remember(items: Iterable[SeriesChunk]) -> Iterable[SeriesChunk]:
        for chunk in items:
            series.add(chunk.series_id)
            yield chunk

    rollups: list[bytes] | None = [] if fresh else None
    async with transaction(sessionmaker) as session:
        rows = await samples_repository.copy_in(session, remember(chunks), rollups=rollups)
        if rollups is not None:
            await samples_repository.copy_rollups(session, rollups)
        elif series:
            await samples_repository.refresh_rollups(session, sorted(series), start, end)
    return rows


def utc(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)
