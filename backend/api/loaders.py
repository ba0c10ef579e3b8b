"""Per-operation DataLoaders, so nested fields cost one query per kind, not one per row."""

from __future__ import annotations

import uuid

from backend.assets.loaders import AssetsLoaders
from backend.deployments.loaders import DeploymentsLoaders
from backend.governance.loaders import GovernanceLoaders
from backend.identity.loaders import IdentityLoaders
from backend.kit.db import SessionSource
from backend.labels.loaders import LabelsLoaders
from backend.registry.loaders import RegistryLoaders
from backend.scoring.loaders import ScoringLoaders
from backend.webhooks.loaders import WebhooksLoaders


class Loaders:
    def __init__(self, session: SessionSource, *, tenant_id: uuid.UUID) -> None:
        self.identity = IdentityLoaders(session, tenant_id)
        self.registry = RegistryLoaders(session)
        self.labels = LabelsLoaders(session)
        self.assets = AssetsLoaders(session)
        self.deployments = DeploymentsLoaders(session)
        self.scoring = ScoringLoaders(session)
        self.governance = GovernanceLoaders(session)
        self.webhooks = WebhooksLoaders(session)
