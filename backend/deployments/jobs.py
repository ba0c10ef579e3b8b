"""The deployments area's jobs, as the worker runs them (tasks/deployments_actors.py): ids in, the work in
rollout.py and sweep.py."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.deployments import rollout, service
from backend.deployments import sweep as sweeping
from backend.kit.db import transaction


async def reconcile(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, deployment_id: str, ticket: int | None = None
) -> None:
    """`deployments.reconcile`: take the next step of one rollout (a message with an old ticket is stale)."""
    await rollout.reconcile(sessionmaker, settings, uuid.UUID(deployment_id), ticket)


async def reconcile_exhausted(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, message: dict, retries: dict
) -> None:
    """`deployments.reconcile_exhausted`: the rollout whose steps kept failing FAILS instead of hanging PENDING."""
    await rollout.give_up(
        sessionmaker, settings, uuid.UUID(message["args"][0]), attempts=int(retries.get("retries", 0)) + 1
    )


async def sweep(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    """`deployments.sweep`: resume stuck rollouts, re-assert LIVE routes."""
    await sweeping.run(sessionmaker, settings)


async def sync_shadows(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, model_id: str, unload: list[str] | None = None
) -> None:
    """`deployments.sync_shadows`: route the production shadows as the stages say, unload the ones that left."""
    await rollout.sync_shadows(sessionmaker, settings, uuid.UUID(model_id), [uuid.UUID(v) for v in unload or []])


async def queue_next_sweep(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Queue the next slot's sweep unless it is queued (worker start, every period, retries spent)."""
    async with transaction(sessionmaker) as session:
        await service.schedule_sweep(session)
