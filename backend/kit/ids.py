"""Opaque global ids: base64url of "Type:uuid", so clients never build or guess them."""

from __future__ import annotations

import base64
import binascii
import uuid

from backend.kit.errors import NotFound


def encode(kind: str, ident: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{ident}".encode()).decode().rstrip("=")


def decode(kind: str, global_id: str) -> uuid.UUID:
    """The uuid inside `global_id`; anything malformed or of another type is NOT_FOUND."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        raw = base64.urlsafe_b64decode(padded.encode()).decode()
        found_kind, _, value = raw.partition(":")
        if found_kind != kind:
            raise ValueError(found_kind)
        return uuid.UUID(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise NotFound(kind, global_id) from None
