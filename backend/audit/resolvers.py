"""The admins' audit log query."""

from __future__ import annotations

import strawberry

from backend.api.connection import Connection
from backend.audit import service
from backend.audit.types import AuditEntryNode
from backend.kit import ids
from backend.kit.pagination import PageRequest


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Your tenant's audit log, newest first (admins only).")
    async def audit_log(
        self,
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        action: str | None = None,
        actor_id: strawberry.ID | None = None,
        target_id: str | None = None,
    ) -> Connection[AuditEntryNode]:
        ctx = info.context
        page = await service.list_entries(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            action=action,
            actor_id=ids.decode("User", actor_id) if actor_id else None,
            target_id=target_id,
        )
        return Connection.from_page(page, AuditEntryNode.from_row)
