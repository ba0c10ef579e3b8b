"""Publish a change inside the transaction that makes it: Postgres delivers NOTIFY on commit only."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CHANNEL = "slipway_events"


@dataclass(frozen=True)
class Event:
    tenant_id: uuid.UUID
    topic: str
    id: str

    def encode(self) -> str:
        return json.dumps({"tenant": str(self.tenant_id), "topic": self.topic, "id": self.id})

    @classmethod
    def decode(cls, payload: str) -> Event:
        raw = json.loads(payload)
        return cls(tenant_id=uuid.UUID(raw["tenant"]), topic=raw["topic"], id=raw["id"])


async def publish(session: AsyncSession, *, tenant_id: uuid.UUID, topic: str, id: str) -> None:
    """Announce that `id` under `topic` changed; subscribers reload it themselves."""
    event = Event(tenant_id=tenant_id, topic=topic, id=id)
    await session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": event.encode()})
