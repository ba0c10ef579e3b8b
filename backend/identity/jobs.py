"""The identity housekeeping job, as the worker runs it (tasks/identity_actors.py).

Every refresh of a browser session writes a row, and tokens outlive their use: without this the two tables
grow for ever. A row past its expiry or revocation answers "sign in again" whether it exists or not, so
deleting it changes no answer; it is kept `credentials_retention_days` so the Access tokens page still lists
what expired or was revoked lately, and so a refresh family's reuse detection never loses a row it needs
(only rows that can no longer be refreshed are deleted).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings, settings
from backend.identity import repository
from backend.kit.db import transaction
from backend.kit.jobs import enqueue

log = logging.getLogger(__name__)

# Rows deleted per statement: a backlog of millions is worked off in short transactions, not one long lock.
BATCH = 5000


@dataclass(frozen=True)
class Pruned:
    sessions: int
    tokens: int


async def prune(
    sessionmaker: async_sessionmaker[AsyncSession], config: Settings, *, now: datetime | None = None
) -> Pruned:
    """`identity.housekeeping`: delete sessions and access tokens expired or revoked before the retention."""
    before = (now or datetime.now(UTC)) - timedelta(days=config.credentials_retention_days)
    sessions = tokens = 0
    while True:
        async with transaction(sessionmaker) as session:
            deleted = await repository.delete_spent_sessions(session, before=before, limit=BATCH)
        sessions += deleted
        if deleted < BATCH:
            break
    while True:
        async with transaction(sessionmaker) as session:
            deleted = await repository.delete_spent_access_tokens(session, before=before, limit=BATCH)
        tokens += deleted
        if deleted < BATCH:
            break
    log.info(
        "identity housekeeping: deleted %d refresh sessions and %d access tokens ended before %s",
        sessions,
        tokens,
        before.isoformat(),
        extra={"sessions_deleted": sessions, "tokens_deleted": tokens},
    )
    return Pruned(sessions, tokens)


async def schedule(session: AsyncSession, *, now: datetime | None = None) -> str:
    """Ask for a run at the next slot of `storage_housekeeping_seconds` (one per slot)."""
    period = max(60.0, settings.storage_housekeeping_seconds)
    slot = datetime.fromtimestamp((math.floor((now or datetime.now(UTC)).timestamp() / period) + 1) * period, UTC)
    return await enqueue(session, "identity.housekeeping", at=slot, key=slot.isoformat())


async def queue_next_housekeeping(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Queue the next slot's run unless it is queued (worker start, every sweep period, retries spent)."""
    async with transaction(sessionmaker) as session:
        await schedule(session)
