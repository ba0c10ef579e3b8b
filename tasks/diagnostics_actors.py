"""Dramatiq actors: thin, take ids, and call a domain service in their own transaction."""

from __future__ import annotations

import uuid

import dramatiq

from backend.diagnostics import service as diagnostics
from backend.kit.db import transaction
from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
from tasks import runtime


@dramatiq.actor(queue_name="default", max_retries=5, min_backoff=200)
async def pong(ping_id: str) -> None:
    async with transaction(runtime.sessionmaker()) as session:
        await diagnostics.complete_ping(session, ping_id=uuid.UUID(ping_id))
