"""Batch loads for identity rows, used by the per-request DataLoaders."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.identity import repository
from backend.identity.models import Tenant


async def load_tenants(session: AsyncSession, ids: list[uuid.UUID]) -> list[Tenant | None]:
    found = await repository.get_tenants(session, ids)
    return [found.get(i) for i in ids]
