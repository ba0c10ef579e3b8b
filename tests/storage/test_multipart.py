"""ObjectStore.multipart against the real SeaweedFS: parts of the part size, the last one short, and no
unfinished upload left by an error, a cancellation or a block left without complete()."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import pytest

from backend.storage.s3 import ObjectStore

PART = 5 << 20  # the least part size S3 accepts


@pytest.fixture
async def store(servers) -> AsyncIterator[ObjectStore]:
    store = ObjectStore(servers.settings)
    await store.open()
    yield store
    await store.close()


def _key() -> str:
    return f"multipart-tests/{uuid.uuid4()}.bin"


async def _read(store: ObjectStore, key: str) -> bytes:
    answer = await store.call("get_object", Key=key)
    async with answer["Body"] as body:
        return await body.read()


async def _open_uploads(store: ObjectStore, key: str) -> list[str]:
    listed = await store.client.list_multipart_uploads(Bucket=store.bucket, Prefix=key)
    return [item["UploadId"] for item in listed.get("Uploads", [])]


@pytest.mark.parametrize("size", [0, 1, PART, 2 * PART + 3])
async def test_what_is_written_is_stored_in_parts(store, size) -> None:
    key, data = _key(), os.urandom(size)
    async with store.multipart(key, content_type="application/octet-stream", part_size=PART) as upload:
        for start in range(0, size, 1 << 20):
            await upload.write(data[start : start + (1 << 20)])
        await upload.complete()
    assert upload.size == size
    assert await _read(store, key) == data


async def test_an_error_in_the_block_aborts_the_upload(store) -> None:
    key = _key()
    with pytest.raises(RuntimeError):
        async with store.multipart(key, content_type="text/csv", part_size=PART) as upload:
            await upload.write(os.urandom(PART + 1))
            raise RuntimeError("the source broke")
    assert await _open_uploads(store, key) == []


async def test_a_cancelled_writer_aborts_the_upload(store) -> None:
    key, started = _key(), asyncio.Event()

    async def write_forever() -> None:
        async with store.multipart(key, content_type="text/csv", part_size=PART) as upload:
            started.set()
            while True:
                await upload.write(os.urandom(1 << 20))

    task = asyncio.create_task(write_forever())
    await started.wait()
    await asyncio.sleep(0.5)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert await _open_uploads(store, key) == []


async def test_a_block_left_without_complete_aborts_the_upload(store) -> None:
    key = _key()
    async with store.multipart(key, content_type="text/csv", part_size=PART) as upload:
        await upload.write(b"half a file")
    assert not upload.completed
    assert await _open_uploads(store, key) == []
