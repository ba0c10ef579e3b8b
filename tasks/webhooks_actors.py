"""Dramatiq actors of the webhooks area: thin wrappers over backend/webhooks services."""

from __future__ import annotations
