"""Batch loads for the deployments' nested fields: one query per kind per request, not one per row."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.dataloader import DataLoader

from backend.deployments import repository
from backend.deployments.lifecycle import Stage
from backend.deployments.models import Deployment, DeploymentEvent
from backend.deployments.stages import derive
from backend.kit.db import SessionSource


def _grouped(rows: list, key: str, ids: list[uuid.UUID]) -> list[list]:
    found: dict[uuid.UUID, list] = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(row)
    return [found[i] for i in ids]


class DeploymentsLoaders:
    """Rows are loaded by id after the resolver has checked the tenant of the parent."""

    def __init__(self, session: SessionSource) -> None:
        async def deployments(ids: list[uuid.UUID]) -> list[Deployment | None]:
            found = await repository.by_ids(session(), ids)
            return [found.get(i) for i in ids]

        async def events(ids: list[uuid.UUID]) -> list[list[DeploymentEvent]]:
            return _grouped(await repository.events_of(session(), ids), "deployment_id", ids)

        async def of_version(ids: list[uuid.UUID]) -> list[list[Deployment]]:
            return _grouped(await repository.of_versions(session(), ids), "version_id", ids)

        async def of_model(ids: list[uuid.UUID]) -> list[list[Deployment]]:
            return _grouped(await repository.of_models(session(), ids), "model_id", ids)

        async def stages(ids: list[uuid.UUID]) -> list[Stage]:
            explicit = await repository.stages_of(session(), ids)
            live = _grouped(await repository.live_of_versions(session(), ids), "version_id", ids)
            return [derive(explicit.get(i), rows) for i, rows in zip(ids, live, strict=True)]

        self.deployment = DataLoader[uuid.UUID, Deployment | None](load_fn=deployments)
        self.events = DataLoader[uuid.UUID, list[DeploymentEvent]](load_fn=events)
        self.of_version = DataLoader[uuid.UUID, list[Deployment]](load_fn=of_version)
        self.of_model = DataLoader[uuid.UUID, list[Deployment]](load_fn=of_model)
        self.stage = DataLoader[uuid.UUID, Stage](load_fn=stages)
