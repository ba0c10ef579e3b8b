"""The registry and identity rows a deployment names, read through those areas' repositories.

Deployments and version stages hold foreign keys to their model, version and tenant, so these rows
exist whenever a deployment does; a missing one is a broken invariant, not a case to handle.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments import repository
from backend.identity import repository as identities
from backend.registry import repository as registry
from backend.registry.models import ModelVersion, RegisteredModel


class MissingRow(LookupError):
    """A row a foreign key points at is gone: the database broke an invariant."""


async def model(session: AsyncSession, model_id: uuid.UUID) -> RegisteredModel:
    found = (await registry.models_by_ids(session, [model_id])).get(model_id)
    if found is None:
        raise MissingRow(f"registered model {model_id} is missing")
    return found


async def version(session: AsyncSession, version_id: uuid.UUID) -> ModelVersion:
    found = await registry.version_for_worker(session, version_id, lock=False)
    if found is None:
        raise MissingRow(f"model version {version_id} is missing")
    return found


async def tenant_slug(session: AsyncSession, tenant_id: uuid.UUID) -> str:
    tenant = await identities.get_tenant(session, tenant_id)
    if tenant is None:
        raise MissingRow(f"tenant {tenant_id} is missing")
    return tenant.slug


async def shadow_versions(session: AsyncSession, model_id: uuid.UUID) -> list[ModelVersion]:
    """The model's SHADOW versions, oldest version number first."""
    ids = await repository.shadow_version_ids(session, model_id)
    found = await registry.versions_by_ids(session, ids)
    return sorted(found.values(), key=lambda v: v.version)
