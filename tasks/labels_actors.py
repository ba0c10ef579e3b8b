"""Dramatiq actors of the labels area: thin, take ids, call the domain service in their own transaction."""

from __future__ import annotations

from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
