"""Signing outgoing webhook bodies, and the check a receiver runs (Stripe's `t=…,v1=…` scheme).

A receiver verifies a delivery like this (the secret is the one createWebhook returned):

    from backend.webhooks.signature import verify
    ok = verify(secret, raw_request_body, request.headers["X-Slipway-Signature"], tolerance=300)

`verify` recomputes HMAC-SHA256(secret, f"{t}.{body}") over the raw bytes (never re-serialised
JSON), compares it in constant time with every `v1=` value, and refuses a timestamp more than
`tolerance` seconds from now, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Slipway-Signature"


def _digest(secret: str, body: bytes, timestamp: int) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def _bytes(body: bytes | str) -> bytes:
    return body.encode() if isinstance(body, str) else body


def sign(secret: str, body: bytes | str, timestamp: int | None = None) -> str:
    """The header value `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={t},v1={_digest(secret, _bytes(body), t)}"


def verify(secret: str, body: bytes | str, header: str, tolerance: int = 300, now: float | None = None) -> bool:
    """True when `header` signs `body` with `secret` and its timestamp is within `tolerance` seconds."""
    timestamp: int | None = None
    candidates: list[str] = []
    for part in (header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = _digest(secret, _bytes(body), timestamp)
    return any(hmac.compare_digest(expected, c) for c in candidates)
