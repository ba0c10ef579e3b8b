"""Ping: the smallest real flow through request, queue, worker and subscription."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.diagnostics import repository
from backend.diagnostics.models import Ping
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, NotFound
from backend.kit.jobs import enqueue

TOPIC = "ping"
MAX_MESSAGE = 200


async def request_ping(session: AsyncSession, principal: Principal, *, message: str) -> Ping:
    """Record a ping and queue its job in the same transaction."""
    principal.require(Permission.RUN_DIAGNOSTICS)
    if len(message) > MAX_MESSAGE:
        raise BadInput(f"A ping message holds at most {MAX_MESSAGE} characters.", field="message")
    ping = Ping(tenant_id=principal.tenant_id, requested_by=principal.user_id, message=message, status="QUEUED")
    await repository.add(session, ping)
    await enqueue(session, "diagnostics.pong", str(ping.id))
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="ping.requested",
        target_type="Ping",
        target_id=str(ping.id),
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC, id=str(ping.id))
    return ping


async def complete_ping(session: AsyncSession, *, ping_id: uuid.UUID) -> None:
    """The worker's half: mark the ping answered and tell subscribers."""
    ping = await repository.mark_ponged(session, ping_id, at=datetime.now(UTC), pid=os.getpid())
    if ping is not None:
        await publish(session, tenant_id=ping.tenant_id, topic=TOPIC, id=str(ping.id))


async def get_ping(session: AsyncSession, principal: Principal, ping_id: uuid.UUID) -> Ping:
    principal.require(Permission.READ)
    ping = await repository.get_in_tenant(session, principal.tenant_id, ping_id)
    if ping is None:
        raise NotFound("Ping")
    return ping
