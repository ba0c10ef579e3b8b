"""Actors of the assets area: thin, named `area.verb`, calling backend/assets/jobs.py."""

from __future__ import annotations

from backend.assets import jobs
from backend.config import settings
from tasks import runtime
from tasks.broker import actor


# An export that fails ends FAILED with its reason and the person retries it (retryExport); broker
# retries only cover errors before that is written (Postgres away). A worker that dies mid-export
# has its message redelivered, and the export starts over.
@actor("assets.export", aliases=("run_export",), max_retries=3, min_backoff=1000, time_limit=3_600_000)
async def export(export_id: str) -> None:
    await jobs.export(runtime.sessionmaker(), await runtime.object_store(), settings, export_id)


# S3 may still be away right after a failure: keep trying (backoff up to a minute) until the
# partial upload is aborted, so no orphan parts stay behind.
@actor("assets.abort_upload", aliases=("abort_export_upload",), max_retries=40, min_backoff=500, max_backoff=60_000)
async def abort_upload(export_id: str, upload_id: str) -> None:
    await jobs.abort_upload(runtime.sessionmaker(), await runtime.object_store(), export_id, upload_id)
