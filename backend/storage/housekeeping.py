"""What transfers leave in the bucket when a process dies or S3 goes away mid-way: multipart uploads nobody
completes or aborts, and objects whose row never committed (or was deleted since).

Both are only touched once older than a grace period: an upload in flight has its multipart upload, and then
its object, before its row exists. Everything is done page by page (1,000 keys a page), and keys are checked
against the database a page at a time, each check in a short transaction of its own (never across S3 calls).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)

# The key layouts rows point at (tenant id first): models/ (registry), cases/ (labels: images and masks),
# sandbox/<user>/exports/ (history exports). A key of any other shape is not ours to judge and is kept.
OWNED = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(models|cases|sandbox/[^/]+/exports)/"
)
LIFECYCLE_RULE_ID = "slipway-abort-incomplete-multipart-uploads"

Referenced = Callable[[list[str]], Awaitable[set[str]]]


@dataclass
class Swept:
    """What one run removed."""

    uploads_aborted: int = 0
    objects_deleted: int = 0
    objects_seen: int = 0


async def abort_stale_uploads(store: ObjectStore, *, older_than: timedelta, prefix: str = "") -> list[str]:
    """Abort every multipart upload under `prefix` initiated before `older_than` ago; returns their keys."""
    cutoff = datetime.now(UTC) - older_than
    aborted: list[str] = []
    more: dict[str, str] = {}
    while True:
        page = await store.call("list_multipart_uploads", Prefix=prefix, **more)
        for upload in page.get("Uploads", []):
            if upload["Initiated"] <= cutoff:
                await store.abort_multipart_upload(upload["Key"], upload["UploadId"])
                aborted.append(upload["Key"])
        if not page.get("IsTruncated"):
            return aborted
        more = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page["NextUploadIdMarker"]}


async def delete_orphans(
    store: ObjectStore, referenced: Referenced, *, older_than: timedelta, prefix: str = ""
) -> tuple[int, list[str]]:
    """Delete objects under `prefix` older than `older_than` whose key no row holds; returns (seen, deleted keys).

    `referenced` answers which of a page's keys rows point at.
    """
    cutoff = datetime.now(UTC) - older_than
    seen, deleted = 0, []
    more: dict[str, str] = {}
    while True:
        page = await store.call("list_objects_v2", Prefix=prefix, **more)
        items = page.get("Contents", [])
        seen += len(items)
        old = [item["Key"] for item in items if item["LastModified"] <= cutoff and OWNED.match(item["Key"])]
        if old:
            kept = await referenced(old)
            orphans = [key for key in old if key not in kept]
            deleted += await _delete(store, orphans)
        if not page.get("IsTruncated"):
            return seen, deleted
        more = {"ContinuationToken": page["NextContinuationToken"]}


async def _delete(store: ObjectStore, keys: list[str]) -> list[str]:
    """Delete `keys` (at most 1,000, one page) in one request; returns those S3 says are gone."""
    if not keys:
        return []
    answer = await store.call("delete_objects", Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True})
    failed = {error["Key"] for error in answer.get("Errors", [])}
    if failed:
        log.warning("S3 kept some orphan objects; the next run tries again", extra={"count": len(failed)})
    return [key for key in keys if key not in failed]


async def ensure_lifecycle_rule(store: ObjectStore, *, days: int) -> bool:
    """Add (or update) the bucket's AbortIncompleteMultipartUpload rule, keeping the bucket's other rules.

    Returns False when the store does not implement lifecycle rules (SeaweedFS, some S3-compatible stores);
    housekeeping's own aborts then do the work alone.
    """
    try:
        try:
            current: list[dict[str, Any]] = (await store.call("get_bucket_lifecycle_configuration")).get("Rules", [])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NoSuchLifecycleConfiguration":
                raise
            current = []
        ours = {
            "ID": LIFECYCLE_RULE_ID,
            "Status": "Enabled",
            "Filter": {"Prefix": ""},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": days},
        }
        if ours in current:
            return True
        rules = [rule for rule in current if rule.get("ID") != LIFECYCLE_RULE_ID] + [ours]
        await store.call("put_bucket_lifecycle_configuration", LifecycleConfiguration={"Rules": rules})
    except ClientError as exc:
        log.info(
            "the object store has no lifecycle rules (%s); storage housekeeping aborts stale multipart uploads",
            exc.response.get("Error", {}).get("Code", exc),
        )
        return False
    return True
