"""Writing audit rows, and proving the chain has not been edited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import repository
from backend.audit.chain import GENESIS, chained_fields, row_hash
from backend.audit.models import AuditEntry
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, NotFound
from backend.kit.logging import request_id_var
from backend.kit.pagination import Page, PageRequest


async def record(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    actor: Principal | None,
    action: str,
    target_type: str | None = None,
    target_id: str | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Append one row to the tenant's chain, in the caller's transaction: two round trips."""
    head_seq, head_hash = await repository.lock_head(session, tenant_id)
    fields = chained_fields(
        tenant_id=tenant_id,
        seq=head_seq + 1,
        # Microseconds are what Postgres keeps, so the hash survives the round trip.
        occurred_at=datetime.now(UTC),
        actor_id=actor.user_id if actor else None,
        actor_email=actor.email if actor else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details or {},
        request_id=request_id_var.get(),
    )
    entry = AuditEntry(
        tenant_id=tenant_id,
        seq=fields["seq"],
        occurred_at=datetime.fromisoformat(fields["occurred_at"]),
        actor_id=actor.user_id if actor else None,
        actor_email=fields["actor_email"],
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=fields["details"],
        request_id=fields["request_id"],
        prev_hash=head_hash,
        hash=row_hash(fields, head_hash),
    )
    await repository.append(session, entry)
    return entry


async def list_entries(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    action: str | None = None,
    actor_id: uuid.UUID | None = None,
    target_id: str | None = None,
) -> Page[AuditEntry]:
    """A page of the caller's tenant's audit log, newest first (admins only)."""
    principal.require(Permission.READ_AUDIT_LOG)
    if page.after is not None and not isinstance(page.after, int):
        raise BadInput("`after` is not a cursor of the audit log.", field="after")
    rows = await repository.page(
        session,
        principal.tenant_id,
        before_id=page.after,
        limit=page.first + 1,
        action=action,
        actor_id=actor_id,
        target_id=target_id,
    )
    return page.page_of(rows, key=lambda r: r.id)


@dataclass
class ChainReport:
    tenant_id: uuid.UUID
    tenant_slug: str = ""
    rows: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def verify(session: AsyncSession, tenant_id: uuid.UUID, slug: str = "") -> ChainReport:
    """Recompute every hash of a tenant's chain; report each row that does not match."""
    report = ChainReport(tenant_id, slug)
    prev_hash, expected_seq = GENESIS, 1
    async for row in repository.chain(session, tenant_id):
        report.rows += 1
        if row.seq != expected_seq:
            report.problems.append(f"seq {expected_seq} is missing (found seq {row.seq} next): rows were deleted")
        if row.prev_hash != prev_hash:
            report.problems.append(f"seq {row.seq}: prev_hash does not match the row before it")
        fields = chained_fields(
            tenant_id=row.tenant_id,
            seq=row.seq,
            occurred_at=row.occurred_at,
            actor_id=row.actor_id,
            actor_email=row.actor_email,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            details=row.details,
            request_id=row.request_id,
        )
        if row_hash(fields, row.prev_hash) != row.hash:
            report.problems.append(f"seq {row.seq}: contents do not match its hash (the row was edited)")
        prev_hash, expected_seq = row.hash, row.seq + 1
    head = await repository.head(session, tenant_id)
    if head is not None and (head.seq, head.hash) != (expected_seq - 1, prev_hash):
        report.problems.append(
            f"the chain ends at seq {expected_seq - 1} but its head says seq {head.seq}: "
            "the newest rows were deleted or the head was edited"
        )
    return report


async def verify_tenants(session: AsyncSession, *, slug: str | None = None) -> list[ChainReport]:
    """Verify one tenant's chain (by slug), or every tenant's."""
    tenants = await repository.chained_tenants(session, slug=slug)
    if slug is not None and not tenants:
        raise NotFound("tenant", slug)
    return [await verify(session, tenant_id, tenant_slug) for tenant_id, tenant_slug in tenants]
