"""The one door to outgoing webhooks (backend/webhooks, another area): deployment and scoring events."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession


async def emit(session: AsyncSession, *, tenant_id: uuid.UUID, event: str, payload: dict) -> None:
    """Queue `event` for the tenant's webhooks in the caller's transaction."""
    try:
        from backend.webhooks import service
    except ImportError:  # the webhooks area is not there yet: nothing to deliver to
        return
    await service.emit(session, tenant_id=tenant_id, event=event, payload=payload)
