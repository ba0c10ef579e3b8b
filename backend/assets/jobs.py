"""The assets area's jobs, as the worker runs them (tasks/assets_actors.py): ids in, the work in export_job.py."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import export_job
from backend.config import Settings
from backend.kit.db import transaction
from backend.kit.jobs import enqueue
from backend.storage.s3 import ObjectStore


async def export(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings, export_id: str
) -> None:
    """`assets.export`: run one export; a partial upload it leaves behind is aborted by a job of its own."""
    leftover = await export_job.run(sessionmaker, store, settings, uuid.UUID(export_id))
    if leftover is not None:
        async with transaction(sessionmaker) as session:
            await enqueue(session, "assets.abort_upload", export_id, leftover)


async def abort_upload(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, export_id: str, upload_id: str
) -> None:
    """`assets.abort_upload`: abort the multipart upload a failed export left behind."""
    await export_job.abort_leftover(sessionmaker, store, uuid.UUID(export_id), upload_id)
