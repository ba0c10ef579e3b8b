"""All SQL about registered models, their versions and approval requests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from backend.audit.models import AuditEntry
from backend.kit.db import contains
from backend.kit.pagination import by_creation
from backend.registry.models import ApprovalDecision, ApprovalRequest, ModelVersion, PromotionPolicy, RegisteredModel

# What a version shows only on its own page: JSON documents and free text. Lists leave them out (decoding them
# was most of a models page's CPU); the field that shows one reads it with `version_column`.
DETAIL_COLUMNS = ("extra", "report", "facts", "metrics", "intended_use", "training_data", "limitations")
# raiseload: reading one of them off a list's row is a bug to see at once, not a lazy load per row.
_LIST_VERSION = [defer(getattr(ModelVersion, name), raiseload=True) for name in DETAIL_COLUMNS]


async def add(session: AsyncSession, row: RegisteredModel | ModelVersion | ApprovalRequest | ApprovalDecision) -> None:
    session.add(row)
    await session.flush()


async def model_by_name(
    session: AsyncSession, tenant_id: uuid.UUID, name: str, *, lock: bool = False
) -> RegisteredModel | None:
    stmt = select(RegisteredModel).where(RegisteredModel.tenant_id == tenant_id, RegisteredModel.name == name)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def model_in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, model_id: uuid.UUID, *, lock: bool = False
) -> RegisteredModel | None:
    stmt = select(RegisteredModel).where(RegisteredModel.tenant_id == tenant_id, RegisteredModel.id == model_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def version_in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, version_id: uuid.UUID, *, lock: bool = False
) -> ModelVersion | None:
    stmt = select(ModelVersion).where(ModelVersion.tenant_id == tenant_id, ModelVersion.id == version_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def version_for_worker(session: AsyncSession, version_id: uuid.UUID, *, lock: bool) -> ModelVersion | None:
    """The version a validation job names (locked: two deliveries of one job cannot both finish it)."""
    stmt = select(ModelVersion).where(ModelVersion.id == version_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def now(session: AsyncSession) -> datetime:
    return (await session.execute(select(func.now()))).scalar_one()


async def version_by_key(session: AsyncSession, model_id: uuid.UUID, key: str) -> ModelVersion | None:
    stmt = select(ModelVersion).where(ModelVersion.model_id == model_id, ModelVersion.idempotency_key == key)
    return await session.scalar(stmt)


async def version_by_sha(session: AsyncSession, model_id: uuid.UUID, sha256: str) -> ModelVersion | None:
    stmt = (
        select(ModelVersion)
        .where(ModelVersion.model_id == model_id, ModelVersion.sha256 == sha256)
        .order_by(ModelVersion.version)
        .limit(1)
    )
    return await session.scalar(stmt)


async def page_models(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    order: str = "NAME",
    after: str | None,
    limit: int,
    search: str | None,
    status: str | None,
    person: uuid.UUID | None = None,
) -> list[RegisteredModel]:
    """Models by name (NAME, NAME_DESC) or newest first (NEWEST; `after` is `created_at|id`); `search`
    matches part of the name, `status` keeps models with a version in it, `person` those they registered
    or uploaded a version of."""
    stmt = select(RegisteredModel).where(RegisteredModel.tenant_id == tenant_id)
    if person is not None:
        uploaded = select(ModelVersion.id).where(
            ModelVersion.model_id == RegisteredModel.id, ModelVersion.uploaded_by == person
        )
        stmt = stmt.where(or_(RegisteredModel.created_by == person, uploaded.exists()))
    if search:
        stmt = stmt.where(contains(RegisteredModel.name, search))
    if status:
        has = select(ModelVersion.id).where(ModelVersion.model_id == RegisteredModel.id, ModelVersion.status == status)
        stmt = stmt.where(has.exists())
    # Each order walks an index: uq_registered_models_tenant_name either way, ix_registered_models_tenant_created.
    if order == "NEWEST":
        return list(await session.scalars(by_creation(stmt, RegisteredModel, after).limit(limit)))
    if order == "NAME_DESC":
        if after is not None:
            stmt = stmt.where(RegisteredModel.name < after)
        return list(await session.scalars(stmt.order_by(RegisteredModel.name.desc()).limit(limit)))
    if after is not None:
        stmt = stmt.where(RegisteredModel.name > after)
    return list(await session.scalars(stmt.order_by(RegisteredModel.name).limit(limit)))


async def models_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, RegisteredModel]:
    rows = await session.scalars(select(RegisteredModel).where(RegisteredModel.id.in_(ids)))
    return {r.id: r for r in rows}


async def versions_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ModelVersion]:
    rows = await session.scalars(select(ModelVersion).where(ModelVersion.id.in_(ids)))
    return {r.id: r for r in rows}


async def versions_of_models(
    session: AsyncSession, model_ids: Sequence[uuid.UUID], *, newest: int | None = None
) -> list[ModelVersion]:
    """The versions of these models, newest first, without their detail columns; `newest`: only that many per model."""
    stmt = select(ModelVersion).options(*_LIST_VERSION)
    if newest is None:
        stmt = stmt.where(ModelVersion.model_id.in_(model_ids))
    else:
        # Per model, a backward walk of uq_model_versions_model_version that stops after `newest` rows, however
        # many versions the model has.
        models = select(RegisteredModel.id).where(RegisteredModel.id.in_(model_ids)).subquery()
        picked = (
            select(ModelVersion.id)
            .where(ModelVersion.model_id == models.c.id)
            .order_by(ModelVersion.version.desc())
            .limit(newest)
            .lateral()
        )
        stmt = stmt.where(ModelVersion.id.in_(select(picked.c.id).select_from(models).join(picked, true())))
    return list(await session.scalars(stmt.order_by(ModelVersion.version.desc())))


async def version_column(session: AsyncSession, name: str, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """One detail column (see DETAIL_COLUMNS) of these versions, by id."""
    rows = await session.execute(select(ModelVersion.id, getattr(ModelVersion, name)).where(ModelVersion.id.in_(ids)))
    return {version_id: value for version_id, value in rows}


async def requests_by_versions(session: AsyncSession, version_ids: Sequence[uuid.UUID]) -> list[ApprovalRequest]:
    """Every request of these versions, oldest first (the loader keeps each version's newest)."""
    stmt = select(ApprovalRequest).where(ApprovalRequest.version_id.in_(version_ids))
    return list(await session.scalars(stmt.order_by(ApprovalRequest.created_at, ApprovalRequest.id)))


async def request_for_version(session: AsyncSession, version_id: uuid.UUID) -> ApprovalRequest | None:
    """The version's newest request (a withdrawn one is followed by the next submission)."""
    stmt = (
        select(ApprovalRequest)
        .where(ApprovalRequest.version_id == version_id)
        .order_by(ApprovalRequest.created_at.desc(), ApprovalRequest.id.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


async def page_requests(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    status: str | None,
    after: str | None,
    limit: int,
    newest_first: bool = False,
) -> list[ApprovalRequest]:
    """Approval requests, oldest first (a queue) or newest first; the cursor is `created_at|id`."""
    stmt = select(ApprovalRequest).where(ApprovalRequest.tenant_id == tenant_id)
    if status:
        stmt = stmt.where(ApprovalRequest.status == status)
    stmt = by_creation(stmt, ApprovalRequest, after, newest_first=newest_first)
    return list(await session.scalars(stmt.limit(limit)))


async def policy_of(
    session: AsyncSession, tenant_id: uuid.UUID, model_id: uuid.UUID | None, *, lock: bool = False
) -> PromotionPolicy | None:
    """A model's own policy, or with `model_id` None the tenant's default."""
    stmt = select(PromotionPolicy).where(PromotionPolicy.tenant_id == tenant_id)
    stmt = stmt.where(PromotionPolicy.model_id.is_(None) if model_id is None else PromotionPolicy.model_id == model_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def save_policy(session: AsyncSession, row: PromotionPolicy) -> None:
    row.updated_at = func.now()
    session.add(row)
    await session.flush()
    await session.refresh(row, ["updated_at"])


async def delete_policy(session: AsyncSession, row: PromotionPolicy) -> None:
    await session.delete(row)
    await session.flush()


async def requests_of_version(session: AsyncSession, version_id: uuid.UUID) -> list[ApprovalRequest]:
    """Every submission of a version, oldest first."""
    stmt = select(ApprovalRequest).where(ApprovalRequest.version_id == version_id)
    return list(await session.scalars(stmt.order_by(ApprovalRequest.created_at, ApprovalRequest.id)))


async def last_decided(session: AsyncSession, model_id: uuid.UUID, before: ApprovalRequest) -> ApprovalRequest | None:
    """The newest decided (approved or rejected) request of the model's versions made before `before`."""
    stmt = (
        select(ApprovalRequest)
        .join(ModelVersion, ModelVersion.id == ApprovalRequest.version_id)
        .where(
            ModelVersion.model_id == model_id,
            ApprovalRequest.status.in_(("APPROVED", "REJECTED")),
            ApprovalRequest.card.is_not(None),
            ApprovalRequest.created_at <= before.created_at,
            ApprovalRequest.id != before.id,
        )
        .order_by(ApprovalRequest.decided_at.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


async def decisions_of(session: AsyncSession, request_ids: Sequence[uuid.UUID]) -> list[ApprovalDecision]:
    stmt = select(ApprovalDecision).where(ApprovalDecision.request_id.in_(request_ids))
    return list(await session.scalars(stmt.order_by(ApprovalDecision.created_at, ApprovalDecision.id)))


CARD_EDIT_ACTIONS = ("model.card_updated", "model.card_revised")


async def card_edits(session: AsyncSession, tenant_id: uuid.UUID, version_id: uuid.UUID) -> list[AuditEntry]:
    """The audit rows of a version's card edits, oldest first: the card's history is the audit chain's."""
    stmt = select(AuditEntry).where(
        AuditEntry.tenant_id == tenant_id,
        AuditEntry.target_id == str(version_id),
        AuditEntry.action.in_(CARD_EDIT_ACTIONS),
    )
    return list(await session.scalars(stmt.order_by(AuditEntry.seq)))
