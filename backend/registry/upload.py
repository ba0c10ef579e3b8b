"""Stream an uploaded model into an S3 multipart upload while hashing and counting it.

Memory stays flat: at most `PARALLEL_PARTS` parts are held, whatever the file size.
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
    """Copy `read` into `key` part by part; the multipart upload is aborted on any failure.

    Each S3 call has its deadline (ObjectStore.call): a frozen S3 is Unavailable in seconds.
    """
    digest = hashlib.sha256()
    try:
        async with store.multipart(
            key, content_type="application/octet-stream", part_size=part_size, parts_in_memory=PARALLEL_PARTS
        ) as upload:
            while data := await read(min(part_size, 8 << 20)):
                if upload.size + len(data) > limit:
                    raise PayloadTooLarge(f"The model is over the limit of {limit:,} bytes (SLIPWAY_MAX_MODEL_BYTES).")
                await asyncio.to_thread(digest.update, data)  # hashlib frees the GIL on big buffers
                await upload.write(data)
            if upload.size == 0:
                raise BadInput("The uploaded file is empty; choose the .onnx file again.", field="file")
            await upload.complete()
    except ClientError as exc:
        raise Unavailable(f"S3 refused the model ({exc}); retry shortly.") from exc
    return Stored(key=key, size=upload.size, sha256=digest.hexdigest())


async def delete_object(store: ObjectStore, key: str) -> None:
    """Remove an object whose database row never committed; log, never raise, if S3 is away too."""
    try:
        await store.call("delete_object", Key=key)
    except (ClientError, Unavailable):
        log.error("orphaned model object left in S3", extra={"key": key})
