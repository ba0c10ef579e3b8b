"""All SQL about history exports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets.models import HistoryExport
from backend.kit.pagination import by_creation


async def insert_once(session: AsyncSession, values: dict) -> HistoryExport | None:
    """Insert unless the user already has an export under this idempotency key; None when they do."""
    stmt = (
        insert(HistoryExport)
        .values(**values)
        .on_conflict_do_nothing(constraint="uq_history_exports_idempotency")
        .returning(HistoryExport)
    )
    return await session.scalar(stmt)


async def get_by_key(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID, key: str) -> HistoryExport | None:
    return await session.scalar(
        select(HistoryExport).where(
            HistoryExport.tenant_id == tenant_id,
            HistoryExport.requested_by == user_id,
            HistoryExport.idempotency_key == key,
        )
    )


async def get_in_tenant(session: AsyncSession, tenant_id: uuid.UUID, export_id: uuid.UUID) -> HistoryExport | None:
    return await session.scalar(
        select(HistoryExport).where(HistoryExport.tenant_id == tenant_id, HistoryExport.id == export_id)
    )


async def get(session: AsyncSession, export_id: uuid.UUID) -> HistoryExport | None:
    return await session.get(HistoryExport, export_id, populate_existing=True)


async def page(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    user_id: uuid.UUID | None,
    after: str | None,
    limit: int,
    status: str | None = None,
) -> list[HistoryExport]:
    """Exports newest first, optionally in one status; the keyset is `created_at|id` so equal times
    still page stably."""
    stmt = select(HistoryExport).where(HistoryExport.tenant_id == tenant_id)
    if user_id is not None:
        stmt = stmt.where(HistoryExport.requested_by == user_id)
    if status is not None:
        stmt = stmt.where(HistoryExport.status == status)
    return list(await session.scalars(by_creation(stmt, HistoryExport, after).limit(limit)))


async def claim(session: AsyncSession, export_id: uuid.UUID) -> HistoryExport | None:
    """QUEUED → RUNNING. A RUNNING row is taken over too: the broker redelivers a job only when the
    worker that had it died, so nobody else is still writing it."""
    stmt = (
        update(HistoryExport)
        .where(HistoryExport.id == export_id, HistoryExport.status.in_(("QUEUED", "RUNNING")))
        .values(
            status="RUNNING",
            started_at=datetime.now(UTC),
            attempts=HistoryExport.attempts + 1,
            progress=0.0,
            error=None,
            row_count=None,
            size_bytes=None,
            sha256=None,
        )
        .returning(HistoryExport)
    )
    return await session.scalar(stmt)


async def set_fields(session: AsyncSession, export_id: uuid.UUID, **values: object) -> HistoryExport | None:
    stmt = update(HistoryExport).where(HistoryExport.id == export_id).values(**values).returning(HistoryExport)
    return await session.scalar(stmt)


async def set_progress(
    session: AsyncSession, export_id: uuid.UUID, *, progress: float, rows: int
) -> HistoryExport | None:
    """Progress of a RUNNING export only: a late report never overwrites a finished one."""
    stmt = (
        update(HistoryExport)
        .where(HistoryExport.id == export_id, HistoryExport.status == "RUNNING")
        .values(progress=progress, row_count=rows)
        .returning(HistoryExport)
    )
    return await session.scalar(stmt)


async def requeue_failed(session: AsyncSession, export_id: uuid.UUID) -> HistoryExport | None:
    """FAILED → QUEUED for a retry; None when it is in another state."""
    stmt = (
        update(HistoryExport)
        .where(HistoryExport.id == export_id, HistoryExport.status == "FAILED")
        .values(status="QUEUED", progress=0.0, error=None, finished_at=None)
        .returning(HistoryExport)
    )
    return await session.scalar(stmt)


async def clear_upload(session: AsyncSession, export_id: uuid.UUID, upload_id: str) -> None:
    await session.execute(
        update(HistoryExport)
        .where(HistoryExport.id == export_id, HistoryExport.upload_id == upload_id)
        .values(upload_id=None)
    )


async def remove(session: AsyncSession, export_id: uuid.UUID) -> None:
    """Delete the row; a model version that names it as training data makes this raise (foreign key)."""
    await session.execute(delete(HistoryExport).where(HistoryExport.id == export_id))
