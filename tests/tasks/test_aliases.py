"""Messages queued before the actors took their `area.verb` names still run, for one release."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

from sqlalchemy import text

from backend.diagnostics.models import Ping
from backend.identity.roles import Role
from backend.kit.db import transaction

# What the old code wrote: dramatiq's message under the old actor name, now or at a time on the delay queue.
_OLD = text(
    "INSERT INTO dramatiq.queue (queue_name, message_id, state, message, available_at) "
    "VALUES (:queue, CAST(:id AS uuid), 'queued', CAST(:message AS jsonb), now())"
)
_STATE = text("SELECT state::text FROM dramatiq.queue WHERE message_id = CAST(:id AS uuid)")


def _message(queue: str, actor: str, args: list, **options: object) -> tuple[str, str]:
    message_id = str(uuid.uuid4())
    return message_id, json.dumps(
        {
            "queue_name": queue,
            "actor_name": actor,
            "args": args,
            "kwargs": {},
            "options": options,
            "message_id": message_id,
            "message_timestamp": int(time.time() * 1000),
        }
    )


async def _ran(sessionmaker, message_id: str, timeout: float = 60) -> None:
    async with asyncio.timeout(timeout):
        while True:
            async with sessionmaker() as session:
                state = await session.scalar(_STATE, {"id": message_id})
            if state is None:  # acknowledged: it ran and was removed
                return
            assert state != "rejected"
            await asyncio.sleep(0.3)


async def test_a_message_queued_under_an_old_actor_name_still_runs(tenant, sessionmaker, worker) -> None:
    async with transaction(sessionmaker) as session:
        ping = Ping(
            tenant_id=tenant.id, requested_by=tenant.users[Role.ADMIN].id, message="from before", status="QUEUED"
        )
        session.add(ping)
        await session.flush()
        message_id, message = _message("default", "pong", [str(ping.id)])
        await session.execute(_OLD, {"queue": "default", "id": message_id, "message": message})
    await _ran(sessionmaker, message_id)
    async with sessionmaker() as session:
        assert await session.scalar(text("SELECT status FROM pings WHERE id = :id"), {"id": ping.id}) == "PONGED"


async def test_a_delayed_message_under_an_old_name_still_runs(tenant, sessionmaker, worker) -> None:
    # The old housekeeping schedule: the delay queue, with dramatiq's eta, for a tenant with nothing to sweep.
    message_id, message = _message(
        "default.DQ", "label_housekeeping", [0, tenant.slug], eta=int(time.time() * 1000) - 1000
    )
    async with transaction(sessionmaker) as session:
        await session.execute(_OLD, {"queue": "default.DQ", "id": message_id, "message": message})
    await _ran(sessionmaker, message_id)
