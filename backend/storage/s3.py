"""The S3 client every process shares (aioboto3), configured from settings.

Every call has deadlines (settings `s3_*_seconds`): botocore's connect and read timeouts bound each
attempt, and `call` bounds the whole call, retries included, and turns a missed deadline or a
transport failure into Unavailable naming S3. Retries are for idempotent calls only: a retried
CreateMultipartUpload whose first try reached S3 would leave a second upload nobody completes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from typing import Any
from urllib.parse import quote

import aioboto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from backend.config import Settings
from backend.kit.errors import Unavailable

log = logging.getLogger(__name__)

# A failed transfer's leftovers are aborted in the background while S3 is away: tried this long, then left to
# storage housekeeping (backend/storage/housekeeping.py) and the bucket's AbortIncompleteMultipartUpload rule.
CLEANUP_SECONDS = 300.0
CLEANUP_POLL_SECONDS = 5.0
# Calls that create something each time they run: tried once, never retried blindly.
NOT_IDEMPOTENT = frozenset({"create_multipart_upload"})
# Calls that carry the bulk of the bytes (parts of 5 MiB and more): sent with an unsigned payload and without a
# CRC32 of their own. botocore would otherwise hash every byte twice (SHA-256 for the signature over plain HTTP,
# and CRC32) on the event loop that also feeds the transfer, and S3 would hash it again to check; the callers
# hash the whole object once themselves (an export's or a model's sha256), and TLS or the loopback carries it.
BULK = frozenset({"upload_part"})


class ObjectStore:
    """One long-lived aioboto3 client and the bucket all tenants share (keys start with the tenant)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bucket = settings.s3_bucket
        self._stack = AsyncExitStack()
        self._client: Any = None
        self._once: Any = None  # the same endpoint without retries, for calls that are not idempotent
        self._bulk: Any = None  # the same endpoint without per-request hashing of the body, for BULK calls
        self._cleanups: set[asyncio.Task[None]] = set()

    async def open(self) -> None:
        session = aioboto3.Session(
            aws_access_key_id=self.settings.s3_access_key,
            aws_secret_access_key=self.settings.s3_secret_key,
            region_name=self.settings.s3_region,
        )
        self._client = await self._stack.enter_async_context(
            session.client(
                "s3", endpoint_url=self.settings.s3_endpoint, config=self._config(self.settings.s3_max_attempts)
            )
        )
        self._once = await self._stack.enter_async_context(
            session.client("s3", endpoint_url=self.settings.s3_endpoint, config=self._config(1))
        )
        bulk = self._config(self.settings.s3_max_attempts).merge(
            Config(
                s3={"addressing_style": "path", "payload_signing_enabled": False},
                request_checksum_calculation="when_required",
            )
        )
        self._bulk = await self._stack.enter_async_context(
            session.client("s3", endpoint_url=self.settings.s3_endpoint, config=bulk)
        )

    def _config(self, attempts: int) -> Config:
        return Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            connect_timeout=self.settings.s3_connect_timeout_seconds,
            read_timeout=self.settings.s3_read_timeout_seconds,
            retries={"total_max_attempts": attempts, "mode": "standard"},
        )

    async def close(self) -> None:
        for task in list(self._cleanups):
            task.cancel()
        await asyncio.gather(*self._cleanups, return_exceptions=True)
        await self._stack.aclose()

    @property
    def client(self) -> Any:
        assert self._client is not None, "ObjectStore.open() was not awaited"
        return self._client

    async def call(self, operation: str, **params: Any) -> Any:
        """`client.<operation>(Bucket=…, **params)` within the call deadline; S3 unreachable is Unavailable.

        A ClientError that S3 answered (NoSuchKey, a 4xx) is the caller's to handle; a 5xx or throttling answer
        after the retries is Unavailable like a timeout.
        """
        client = self._once if operation in NOT_IDEMPOTENT else self._bulk if operation in BULK else self.client
        seconds = self.settings.s3_call_timeout_seconds
        try:
            async with asyncio.timeout(seconds):
                return await getattr(client, operation)(Bucket=self.bucket, **params)
        except TimeoutError as exc:
            raise Unavailable(
                f"S3 did not finish {_name(operation)} within {seconds:g} s "
                "(SLIPWAY_S3_CALL_TIMEOUT_SECONDS); retry shortly."
            ) from exc
        except ClientError as exc:
            if not _is_outage(exc):
                raise
            raise Unavailable(f"S3 refused {_name(operation)} ({_code(exc)}); retry shortly.") from exc
        except (BotoCoreError, OSError) as exc:
            raise Unavailable(
                f"S3 did not answer {_name(operation)} (connect deadline "
                f"{self.settings.s3_connect_timeout_seconds:g} s, read deadline "
                f"{self.settings.s3_read_timeout_seconds:g} s): {exc}; retry shortly."
            ) from exc

    async def chunks(self, body: Any, size: int) -> AsyncIterator[bytes]:
        """The chunks of a streamed object body (get_object's `Body`), each within the call deadline."""
        seconds = self.settings.s3_call_timeout_seconds
        while True:
            try:
                async with asyncio.timeout(seconds):
                    chunk = await body.read(size)
            except TimeoutError as exc:
                raise Unavailable(
                    f"S3 stopped sending an object: nothing came for {seconds:g} s "
                    "(SLIPWAY_S3_CALL_TIMEOUT_SECONDS); retry shortly."
                ) from exc
            except (BotoCoreError, OSError) as exc:
                raise Unavailable(f"S3 broke off sending an object ({exc}); retry shortly.") from exc
            if not chunk:
                return
            yield chunk

    async def create_multipart_upload(self, key: str, **params: Any) -> str:
        """A new multipart upload's id; when the answer is lost, whatever S3 made for `key` is aborted.

        `key` must be new (a unique name): every unfinished upload under it is this call's.
        """
        try:
            answer = await self.call("create_multipart_upload", Key=key, **params)
        except Unavailable:
            self._later(self._abort_all(key))  # the request may have reached S3 before the answer was lost
            raise
        return str(answer["UploadId"])

    @asynccontextmanager
    async def multipart(
        self, key: str, *, content_type: str, part_size: int, parts_in_memory: int = 2
    ) -> AsyncIterator[MultipartWriter]:
        """A multipart upload of the new key `key`, fed with `write` and finished with `complete`.

        Leaving the block any other way (an error, a cancelled task, no `complete`) aborts the upload, so no
        unfinished upload outlives it; S3 errors (ClientError, Unavailable) reach the caller as they are.
        """
        upload_id = await self.create_multipart_upload(key, ContentType=content_type)
        writer = MultipartWriter(self, key, upload_id, part_size=part_size, parts_in_memory=parts_in_memory)
        try:
            yield writer
        except BaseException:
            await writer.discard()
            raise
        if not writer.completed:
            await writer.discard()

    async def abort_multipart_upload(self, key: str, upload_id: str) -> None:
        """Abort now; when S3 is away, keep trying in the background for a while. Never raises."""
        try:
            await self.call("abort_multipart_upload", Key=key, UploadId=upload_id)
        except ClientError:
            pass  # NoSuchUpload: already gone
        except Unavailable:
            self._later(self._abort_one(key, upload_id))

    def _later(self, cleanup: Callable[[], Awaitable[bool]]) -> None:
        task = asyncio.get_running_loop().create_task(self._retry(cleanup))
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    async def _retry(self, cleanup: Callable[[], Awaitable[bool]]) -> None:
        """Run `cleanup` until it says it is done or CLEANUP_SECONDS have passed."""
        delay = 1.0
        try:
            async with asyncio.timeout(CLEANUP_SECONDS):
                while True:
                    with suppress(Unavailable):
                        if await cleanup():
                            return
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, CLEANUP_POLL_SECONDS)
        except TimeoutError:
            log.info("stopped cleaning up after a failed multipart upload; storage housekeeping takes over")

    def _abort_one(self, key: str, upload_id: str) -> Callable[[], Awaitable[bool]]:
        async def abort() -> bool:
            with suppress(ClientError):  # NoSuchUpload: already gone
                await self.call("abort_multipart_upload", Key=key, UploadId=upload_id)
            return True

        return abort

    def _abort_all(self, key: str) -> Callable[[], Awaitable[bool]]:
        """Watch `key` for the upload a lost CreateMultipartUpload may still make (a stalled S3 can run the
        request after the caller gave up), and abort it: done once one is found."""

        async def abort() -> bool:
            listed = await self.call("list_multipart_uploads", Prefix=key)
            found = [upload["UploadId"] for upload in listed.get("Uploads", []) if upload.get("Key") == key]
            for upload_id in found:
                await self._abort_one(key, upload_id)()
            return bool(found)

        return abort

    async def ensure_bucket(self) -> None:
        try:
            await self.call("head_bucket")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise
            await self.call("create_bucket")

    async def download_url(self, key: str, *, ttl: int, filename: str) -> str:
        """A presigned GET of `key` for `ttl` seconds that saves as `filename` (signed locally, no S3 call)."""
        return await self.client.generate_presigned_url(
            "get_object",
            ExpiresIn=ttl,
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": content_disposition(filename),
            },
        )

    async def check(self) -> None:
        """Raise Unavailable unless the bucket answers."""
        try:
            await self.call("head_bucket")
        except ClientError as exc:
            raise Unavailable(f"S3 at {self.settings.s3_endpoint or 'AWS'} is unreachable: {exc}") from exc


class MultipartWriter:
    """Buffers writes into parts of `part_size` (S3 wants equal parts but the last) and uploads them in the
    background; at most `parts_in_memory` parts are held, the one filling included, so memory stays flat."""

    def __init__(self, store: ObjectStore, key: str, upload_id: str, *, part_size: int, parts_in_memory: int) -> None:
        self.store, self.key, self.upload_id, self.part_size = store, key, upload_id, part_size
        self.size = 0
        self.completed = False
        self._buffer = bytearray()
        self._filling = False  # the buffer holds a slot
        self._slots = asyncio.Semaphore(max(1, parts_in_memory))
        self._parts: list[asyncio.Task[dict]] = []

    async def write(self, chunk: bytes) -> None:
        """Append `chunk`; waits while the parts held are at the limit, raises the error of a failed part."""
        self._raise_failed()
        view = memoryview(chunk)
        while view:
            if not self._filling:
                await self._slots.acquire()  # back-pressure: a new part starts only when one is free
                self._filling = True
                self._raise_failed()
            room = self.part_size - len(self._buffer)
            self._buffer += view[:room]
            view = view[room:]
            if len(self._buffer) >= self.part_size:
                self._ship()
        self.size += len(chunk)

    async def complete(self) -> None:
        """Upload what is buffered as the last part and complete the upload (an empty object has one empty part)."""
        if self._filling or not self._parts:
            if not self._filling:
                await self._slots.acquire()
            self._ship()
        parts = list(await asyncio.gather(*self._parts))
        await self.store.call(
            "complete_multipart_upload", Key=self.key, UploadId=self.upload_id, MultipartUpload={"Parts": parts}
        )
        self.completed = True

    async def discard(self) -> None:
        """Stop the parts in flight and abort the upload, even when the caller is being cancelled."""
        for task in self._parts:
            task.cancel()
        await asyncio.gather(*self._parts, return_exceptions=True)
        await asyncio.shield(self.store.abort_multipart_upload(self.key, self.upload_id))

    def _ship(self) -> None:
        body, self._buffer, self._filling = bytes(self._buffer), bytearray(), False
        self._parts.append(asyncio.create_task(self._put(len(self._parts) + 1, body)))

    async def _put(self, number: int, body: bytes) -> dict:
        try:
            answer = await self.store.call(
                "upload_part", Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=body
            )
            return {"PartNumber": number, "ETag": answer["ETag"]}
        finally:
            self._slots.release()

    def _raise_failed(self) -> None:
        for task in self._parts:
            failed = task.exception() if task.done() and not task.cancelled() else None
            if failed is not None:
                raise failed


def content_disposition(filename: str) -> str:
    """`attachment` under `filename`: a plain ASCII name for every client, and the UTF-8 name as well (RFC 6266)
    when it has other characters, so "Pumpe Süd" is not saved as mojibake."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    if plain == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _name(operation: str) -> str:
    """`create_multipart_upload` as S3 names it: CreateMultipartUpload."""
    return "".join(word.capitalize() for word in operation.split("_"))


def _code(exc: ClientError) -> str:
    return str(
        exc.response.get("Error", {}).get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
    )


def _is_outage(exc: ClientError) -> bool:
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return status >= 500 or _code(exc) in ("SlowDown", "Throttling", "RequestTimeout", "ServiceUnavailable")
