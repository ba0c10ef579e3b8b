"""Batch loads for identity rows, used by the per-request DataLoaders."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.util import identity_key

from backend.identity import repository
from backend.identity.models import Tenant


async def load_tenants(session: AsyncSession, ids: list[uuid.UUID]) -> list[Tenant | None]:
    # Rows already in the session (the viewer's tenant, loaded to authenticate) cost no query.
    found = {i: session.identity_map.get(identity_key(Tenant, i)) for i in ids}
    missing = [i for i, row in found.items() if row is None]
    if missing:
        found.update(await repository.get_tenants(session, missing))
    return [found.get(i) for i in ids]
