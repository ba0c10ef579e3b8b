"""GraphQL type of a ping."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.diagnostics.models import Ping
from backend.kit import ids


@strawberry.enum
class PingStatus(enum.Enum):
    QUEUED = "QUEUED"
    PONGED = "PONGED"


@strawberry.type(name="Ping", description="A round trip through the job queue and a worker.")
class PingNode:
    id: strawberry.ID
    message: str
    status: PingStatus
    created_at: datetime
    completed_at: datetime | None

    @classmethod
    def from_row(cls, row: Ping) -> PingNode:
        return cls(
            id=strawberry.ID(ids.encode("Ping", row.id)),
            message=row.message,
            status=PingStatus(row.status),
            created_at=row.created_at,
            completed_at=row.completed_at,
        )
