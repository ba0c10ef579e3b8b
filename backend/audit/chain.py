"""How one audit row is hashed onto its predecessor."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def row_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """sha256 over the previous hash and a canonical JSON of the row's own fields."""
    canonical = json.dumps({**fields, "prev_hash": prev_hash}, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(canonical.encode()).hexdigest()


def chained_fields(
    *,
    tenant_id: object,
    seq: int,
    occurred_at: datetime,
    actor_id: object,
    actor_email: str | None,
    action: str,
    target_type: str | None,
    target_id: str | None,
    details: dict,
    request_id: str | None,
) -> dict[str, Any]:
    return {
        "tenant_id": str(tenant_id),
        "seq": seq,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(),
        "actor_id": str(actor_id) if actor_id else None,
        "actor_email": actor_email,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "details": details,
        "request_id": request_id,
    }


def _plain(value: object) -> str:
    return str(value)
