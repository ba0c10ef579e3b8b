"""GraphQL type of an audit row."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from backend.audit.models import AuditEntry


@strawberry.type(name="AuditEntry")
class AuditEntryNode:
    seq: int = strawberry.field(description="Position in the tenant's hash chain, from 1.")
    occurred_at: datetime
    actor_email: str | None = strawberry.field(description="Null for operators at the command line.")
    action: str
    target_type: str | None
    target_id: str | None
    details: JSON
    request_id: str | None
    hash: str
    prev_hash: str

    @classmethod
    def from_row(cls, row: AuditEntry) -> AuditEntryNode:
        return cls(
            seq=row.seq,
            occurred_at=row.occurred_at,
            actor_email=row.actor_email,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            details=JSON(row.details),
            request_id=row.request_id,
            hash=row.hash,
            prev_hash=row.prev_hash,
        )
