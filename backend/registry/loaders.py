"""Batch loads for the registry's nested fields: one query per kind per request, not one per row."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from strawberry.dataloader import DataLoader

from backend.kit.db import SessionSource
from backend.registry import repository
from backend.registry.models import ApprovalDecision, ApprovalRequest, ModelVersion, RegisteredModel


class RegistryLoaders:
    """Rows are loaded by id after the resolver has checked the tenant of the parent."""

    def __init__(self, session: SessionSource) -> None:
        async def models(ids: list[uuid.UUID]) -> list[RegisteredModel | None]:
            found = await repository.models_by_ids(session(), ids)
            return [found.get(i) for i in ids]

        async def versions(ids: list[uuid.UUID]) -> list[ModelVersion | None]:
            found = await repository.versions_by_ids(session(), ids)
            return [found.get(i) for i in ids]

        async def versions_of_model(keys: list[tuple[uuid.UUID, int | None]]) -> list[list[ModelVersion]]:
            # Keyed by (model id, how many of the newest; None: all): one query per distinct count.
            grouped: dict[tuple[uuid.UUID, int | None], list[ModelVersion]] = defaultdict(list)
            for newest in {n for _, n in keys}:
                ids = list({i for i, n in keys if n == newest})
                for row in await repository.versions_of_models(session(), ids, newest=newest):
                    grouped[row.model_id, newest].append(row)
            return [grouped[k] for k in keys]

        async def request_of_version(ids: list[uuid.UUID]) -> list[ApprovalRequest | None]:
            found = {r.version_id: r for r in await repository.requests_by_versions(session(), ids)}
            return [found.get(i) for i in ids]

        async def requests_of_version(ids: list[uuid.UUID]) -> list[list[ApprovalRequest]]:
            grouped: dict[uuid.UUID, list[ApprovalRequest]] = defaultdict(list)
            for row in await repository.requests_by_versions(session(), ids):
                grouped[row.version_id].append(row)
            return [grouped[i] for i in ids]

        async def decisions_of_request(ids: list[uuid.UUID]) -> list[list[ApprovalDecision]]:
            grouped: dict[uuid.UUID, list[ApprovalDecision]] = defaultdict(list)
            for row in await repository.decisions_of(session(), ids):
                grouped[row.request_id].append(row)
            return [grouped[i] for i in ids]

        self.model = DataLoader[uuid.UUID, RegisteredModel | None](load_fn=models)
        self.version = DataLoader[uuid.UUID, ModelVersion | None](load_fn=versions)
        self.versions_of_model = DataLoader[tuple[uuid.UUID, int | None], list[ModelVersion]](load_fn=versions_of_model)
        self.request_of_version = DataLoader[uuid.UUID, ApprovalRequest | None](load_fn=request_of_version)
        self.requests_of_version = DataLoader[uuid.UUID, list[ApprovalRequest]](load_fn=requests_of_version)
        self.decisions_of_request = DataLoader[uuid.UUID, list[ApprovalDecision]](load_fn=decisions_of_request)
        self._session = session
        self._columns: dict[str, DataLoader[uuid.UUID, Any]] = {}

    def version_column(self, name: str) -> DataLoader[uuid.UUID, Any]:
        """A detail column lists leave out (repository.DETAIL_COLUMNS), read for a page of versions at once."""
        loader = self._columns.get(name)
        if loader is None:  # made on first use: most requests show none of them
            session = self._session

            async def load(ids: list[uuid.UUID]) -> list[Any]:
                found = await repository.version_column(session(), name, ids)
                return [found.get(i) for i in ids]

            loader = self._columns[name] = DataLoader[uuid.UUID, Any](load_fn=load)
        return loader
