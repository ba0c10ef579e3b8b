"""Per-request DataLoaders, so nested fields cost one query per kind, not per row."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from backend.identity import repository as identity_repository
from backend.identity.models import Tenant

if TYPE_CHECKING:
    from backend.api.context import Context


class Loaders:
    def __init__(self, context: Context) -> None:
        self._context = context
        self.tenant = DataLoader[uuid.UUID, Tenant | None](load_fn=self._tenants)

    async def _tenants(self, ids: list[uuid.UUID]) -> list[Tenant | None]:
        found = await identity_repository.get_tenants(self._context.session, ids)
        return [found.get(i) for i in ids]
