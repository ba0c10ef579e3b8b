"""Dramatiq actors of the registry area: thin, take ids, call the domain service in their own transaction."""

from __future__ import annotations

import uuid

import dramatiq

from backend.config import settings
from backend.kit.db import transaction
from backend.registry.validation.service import give_up, validate_version
from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
from tasks import runtime


# Idempotent: a redelivered message (worker killed mid-run) validates again and records once.
# The time limit covers the download, the checks and the sandbox's own timeout.
@dramatiq.actor(actor_name="validateModelVersion", queue_name=settings.validation_queue, max_retries=5,
                min_backoff=5000, on_retry_exhausted="validationRetriesExhausted",
                time_limit=int((settings.validation_timeout_seconds + 600) * 1000))
async def validate_model_version(version_id: str) -> None:
    await validate_version(runtime.sessionmaker(), await runtime.object_store(), settings,
                           version_id=uuid.UUID(version_id))


# Backoffs of 5 s doubling give S3 or Postgres about 2.5 minutes to come back before this runs.
@dramatiq.actor(actor_name="validationRetriesExhausted", queue_name=settings.validation_queue, max_retries=20)
async def validation_retries_exhausted(message: dict, retries: dict) -> None:
    async with transaction(runtime.sessionmaker()) as session:
        await give_up(session, version_id=uuid.UUID(message["args"][0]), attempts=int(retries["retries"]) + 1)
