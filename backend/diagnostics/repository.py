"""All SQL about pings."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.diagnostics.models import Ping


async def add(session: AsyncSession, ping: Ping) -> None:
    session.add(ping)
    await session.flush()


async def get_in_tenant(session: AsyncSession, tenant_id: uuid.UUID, ping_id: uuid.UUID) -> Ping | None:
    return await session.scalar(select(Ping).where(Ping.tenant_id == tenant_id, Ping.id == ping_id))


async def mark_ponged(session: AsyncSession, ping_id: uuid.UUID, *, at: datetime, pid: int) -> Ping | None:
    """Complete a queued ping once; a retried job finds it done and changes nothing."""
    stmt = (
        update(Ping)
        .where(Ping.id == ping_id, Ping.status == "QUEUED")
        .values(status="PONGED", completed_at=at, worker_pid=pid)
        .returning(Ping)
    )
    return await session.scalar(stmt)
