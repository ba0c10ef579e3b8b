"""The worker's half of an export: COPY from Postgres into a temporary file, and that file into an S3
multipart upload while it grows.

No transaction waits on S3: the COPY only ever writes to local disk, as fast as Postgres sends, and
the upload reads the file behind it; a slow or frozen S3 then holds no connection and no snapshot,
it only lets the file run ahead. Memory stays flat: a few parts are held at most. The worker's
temporary directory needs room for the largest export.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import IO

from botocore.exceptions import ClientError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import exports_repository as repository
from backend.assets import samples_repository
from backend.assets.export_service import TOPIC
from backend.assets.models import HistoryExport
from backend.assets.repository import get_asset, get_tags_by_id
from backend.config import Settings
from backend.events.publish import publish
from backend.kit.db import transaction
from backend.kit.errors import Unavailable
from backend.storage.s3 import ObjectStore

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


PARTS_IN_MEMORY = 4  # one filling while three upload: S3 round trips overlap, memory stays 4 parts
_READ_BYTES = 1 << 20


class _UploadStoppedError(Exception):
    """Raised into the COPY when the upload has failed: its rows would go nowhere."""


class _Spool:
    """The temporary file the COPY appends to and the upload reads behind it, by offset (no shared position)."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.written = 0
        self.readable = 0  # flushed to the OS: what a reader may pread
        self.finished = False  # the COPY is complete, `written` is all there is
        self.upload_failed = False
        self._wanted = _READ_BYTES
        self._grown = asyncio.Event()

    def write(self, chunk: bytes) -> None:
        if self.upload_failed:
            raise _UploadStoppedError
        self.file.write(chunk)
        self.written += len(chunk)
        if self.written >= self._wanted:  # wake the reader once per read, not once per COPY chunk
            self.file.flush()
            self.readable = self.written
            self._grown.set()

    def finish(self) -> None:
        self.file.flush()
        self.readable, self.finished = self.written, True
        self._grown.set()

    async def chunks(self, each: Callable[[bytes], None] = lambda _: None) -> AsyncIterator[bytes]:
        """What the COPY writes, in order, as it is written; ends once the COPY is finished and all is read.

        `each` sees every chunk first, in the reading thread: hashing there keeps the event loop, which
        receives the COPY and feeds S3, free of it (hashlib lets go of the GIL).
        """
        offset, fd = 0, self.file.fileno()
        while True:
            ready = self.readable - offset
            if ready >= _READ_BYTES or (ready > 0 and self.finished):
                chunk = await asyncio.to_thread(_read, fd, min(ready, _READ_BYTES), offset, each)
                offset += len(chunk)
                yield chunk
            elif self.finished:
                return
            else:
                self._wanted = offset + _READ_BYTES
                self._grown.clear()
                await self._grown.wait()


def _read(fd: int, size: int, offset: int, each: Callable[[bytes], None]) -> bytes:
    chunk = os.pread(fd, size, offset)
    each(chunk)
    return chunk


async def run(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings, export_id: uuid.UUID
) -> str | None:
    """Run one export to SUCCEEDED or FAILED (an export in another state is left alone).

    The COPY and the upload run side by side. A failed upload is aborted on the spot (ObjectStore.multipart);
    its id is returned all the same, so that `abort_leftover` makes sure of it from a job of its own when S3
    was away for the abort too.
    """
    async with transaction(sessionmaker) as session:
        row = await repository.claim(session, export_id)
        if row is None:
            return None
        asset = await get_asset(session, row.tenant_id, row.asset_id)
        assert asset is not None  # the export's foreign key keeps its asset
        asset_name = asset.name
        tags = sorted((await get_tags_by_id(session, row.tag_ids)).values(), key=lambda t: t.name)
        estimate = await samples_repository.estimate_rows(session, [t.series_id for t in tags], row.from_ts, row.to_ts)
        await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))
    reporter = _Progress(sessionmaker, row, estimate)
    counted = _Counted()
    started: list[str] = []  # the upload's id, once S3 has given one
    with tempfile.TemporaryFile() as file:
        spool = _Spool(file)
        upload = asyncio.create_task(_upload(spool, store, settings, sessionmaker, row, counted, started))
        try:
            try:
                await _copy_to(spool, sessionmaker, row, asset_name, tags, reporter)
            except Exception:
                if not spool.upload_failed:  # the COPY failed on its own (else the upload's error says why)
                    await _stop(upload)
                    await reporter.settle()
                    await _fail(sessionmaker, row, "The export stopped unexpectedly (see the worker log); retry it.")
                    log.exception("export failed", extra={"export": str(row.id)})
                    return started[0] if started else None
            spool.finish()
            await reporter.settle()
            try:
                await upload
            except Exception as exc:
                return await _upload_failed(sessionmaker, row, exc, started)
        finally:
            await _stop(upload)  # a cancelled run leaves no upload behind (the multipart block aborts it)
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
    spool: _Spool,
    sessionmaker: async_sessionmaker[AsyncSession],
    row: HistoryExport,
    asset_name: str,
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
            asset=asset_name,
            series_ids=[t.series_id for t in tags],
            names=[t.name for t in tags],
            units=[t.unit for t in tags],
            start=row.from_ts,
            end=row.to_ts,
            output=output,
        )


async def _upload(
    spool: _Spool,
    store: ObjectStore,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    row: HistoryExport,
    counted: _Counted,
    started: list[str],
) -> None:
    """The spool into a multipart upload while the COPY writes it; only short transactions of its own."""
    assert row.object_key is not None  # named when the export was requested
    try:
        async with store.multipart(
            row.object_key,
            content_type="text/csv",
            part_size=max(settings.export_part_bytes, 5 << 20),
            parts_in_memory=PARTS_IN_MEMORY,
        ) as upload:
            started.append(upload.upload_id)
            async with transaction(sessionmaker) as session:
                await repository.set_fields(session, row.id, upload_id=upload.upload_id)
            async for chunk in spool.chunks(counted.add):
                await upload.write(chunk)
            await upload.complete()
    except BaseException:
        spool.upload_failed = True
        raise


async def _stop(task: asyncio.Task) -> None:
    if not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _upload_failed(
    sessionmaker: async_sessionmaker[AsyncSession], row: HistoryExport, exc: Exception, started: list[str]
) -> str | None:
    """FAILED with the reason; returns the upload's id when one was started (to make sure of its abort)."""
    if not isinstance(exc, ClientError | Unavailable):
        await _fail(sessionmaker, row, "The export stopped unexpectedly (see the worker log); retry it.")
        log.error("export failed", exc_info=exc, extra={"export": str(row.id)})
    elif not started:
        await _fail(sessionmaker, row, f"S3 could not start the upload: {exc}. Retry the export later.")
    else:
        await _fail(
            sessionmaker,
            row,
            f"S3 failed during the export ({exc}); the partial upload is being "
            "removed. Retry the export once S3 is back.",
        )
    return started[0] if started else None


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
