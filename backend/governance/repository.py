"""All SQL about security findings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.governance.models import SecurityFinding


async def add(session: AsyncSession, row: SecurityFinding) -> None:
    session.add(row)
    await session.flush()


async def finding_in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, finding_id: uuid.UUID, *, lock: bool = False
) -> SecurityFinding | None:
    stmt = select(SecurityFinding).where(SecurityFinding.tenant_id == tenant_id, SecurityFinding.id == finding_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def findings_of(session: AsyncSession, version_ids: Sequence[uuid.UUID]) -> list[SecurityFinding]:
    """Every finding of these versions, newest first."""
    stmt = select(SecurityFinding).where(SecurityFinding.version_id.in_(version_ids))
    return list(await session.scalars(stmt.order_by(SecurityFinding.created_at.desc(), SecurityFinding.id)))
