"""The user-written half of a model card: editable by the uploader or an admin until the version is decided."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, Forbidden
from backend.registry import permissions, service
from backend.registry.models import ModelVersion

MAX_TEXT = 20_000


async def update_card(
    session: AsyncSession,
    principal: Principal,
    version_id: uuid.UUID,
    *,
    intended_use: str | None,
    training_data: str | None,
    metrics: Any,
    limitations: str | None,
) -> ModelVersion:
    """Change the given fields; an approved or rejected version's card is frozen (CONFLICT)."""
    principal.require(Permission.MANAGE_MODELS)
    version = await service.get_version(session, principal, version_id, lock=True)
    if not permissions.is_owner_or_admin(principal, version):
        raise Forbidden("Only the uploader of this version or an admin may edit its model card.")
    if not permissions.card_open(version):
        raise Conflict(
            f"Version {version.version} is {version.status}: its model card is frozen; "
            "upload a new version to describe changes.",
            currentStatus=version.status,
        )
    changes: dict[str, Any] = {}
    for field, value in (
        ("intended_use", intended_use),
        ("training_data", training_data),
        ("limitations", limitations),
    ):
        if value is not None:
            if len(value) > MAX_TEXT:
                raise BadInput(f"`{field}` holds at most {MAX_TEXT} characters.", field=field)
            changes[field] = value
    if metrics is not None:
        if not isinstance(metrics, dict):
            raise BadInput('`metrics` must be a JSON object, e.g. {"auc": 0.91}.', field="metrics")
        changes["metrics"] = metrics
    for field, value in changes.items():
        setattr(version, field, value)
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="model.card_updated",
        target_type="ModelVersion",
        target_id=str(version.id),
        details={"fields": sorted(changes)},
    )
    await publish(session, tenant_id=principal.tenant_id, topic=service.TOPIC_VERSION, id=str(version.id))
    return version
