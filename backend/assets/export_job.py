"""The worker's half of an export: COPY from Postgres into a temporary file, then that file into an S3
multipart upload.

No transaction stays open across the S3 transfer: the COPY's transaction ends when the file is
complete (local disk, as fast as Postgres sends), and a slow or frozen S3 then holds no connection
and no snapshot. Memory stays flat: one part buffer fills while at most one more part uploads.
The worker's temporary directory needs room for the largest export.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import tempfile
import time
import uuid
from datetime import UTC, datetime
from typing import IO

from botocore.exceptions import ClientError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import exports_repository as repository
from backend.assets import samples_repository
from backend.assets.export_service import TOPIC
from backend.assets.models import HistoryExport
from backend.assets.repository import get_tags_by_id
from backend.config import Settings
from backend.events.publish import publish
from backend.kit.db import transaction
from backend.kit.errors import Unavailable
from backend.storage.s3 import MultipartWriter, ObjectStore

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 0.5


class _Counted:
    """What went into the upload: size, sha256 and newlines (the row count is one less, for the header)."""

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.newlines = 0

    def add(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        self.size += len(chunk)
        self.newlines += chunk.count(b"\n")


async def run(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings, export_id: uuid.UUID
) -> str | None:
    """Run one export to SUCCEEDED or FAILED (an export in another state is left alone).

    A failed upload is aborted on the spot (ObjectStore.multipart); its id is returned all the same, so that
    `abort_leftover` makes sure of it from a job of its own when S3 was away for the abort too.
    """
    async with transaction(sessionmaker) as session:
        row = await repository.claim(session, export_id)
        if row is None:
            return None
        tags = sorted((await get_tags_by_id(session, row.tag_ids)).values(), key=lambda t: t.name)
        estimate = await samples_repository.estimate_rows(session, [t.series_id for t in tags], row.from_ts, row.to_ts)
        await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))
    reporter = _Progress(sessionmaker, row, estimate)
    with tempfile.TemporaryFile() as spool:
        try:
            await _copy_to(spool, sessionmaker, row, tags, reporter)
        except Exception:
            await reporter.settle()
            await _fail(sessionmaker, row, "The export stopped unexpectedly (see the worker log); retry it.")
            log.exception("export failed", extra={"export": str(row.id)})
            return None
        await reporter.settle()
        assert row.object_key is not None  # named when the export was requested
        counted = _Counted()
        upload_id: str | None = None
        try:
            async with store.multipart(
                row.object_key, content_type="text/csv", part_size=max(settings.export_part_bytes, 5 << 20)
            ) as upload:
                upload_id = upload.upload_id
                async with transaction(sessionmaker) as session:
                    await repository.set_fields(session, row.id, upload_id=upload_id)
                await _send(spool, upload, counted)
        except (ClientError, Unavailable) as exc:
            if upload_id is None:
                await _fail(sessionmaker, row, f"S3 could not start the upload: {exc}. Retry the export later.")
                return None
            await _fail(
                sessionmaker,
                row,
                f"S3 failed during the export ({exc}); the partial upload is being "
                "removed. Retry the export once S3 is back.",
            )
            return upload_id
        except Exception:
            await _fail(sessionmaker, row, "The export stopped unexpectedly (see the worker log); retry it.")
            log.exception("export failed", extra={"export": str(row.id)})
            return upload_id
    async with transaction(sessionmaker) as session:
        await repository.set_fields(
            session,
            row.id,
            status="SUCCEEDED",
            progress=1.0,
            upload_id=None,
            row_count=max(counted.newlines - 1, 0),
            size_bytes=counted.size,
            sha256=counted.sha256.hexdigest(),
            finished_at=datetime.now(UTC),
        )
        await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))
    return None


async def _copy_to(
    spool: IO[bytes],
    sessionmaker: async_sessionmaker[AsyncSession],
    row: HistoryExport,
    tags: list,
    reporter: _Progress,
) -> None:
    """COPY the rows into `spool` in the one transaction the export reads in (writes are to local disk)."""
    newlines = 0

    async def output(chunk: bytes) -> None:
        nonlocal newlines
        spool.write(chunk)
        newlines += chunk.count(b"\n")
        await reporter.maybe(max(newlines - 1, 0))

    async with transaction(sessionmaker) as session:
        await samples_repository.prepare_export_session(session)
        await samples_repository.copy_out_csv(
            session,
            series_ids=[t.series_id for t in tags],
            names=[t.name for t in tags],
            start=row.from_ts,
            end=row.to_ts,
            output=output,
        )


async def _send(spool: IO[bytes], upload: MultipartWriter, counted: _Counted) -> None:
    """The spooled file into the multipart upload, part by part, with no transaction open."""
    spool.seek(0)
    while chunk := await asyncio.to_thread(spool.read, 1 << 20):
        counted.add(chunk)
        await upload.write(chunk)
    await upload.complete()


async def _fail(sessionmaker: async_sessionmaker[AsyncSession], row: HistoryExport, reason: str) -> None:
    async with transaction(sessionmaker) as session:
        await repository.set_fields(session, row.id, status="FAILED", error=reason, finished_at=datetime.now(UTC))
        await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))


async def abort_leftover(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, export_id: uuid.UUID, upload_id: str
) -> None:
    """Abort a multipart upload a failed run left behind; raises while S3 is still away (so the job retries).

    The upload id comes with the job, not from the row: a retry of the export may already be
    writing a new upload, which must not be touched.
    """
    async with transaction(sessionmaker) as session:
        row = await repository.get(session, export_id)
    if row is None or row.object_key is None:
        return
    try:
        await store.call("abort_multipart_upload", Key=row.object_key, UploadId=upload_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("NoSuchUpload", "404"):
            raise
    async with transaction(sessionmaker) as session:
        await repository.clear_upload(session, export_id, upload_id)


class _Progress:
    """RUNNING progress at most twice a second, written beside the COPY (never blocking it) in short
    transactions of their own."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], row: HistoryExport, estimate: int) -> None:
        self.sessionmaker, self.row, self.estimate = sessionmaker, row, estimate
        self.last = time.monotonic()
        self.pending: asyncio.Task | None = None

    async def maybe(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS or self.estimate <= 0:
            return
        if self.pending is not None and not self.pending.done():
            return  # the database is slower than the export: skip this report
        self.last = now
        self.pending = asyncio.create_task(self._write(min(rows / self.estimate, 0.99), rows))

    async def _write(self, progress: float, rows: int) -> None:
        try:
            async with transaction(self.sessionmaker) as session:
                if await repository.set_progress(session, self.row.id, progress=progress, rows=rows) is not None:
                    await publish(session, tenant_id=self.row.tenant_id, topic=TOPIC, id=str(self.row.id))
        except Exception:  # progress is a courtesy; the export goes on without it
            log.warning("could not record export progress", exc_info=True, extra={"export": str(self.row.id)})

    async def settle(self) -> None:
        """Wait for a report still being written, so the final state is written after it."""
        if self.pending is not None:
            await self.pending
