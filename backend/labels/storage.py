"""Where case artifacts live in S3 and how they are written, removed and handed out."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from datetime import datetime

from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)


def case_prefix(tenant_id: uuid.UUID, case_id: uuid.UUID) -> str:
    return f"{tenant_id}/cases/{case_id}/"


def image_key(tenant_id: uuid.UUID, case_id: uuid.UUID, suffix: str) -> str:
    return f"{case_prefix(tenant_id, case_id)}image{suffix}"


def mask_key(tenant_id: uuid.UUID, case_id: uuid.UUID, label_id: uuid.UUID, suffix: str) -> str:
    return f"{case_prefix(tenant_id, case_id)}masks/{label_id}{suffix}"


async def put(store: ObjectStore, key: str, data: bytes, *, sha256: str) -> None:
    await store.call(
        "put_object", Key=key, Body=data, ContentType="application/octet-stream", Metadata={"sha256": sha256}
    )


async def discard(store: ObjectStore, keys: list[str]) -> None:
    """Delete objects no committed row points at; a failure is logged for the orphan sweep."""
    for key in keys:
        try:
            # Shielded: a request cancelled mid-cleanup still removes what it wrote.
            await asyncio.shield(store.call("delete_object", Key=key))
        except Exception:
            log.warning("could not delete an orphan object", extra={"key": key}, exc_info=True)


# Presigned URLs handed out again while they still have their full lifetime ahead: signing costs ~1 ms of
# CPU each, and a case page asks for several. A URL is signed for `ttl + ttl // REUSE_PARTS` seconds and
# reused for `ttl // REUSE_PARTS`, so every URL handed out stays valid for at least `ttl` seconds.
REUSE_PARTS = 10
MAX_CACHED_URLS = 10_000
_urls: dict[tuple[str, str, str, int, str], tuple[float, str]] = {}


async def download_url(store: ObjectStore, key: str, *, ttl: int, filename: str) -> str:
    """A presigned GET of `key` valid for at least `ttl` seconds that saves as `filename`."""
    reuse = ttl // REUSE_PARTS
    slot = (str(store.settings.s3_endpoint), store.bucket, key, ttl, filename)
    now = time.monotonic()
    cached = _urls.get(slot)
    if cached is not None and now < cached[0]:
        return cached[1]
    url = await store.download_url(key, ttl=ttl + reuse, filename=filename)
    if reuse > 0:
        if len(_urls) >= MAX_CACHED_URLS:
            _urls.clear()  # rare: a burst of distinct keys; they are re-signed on demand
        _urls[slot] = (now + reuse, url)
    return url


async def list_objects(store: ObjectStore, prefix: str) -> list[tuple[str, datetime]]:
    """(key, last modified) of every object under `prefix`."""
    found: list[tuple[str, datetime]] = []
    more: dict[str, str] = {}
    while True:  # page by page, each within the S3 call deadline
        page = await store.call("list_objects_v2", Prefix=prefix, **more)
        found.extend((item["Key"], item["LastModified"]) for item in page.get("Contents", []))
        if not page.get("IsTruncated"):
            return found
        more = {"ContinuationToken": page["NextContinuationToken"]}


async def list_keys(store: ObjectStore, prefix: str) -> list[str]:
    return [key for key, _ in await list_objects(store, prefix)]
