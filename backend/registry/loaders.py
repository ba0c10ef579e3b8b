"""Batch loads for the registry's nested fields: one query per kind per request, not one per row."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.dataloader import DataLoader

from backend.kit.db import SessionSource
from backend.registry import repository
from backend.registry.models import ApprovalRequest, ModelVersion, RegisteredModel


class RegistryLoaders:
    """Rows are loaded by id after the resolver has checked the tenant of the parent."""

    def __init__(self, session: SessionSource) -> None:
        async def models(ids: list[uuid.UUID]) -> list[RegisteredModel | None]:
            found = await repository.models_by_ids(session(), ids)
            return [found.get(i) for i in ids]

        async def versions(ids: list[uuid.UUID]) -> list[ModelVersion | None]:
            found = await repository.versions_by_ids(session(), ids)
            return [found.get(i) for i in ids]

        async def versions_of_model(ids: list[uuid.UUID]) -> list[list[ModelVersion]]:
            grouped: dict[uuid.UUID, list[ModelVersion]] = defaultdict(list)
            for row in await repository.versions_of_models(session(), ids):
                grouped[row.model_id].append(row)
            return [grouped[i] for i in ids]

        async def request_of_version(ids: list[uuid.UUID]) -> list[ApprovalRequest | None]:
            found = {r.version_id: r for r in await repository.requests_by_versions(session(), ids)}
            return [found.get(i) for i in ids]

        self.model = DataLoader[uuid.UUID, RegisteredModel | None](load_fn=models)
        self.version = DataLoader[uuid.UUID, ModelVersion | None](load_fn=versions)
        self.versions_of_model = DataLoader[uuid.UUID, list[ModelVersion]](load_fn=versions_of_model)
        self.request_of_version = DataLoader[uuid.UUID, ApprovalRequest | None](load_fn=request_of_version)
