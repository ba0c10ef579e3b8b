"""Bulk loading of samples (the only way samples are written: demo data, benchmarks, tests, importers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import samples_repository
from backend.assets.samples_repository import SeriesChunk
from backend.kit.db import transaction


async def load_samples(
    sessionmaker: async_sessionmaker[AsyncSession],
    chunks: Iterable[SeriesChunk],
    *,
    start: datetime,
    end: datetime,
    fresh: bool = False,
) -> int:
    """COPY the chunks (all inside [start, end)) and their minute rollups in one transaction; returns rows.

    Partitions are made first in a short transaction of their own (creating one locks the table
    briefly); the rows and their rollups then commit together, so a chart never sees half a load.
    """
    await prepare_partitions(sessionmaker, start, end)
    async with transaction(sessionmaker) as session:
        return await copy_samples(session, chunks, start=start, end=end, fresh=fresh)


async def prepare_partitions(sessionmaker: async_sessionmaker[AsyncSession], start: datetime, end: datetime) -> None:
    async with transaction(sessionmaker) as session:
        await samples_repository.ensure_partitions(session, start, end)


async def copy_samples(
    session: AsyncSession, chunks: Iterable[SeriesChunk], *, start: datetime, end: datetime, fresh: bool = False
) -> int:
    """COPY in the caller's transaction (partitions must exist) and bring the rollups up to date.

    `fresh` promises that the chunks' series have no samples yet: the rollups are then computed
    with numpy while loading, instead of aggregating in SQL afterwards.
    """
    series: set[int] = set()

    def remember(items: Iterable[SeriesChunk]) -> Iterable[SeriesChunk]:
        for chunk in items:
            series.add(chunk.series_id)
            yield chunk

    rollups: list[bytes] | None = [] if fresh else None
    rows = await samples_repository.copy_in(session, remember(chunks), rollups=rollups)
    if rollups is not None:
        await samples_repository.copy_rollups(session, rollups)
    elif series:
        await samples_repository.refresh_rollups(session, sorted(series), start, end)
    return rows
