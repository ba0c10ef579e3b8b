"""The diagnostics area's jobs, as the worker runs them (tasks/actors.py): ids in, one transaction each."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.diagnostics import service
from backend.kit.db import transaction


async def pong(sessionmaker: async_sessionmaker[AsyncSession], ping_id: str) -> None:
    """`diagnostics.pong`: answer a ping."""
    async with transaction(sessionmaker) as session:
        await service.complete_ping(session, ping_id=uuid.UUID(ping_id))
