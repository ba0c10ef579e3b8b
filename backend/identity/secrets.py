"""Opaque bearer secrets: made with a recognisable prefix, stored only as their sha256."""

from __future__ import annotations

import hashlib
import secrets

# Recognisable by secret scanners and by the API, which looks these up instead of verifying a JWT.
PAT_PREFIX = "slw_pat_"
REFRESH_PREFIX = "slw_rt_"


def new_secret(prefix: str) -> str:
    """`prefix` and 256 random bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    # 256 random bits need no slow hash: guessing is hopeless, and a stolen table holds nothing usable.
    return hashlib.sha256(secret.encode()).hexdigest()
