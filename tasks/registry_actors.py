"""Actors of the registry area: thin, named `area.verb`, calling backend/registry/jobs.py."""

from __future__ import annotations

from backend.config import settings
from backend.registry import jobs
from tasks import runtime
from tasks.broker import actor


# Idempotent: a redelivered message (worker killed mid-run) validates again and records once.
# The time limit covers the download, the checks and the sandbox's own timeout.
@actor(
    "registry.validate",
    aliases=("validateModelVersion",),
    max_retries=5,
    min_backoff=5000,
    on_retry_exhausted="registry.validate_exhausted",
    time_limit=int((settings.validation_timeout_seconds + 600) * 1000),
)
async def validate(version_id: str) -> None:
    await jobs.validate(runtime.sessionmaker(), await runtime.object_store(), settings, version_id)


# Backoffs of 5 s doubling give S3 or Postgres about 2.5 minutes to come back before this runs.
@actor("registry.validate_exhausted", aliases=("validationRetriesExhausted",), max_retries=20)
async def validate_exhausted(message: dict, retries: dict) -> None:
    await jobs.validate_exhausted(runtime.sessionmaker(), message, retries)
