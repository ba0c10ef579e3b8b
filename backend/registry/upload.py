"""Stream an uploaded model into an S3 multipart upload while hashing and counting it.

Memory stays flat: at most `PARALLEL_PARTS` parts are in flight, whatever the file size.
Starlette's form parser has already spooled the file to a temporary file (1 MiB in memory,
the rest on disk), so reading it here is local I/O, and the request body limit has been
enforced while it arrived (backend/api/view.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from botocore.exceptions import ClientError

from backend.kit.errors import BadInput, PayloadTooLarge, Unavailable
from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)

PARALLEL_PARTS = 2
Reader = Callable[[int], Awaitable[bytes]]


@dataclass(frozen=True)
class Stored:
    key: str
    size: int
    sha256: str


async def hash_only(read: Reader, *, chunk: int = 8 << 20) -> tuple[int, str]:
    """Size and sha256 of a stream, without storing it (an idempotent replay's check)."""
    digest, size = hashlib.sha256(), 0
    while data := await read(chunk):
        size += len(data)
        await asyncio.to_thread(digest.update, data)
    return size, digest.hexdigest()


async def stream_to_s3(store: ObjectStore, key: str, read: Reader, *, part_size: int, limit: int) -> Stored:
    """Copy `read` into `key` part by part; abort the multipart upload on any failure.

    Each S3 call has its deadline (ObjectStore.call): a frozen S3 is Unavailable in seconds.
    """
    upload_id = await store.create_multipart_upload(key, ContentType="application/octet-stream")
    try:
        size, sha256, parts = await _copy_parts(store, key, upload_id, read, part_size=part_size, limit=limit)
        await store.call("complete_multipart_upload", Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts})
    except BaseException as exc:
        await asyncio.shield(store.abort_multipart_upload(key, upload_id))
        if isinstance(exc, ClientError):
            raise Unavailable(f"S3 refused the model ({exc}); retry shortly.") from exc
        raise
    return Stored(key=key, size=size, sha256=sha256)


async def _copy_parts(
    store: ObjectStore, key: str, upload_id: str, read: Reader, *, part_size: int, limit: int
) -> tuple[int, str, list[dict]]:
    digest, size, number = hashlib.sha256(), 0, 0
    slots = asyncio.Semaphore(PARALLEL_PARTS)
    pending: list[asyncio.Task[dict]] = []

    async def put(part_no: int, body: bytes) -> dict:
        try:
            answer = await store.call("upload_part", Key=key, UploadId=upload_id, PartNumber=part_no, Body=body)
            return {"PartNumber": part_no, "ETag": answer["ETag"]}
        finally:
            slots.release()

    try:
        while True:
            await slots.acquire()  # back-pressure: never more than PARALLEL_PARTS parts in memory
            body = await _read_part(read, part_size)
            if not body and number > 0:
                slots.release()
                break
            size += len(body)
            if size > limit:
                slots.release()
                raise PayloadTooLarge(f"The model is over the limit of {limit:,} bytes (SLIPWAY_MAX_MODEL_BYTES).")
            if size == 0:
                slots.release()
                raise BadInput("The uploaded file is empty; choose the .onnx file again.", field="file")
            await asyncio.to_thread(digest.update, body)  # hashlib frees the GIL on big buffers
            number += 1
            pending.append(asyncio.create_task(put(number, body)))
            if len(body) < part_size:
                break
        parts = list(await asyncio.gather(*pending))
    except BaseException:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    return size, digest.hexdigest(), parts


async def _read_part(read: Reader, part_size: int) -> bytes:
    """Exactly `part_size` bytes unless the stream ends first (S3 wants equal parts but the last)."""
    chunks, have = [], 0
    while have < part_size:
        data = await read(min(part_size - have, 8 << 20))
        if not data:
            break
        chunks.append(data)
        have += len(data)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def delete_object(store: ObjectStore, key: str) -> None:
    """Remove an object whose database row never committed; log, never raise, if S3 is away too."""
    try:
        await store.call("delete_object", Key=key)
    except (ClientError, Unavailable):
        log.error("orphaned model object left in S3", extra={"key": key})
