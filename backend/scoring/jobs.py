"""The scoring area's jobs, as the worker runs them (tasks/scoring_actors.py, tasks/deployments_actors.py): ids in,
the work in runner.py and schedule.py."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.scoring import runner, schedule


async def score(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, run_id: str) -> None:
    """`deployments.score` (the name queued messages carry): run one scoring run."""
    await runner.run(sessionmaker, settings, uuid.UUID(run_id))


async def run_due(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    """After each `deployments.sweep`: start the scheduled scoring runs that are due, when a schedule is set."""
    if settings.scoring_interval_minutes:
        await schedule.run_due(sessionmaker, settings)
