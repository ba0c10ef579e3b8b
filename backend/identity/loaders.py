"""Batch loads for identity rows, used by the per-request DataLoaders."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.util import identity_key
from strawberry.dataloader import DataLoader

from backend.identity import repository
from backend.identity.models import Tenant, User
from backend.kit.db import SessionSource


async def load_tenants(session: AsyncSession, ids: list[uuid.UUID]) -> list[Tenant | None]:
    # Rows already in the session (the viewer's tenant, loaded to authenticate) cost no query.
    found = {i: session.identity_map.get(identity_key(Tenant, i)) for i in ids}
    missing = [i for i, row in found.items() if row is None]
    if missing:
        found.update(await repository.get_tenants(session, missing))
    return [found.get(i) for i in ids]


class IdentityLoaders:
    """Tenants and users for any area's fields (authors, assignees, deciders): one query per kind."""

    def __init__(self, session: SessionSource, tenant_id: uuid.UUID) -> None:
        async def users(ids: list[uuid.UUID]) -> list[User | None]:
            # Scoped to the viewer's tenant: a foreign id loads nothing.
            found = await repository.users_by_id(session(), tenant_id, ids)
            return [found.get(i) for i in ids]

        self.tenant = DataLoader[uuid.UUID, Tenant | None](load_fn=lambda ids: load_tenants(session(), ids))
        self.user = DataLoader[uuid.UUID, User | None](load_fn=users)
