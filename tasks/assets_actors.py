"""Dramatiq actors of the assets area: thin, take ids, call the domain service in their own transaction."""

from __future__ import annotations

import uuid

import dramatiq

from backend.assets import export_job
from backend.config import settings
from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
from tasks import runtime


# An export that fails ends FAILED with its reason and the person retries it (retryExport); broker
# retries only cover errors before that is written (Postgres away). A worker that dies mid-export
# has its message redelivered, and the export starts over.
@dramatiq.actor(queue_name=settings.export_queue, max_retries=3, min_backoff=1000, time_limit=3_600_000)
async def run_export(export_id: str) -> None:
    leftover = await export_job.run(runtime.sessionmaker(), await runtime.object_store(), settings,
                                    uuid.UUID(export_id))
    if leftover is not None:
        abort_export_upload.send(export_id, leftover)


# S3 may still be away right after a failure: keep trying (backoff up to a minute) until the
# partial upload is aborted, so no orphan parts stay behind.
@dramatiq.actor(queue_name=settings.export_queue, max_retries=40, min_backoff=500, max_backoff=60_000)
async def abort_export_upload(export_id: str, upload_id: str) -> None:
    await export_job.abort_leftover(runtime.sessionmaker(), await runtime.object_store(), uuid.UUID(export_id),
                                    upload_id)
