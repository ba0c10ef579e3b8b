"""Per-request DataLoaders, so nested fields cost one query per kind, not one per row."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from backend.assets.loaders import AssetsLoaders
from backend.deployments.loaders import DeploymentsLoaders
from backend.identity.loaders import load_tenants
from backend.identity.models import Tenant
from backend.labels.loaders import LabelsLoaders
from backend.registry.loaders import RegistryLoaders
from backend.webhooks.loaders import WebhooksLoaders

if TYPE_CHECKING:
    from backend.api.context import Context


class Loaders:
    def __init__(self, context: Context) -> None:
        self.tenant = DataLoader[uuid.UUID, Tenant | None](load_fn=lambda ids: load_tenants(context.session, ids))
        self.registry = RegistryLoaders(context)
        self.labels = LabelsLoaders(context)
        self.assets = AssetsLoaders(context)
        self.deployments = DeploymentsLoaders(context)
        self.webhooks = WebhooksLoaders(context)
