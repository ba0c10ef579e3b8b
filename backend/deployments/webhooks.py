"""The one door to outgoing webhooks (backend/webhooks): deployment and scoring events."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.webhooks import service


async def emit(session: AsyncSession, *, tenant_id: uuid.UUID, event: str, payload: dict) -> None:
    """Queue `event` for the tenant's webhooks in the caller's transaction (sent after it commits)."""
    await service.emit(session, tenant_id=tenant_id, event=event, payload=payload)
