"""The registry area's jobs, as the worker runs them (tasks/registry_actors.py): ids in, the work in validation/."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.kit.db import transaction
from backend.registry.validation import service as validation
from backend.storage.s3 import ObjectStore


async def validate(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings, version_id: str
) -> None:
    """`registry.validate`: validate one uploaded version and record its report (idempotent)."""
    await validation.validate_version(sessionmaker, store, settings, version_id=uuid.UUID(version_id))


async def validate_exhausted(sessionmaker: async_sessionmaker[AsyncSession], message: dict, retries: dict) -> None:
    """`registry.validate_exhausted`: the version whose validation kept failing ends VALIDATION_FAILED."""
    async with transaction(sessionmaker) as session:
        await validation.give_up(
            session, version_id=uuid.UUID(message["args"][0]), attempts=int(retries["retries"]) + 1
        )
