"""All SQL about what model versions were trained on (model_version_inputs)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.registry.models import ModelVersionInput


async def replace(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    version_id: uuid.UUID,
    *,
    export_ids: Sequence[uuid.UUID],
    label_set_ids: Sequence[uuid.UUID],
) -> None:
    await session.execute(delete(ModelVersionInput).where(ModelVersionInput.version_id == version_id))
    session.add_all(
        [ModelVersionInput(tenant_id=tenant_id, version_id=version_id, export_id=e) for e in export_ids]
        + [ModelVersionInput(tenant_id=tenant_id, version_id=version_id, label_set_id=s) for s in label_set_ids]
    )
    await session.flush()


async def of_versions(session: AsyncSession, version_ids: Sequence[uuid.UUID]) -> list[ModelVersionInput]:
    stmt = select(ModelVersionInput).where(ModelVersionInput.version_id.in_(version_ids)).order_by(ModelVersionInput.id)
    return list(await session.scalars(stmt))
