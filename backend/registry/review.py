"""What an approval binds to: the card, validation report and file as frozen, their hashes, and card diffs.

A hash is the sha256 of the canonical JSON of the value: keys sorted, no insignificant whitespace, UTF-8
(`json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`), so anyone can recompute it
from the stored record with a few lines of Python (docs/governance.md).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from backend.registry.models import ModelVersion

# The user-written fields of the card, in the order a reviewer reads them (GraphQL names).
CARD_FIELDS = {
    "intended_use": "intendedUse",
    "training_data": "trainingData",
    "metrics": "metrics",
    "limitations": "limitations",
}


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def card_of(version: ModelVersion) -> dict[str, Any]:
    """The card as a reviewer reads it, keyed by GraphQL field names."""
    return {name: getattr(version, column) for column, name in CARD_FIELDS.items()}


def report_of(version: ModelVersion) -> dict[str, Any]:
    """The validation report and the facts it measured (signature, opsets, latency)."""
    return {"checks": version.report or [], "facts": version.facts or {}}


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """Field-by-field differences; metrics are compared key by key (`metrics.auc`). `before` None: all new."""
    found: list[dict[str, Any]] = []
    old = before or {}
    for name in CARD_FIELDS.values():
        a, b = old.get(name), after.get(name)
        if name == "metrics" and isinstance(a or {}, dict) and isinstance(b or {}, dict):
            a, b = a or {}, b or {}
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    found.append({"field": f"metrics.{key}", "before": a.get(key), "after": b.get(key)})
        elif (a or "") != (b or ""):
            found.append({"field": name, "before": a, "after": b})
    return found
