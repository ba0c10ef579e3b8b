"""All SQL about the audit log."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.chain import GENESIS
from backend.audit.models import AuditEntry, AuditHead
from backend.identity.models import Tenant


async def lock_head(session: AsyncSession, tenant_id: uuid.UUID) -> tuple[int, str]:
    """The tenant's chain head (seq, hash), row-locked until the transaction ends: one round trip once the
    tenant has a chain.

    FOR UPDATE reads the newest committed head even after waiting for another appender, so the next link
    always hangs on the last one.
    """
    stmt = select(AuditHead.seq, AuditHead.hash).where(AuditHead.tenant_id == tenant_id).with_for_update()
    head = (await session.execute(stmt)).first()
    if head is None:  # the tenant's first row: start the chain (a concurrent first append waits on the insert)
        await session.execute(
            insert(AuditHead).values(tenant_id=tenant_id, seq=0, hash=GENESIS).on_conflict_do_nothing()
        )
        head = (await session.execute(stmt)).first()
        assert head is not None
    return head.seq, head.hash


# The row and the head that now points at it, in one statement.
_APPEND = text("""
WITH entry AS (
    INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_id, actor_email, action, target_type, target_id,
                           details, request_id, prev_hash, hash)
    VALUES (:tenant_id, :seq, :occurred_at, :actor_id, :actor_email, :action, :target_type, :target_id,
            :details, :request_id, :prev_hash, :hash)
    RETURNING id
), moved AS (
    UPDATE audit_heads SET seq = :seq, hash = :hash WHERE tenant_id = :tenant_id
)
SELECT id FROM entry
""").bindparams(bindparam("details", type_=JSONB))


async def append(session: AsyncSession, entry: AuditEntry) -> None:
    """Insert `entry` and move the tenant's head (locked by `lock_head`) to it; `entry` gets its id."""
    entry.id = await session.scalar(
        _APPEND,
        {
            "tenant_id": entry.tenant_id,
            "seq": entry.seq,
            "occurred_at": entry.occurred_at,
            "actor_id": entry.actor_id,
            "actor_email": entry.actor_email,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "details": entry.details,
            "request_id": entry.request_id,
            "prev_hash": entry.prev_hash,
            "hash": entry.hash,
        },
    )


async def page(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    before_id: int | None,
    limit: int,
    action: str | None = None,
    actor_id: uuid.UUID | None = None,
    target_id: str | None = None,
) -> list[AuditEntry]:
    """Newest first, keyset-paginated on the identity column."""
    stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if actor_id:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if target_id:
        stmt = stmt.where(AuditEntry.target_id == target_id)
    return list(await session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit)))


async def of_targets(session: AsyncSession, tenant_id: uuid.UUID, target_ids: list[str]) -> list[AuditEntry]:
    """The rows about any of these targets, oldest first."""
    if not target_ids:
        return []
    stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id, AuditEntry.target_id.in_(target_ids))
    return list(await session.scalars(stmt.order_by(AuditEntry.seq)))


async def of_actions(session: AsyncSession, tenant_id: uuid.UUID, actions: list[str]) -> list[AuditEntry]:
    """The rows of these actions, oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id, AuditEntry.action.in_(actions))
    return list(await session.scalars(stmt.order_by(AuditEntry.seq)))


async def chain(session: AsyncSession, tenant_id: uuid.UUID) -> AsyncIterator[AuditEntry]:
    """Every row of the tenant, oldest first, streamed."""
    stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id).order_by(AuditEntry.seq)
    result = await session.stream_scalars(stmt.execution_options(yield_per=1000))
    async for row in result:
        yield row


async def head(session: AsyncSession, tenant_id: uuid.UUID) -> AuditHead | None:
    return await session.get(AuditHead, tenant_id)


async def chained_tenants(session: AsyncSession, *, slug: str | None = None) -> list[tuple[uuid.UUID, str]]:
    """(id, slug) of the tenants that have a chain, optionally only the one with `slug`."""
    stmt = select(Tenant.id, Tenant.slug).join(AuditHead, AuditHead.tenant_id == Tenant.id).order_by(Tenant.slug)
    if slug is not None:
        stmt = stmt.where(Tenant.slug == slug)
    return [(row.id, row.slug) for row in await session.execute(stmt)]
