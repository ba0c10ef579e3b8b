"""Dramatiq actors of the deployments area: thin wrappers over backend/deployments services."""

from __future__ import annotations
