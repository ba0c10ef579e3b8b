"""The worker's half of an export: COPY from Postgres into a temporary file, then that file into an S3
multipart upload.

No transaction stays open across the S3 transfer: the COPY's transaction ends when the file is
complete (local disk, as fast as Postgres sends), and a slow or frozen S3 then holds no connection
and no snapshot. Memory stays flat: one part buffer fills while at most one more part uploads.
The worker's temporary directory needs room for the largest export.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 0.5


class S3Failed(Exception):
    """S3 refused or dropped a request of the upload."""


class _Upload:
    """One multipart upload fed part by part, with one part in flight while the next fills."""

    def __init__(self, store: ObjectStore, key: str, upload_id: str, part_bytes: int) -> None:
        self.store, self.key, self.upload_id, self.part_bytes = store, key, upload_id, part_bytes
        self.buffer = bytearray()
        self.parts: list[dict] = []
        self.in_flight: asyncio.Task | None = None
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.newlines = 0

    async def feed(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        self.size += len(chunk)
        self.newlines += chunk.count(b"\n")
        self.buffer += chunk
        if len(self.buffer) >= self.part_bytes:
            await self._ship()

    async def _ship(self) -> None:
        if self.in_flight is not None:
            await self.in_flight  # raises S3Failed when the previous part failed
        body, self.buffer = bytes(self.buffer), bytearray()
        self.in_flight = asyncio.create_task(self._put(len(self.parts) + 1, body))
        self.parts.append({})  # reserve the number; _put fills in the ETag

    async def _put(self, number: int, body: bytes) -> None:
        try:
            answer = await self.store.call(
                "upload_part", Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=body
            )
        except (ClientError, Unavailable) as exc:
            raise S3Failed(f"uploading part {number} failed: {exc}") from exc
        self.parts[number - 1] = {"PartNumber": number, "ETag": answer["ETag"]}

    async def finish(self) -> None:
        await self._ship()  # the last part may be under 5 MiB; S3 allows that for the last one
        await self.in_flight
        try:
            await self.store.call(
                "complete_multipart_upload",
                Key=self.key,
                UploadId=self.upload_id,
                MultipartUpload={"Parts": self.parts},
            )
        except (ClientError, Unavailable) as exc:
            raise S3Failed(f"completing the upload failed: {exc}") from exc

    async def cancel(self) -> None:
        if self.in_flight is not None and not self.in_flight.done():
            self.in_flight.cancel()
            with contextlib.suppress(BaseException):
                await self.in_flight


async def run(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings, export_id: uuid.UUID
) -> str | None:
    """Run one export to SUCCEEDED or FAILED (an export in another state is left alone).

    Returns the id of a multipart upload a failure left behind, to be aborted by `abort_leftover`.
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
        try:
            upload_id = await _start_upload(store, row)
        except S3Failed as exc:
            await _fail(sessionmaker, row, f"S3 could not start the upload: {exc}. Retry the export later.")
            return None
        async with transaction(sessionmaker) as session:
            await repository.set_fields(session, row.id, upload_id=upload_id)
        upload = _Upload(store, row.object_key, upload_id, max(settings.export_part_bytes, 5 << 20))
        try:
            await _send(spool, upload)
        except S3Failed as exc:
            await upload.cancel()
            await _fail(
                sessionmaker,
                row,
                f"S3 failed during the export ({exc}); the partial upload is being "
                "removed. Retry the export once S3 is back.",
            )
            return upload_id
        except Exception:
            await upload.cancel()
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
            row_count=max(upload.newlines - 1, 0),
            size_bytes=upload.size,
            sha256=upload.sha256.hexdigest(),
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


async def _send(spool: IO[bytes], upload: _Upload) -> None:
    """The spooled file into the multipart upload, part by part, with no transaction open."""
    spool.seek(0)
    while chunk := await asyncio.to_thread(spool.read, 1 << 20):
        await upload.feed(chunk)
    await upload.finish()


async def _start_upload(store: ObjectStore, row: HistoryExport) -> str:
    try:
        return await store.create_multipart_upload(row.object_key, ContentType="text/csv")
    except (ClientError, Unavailable) as exc:
        raise S3Failed(str(exc)) from exc


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
