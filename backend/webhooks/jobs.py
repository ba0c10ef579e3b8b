"""The webhooks area's jobs, as the worker runs them (tasks/webhooks_actors.py): ids in, the work in delivery.py."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.kit.db import transaction
from backend.webhooks import delivery


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, delivery_id: str, attempt: int
) -> None:
    """`webhooks.deliver`: make one attempt of a delivery (a failed one queues the next itself)."""
    await delivery.deliver(sessionmaker, settings, delivery_id=uuid.UUID(delivery_id), attempt=attempt)


async def deliver_exhausted(sessionmaker: async_sessionmaker[AsyncSession], message: dict, retries: dict) -> None:
    """`webhooks.deliver_exhausted`: a delivery whose job kept crashing ends FAILED."""
    async with transaction(sessionmaker) as session:
        await delivery.give_up(session, delivery_id=uuid.UUID(message["args"][0]), attempts=int(retries["retries"]) + 1)
