"""Payloads of the model_version.* events, so the registry announces a change with one call."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.identity.roles import Principal
from backend.kit import ids
from backend.registry.models import ModelVersion, RegisteredModel
from backend.webhooks.service import emit


async def model_version(
    session: AsyncSession,
    version: ModelVersion,
    *,
    event: str,
    actor: Principal | None = None,
    comment: str | None = None,
) -> None:
    """Emit `event` about `version` (its model, number and status; who acted and their comment)."""
    model = await session.get(RegisteredModel, version.model_id)
    data: dict = {
        "modelVersion": {
            "id": ids.encode("ModelVersion", version.id),
            "version": version.version,
            "status": version.status,
            "sha256": version.sha256,
        },
        "model": {"id": ids.encode("Model", version.model_id), "name": model.name if model else None},
    }
    if actor is not None:
        data["actor"] = {"email": actor.email, "role": str(actor.role)}
    if comment is not None:
        data["comment"] = comment
    await emit(session, tenant_id=version.tenant_id, event=event, payload=data)
