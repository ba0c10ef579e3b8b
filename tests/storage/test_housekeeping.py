"""Storage housekeeping against the real SeaweedFS: stale multipart uploads are aborted, old objects no row
points at are deleted, and whatever is young or referenced is kept. Each test sweeps only its tenant's prefix
with a grace of seconds (settings), so the rest of the session's bucket is left alone."""

from __future__ import annotations

import asyncio
import os
import secrets
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, text

from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.registry.models import ModelVersion
from backend.storage import housekeeping, jobs
from backend.storage.s3 import ObjectStore
from tests.faults import TcpProxy
from tests.registry import corpus
from tests.support.processes import start_api, stop_process
from tests.support.registry import register, upload

DS = Role.DATA_SCIENTIST
GRACE = 2.0  # seconds; LastModified and Initiated have a resolution of one second
AGE = GRACE + 1.5


@pytest.fixture
async def store(servers) -> AsyncIterator[ObjectStore]:
    store = ObjectStore(servers.settings)
    await store.open()
    yield store
    await store.close()


async def _uploads(store: ObjectStore, prefix: str) -> list[str]:
    listed = await store.client.list_multipart_uploads(Bucket=store.bucket, Prefix=prefix)
    return sorted(item["UploadId"] for item in listed.get("Uploads", []))


async def _keys(store: ObjectStore, prefix: str) -> list[str]:
    listed = await store.client.list_objects_v2(Bucket=store.bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


async def _put(store: ObjectStore, key: str) -> str:
    await store.call("put_object", Key=key, Body=b"orphan?")
    return key


def _model_key(tenant_id: uuid.UUID) -> str:
    return f"{tenant_id}/models/{uuid.uuid4()}/{uuid.uuid4()}.onnx"


async def _sweep(sessionmaker, store: ObjectStore, servers, tenant_id: uuid.UUID) -> housekeeping.Swept:
    return await jobs.run_housekeeping(
        sessionmaker, store, servers.settings, prefix=f"{tenant_id}/", grace_seconds=GRACE
    )


async def test_an_old_multipart_upload_is_aborted_and_a_young_one_kept(tenant, servers, sessionmaker, store) -> None:
    key = _model_key(tenant.id)
    old = await store.create_multipart_upload(key)
    await asyncio.sleep(AGE)
    young = await store.create_multipart_upload(_model_key(tenant.id))
    swept = await _sweep(sessionmaker, store, servers, tenant.id)
    assert await _uploads(store, f"{tenant.id}/") == [young]
    assert old != young and swept.uploads_aborted == 1


async def test_old_orphans_go_and_referenced_or_young_objects_stay(tenant, servers, sessionmaker, store) -> None:
    model = await register(tenant, DS, f"hk-{secrets.token_hex(4)}")
    (await upload(tenant.base_url, tenant.users[DS].token, corpus.linear(), model_id=model["id"])).ok()
    async with sessionmaker() as session:
        referenced = await session.scalar(
            select(ModelVersion.s3_key).where(ModelVersion.s3_key.startswith(f"{tenant.id}/"))
        )
    user = tenant.users[DS].id
    orphans = [
        await _put(store, _model_key(tenant.id)),
        await _put(store, f"{tenant.id}/cases/{uuid.uuid4()}/masks/{uuid.uuid4()}.nii.gz"),
        await _put(store, f"{tenant.id}/sandbox/{user}/exports/{uuid.uuid4()}.csv"),
    ]
    foreign = await _put(store, f"{tenant.id}/notes/{uuid.uuid4()}.txt")  # not a layout rows point at
    await asyncio.sleep(AGE)
    young = await _put(store, _model_key(tenant.id))  # an upload whose row is not committed yet
    swept = await _sweep(sessionmaker, store, servers, tenant.id)
    assert await _keys(store, f"{tenant.id}/") == sorted([referenced, foreign, young])
    assert swept.objects_deleted == len(orphans)


async def test_pages_of_keys_are_checked_and_deleted_a_page_at_a_time(tenant, servers, sessionmaker, store) -> None:
    keys = await asyncio.gather(*(_put(store, _model_key(tenant.id)) for _ in range(1100)))
    await asyncio.sleep(AGE)
    swept = await _sweep(sessionmaker, store, servers, tenant.id)
    assert swept.objects_seen == len(keys) and swept.objects_deleted == len(keys)
    assert await _keys(store, f"{tenant.id}/") == []


async def test_the_lifecycle_rule_is_put_where_the_store_has_lifecycle_rules(store) -> None:
    # SeaweedFS may not implement bucket lifecycle rules: then False, and the job's own aborts do the work.
    supported = await housekeeping.ensure_lifecycle_rule(store, days=1)
    if supported:
        rules = (await store.call("get_bucket_lifecycle_configuration"))["Rules"]
        assert any(rule["ID"] == housekeeping.LIFECYCLE_RULE_ID for rule in rules)


async def test_the_worker_queues_the_periodic_run(sessionmaker, worker) -> None:
    async with asyncio.timeout(60):
        while True:
            async with transaction(sessionmaker) as session:
                queued = await session.scalar(
                    text(
                        "SELECT count(*) FROM dramatiq.queue WHERE message->>'actor_name' = 'storage.housekeeping' "
                        "AND state = 'queued'"
                    )
                )
            if queued:
                break
            await asyncio.sleep(0.5)


async def test_an_upload_frozen_mid_part_leaves_nothing_after_housekeeping(
    tenant, servers, sessionmaker, store, tmp_path
) -> None:
    """The API dies while S3 is frozen mid-part: its abort never ran, so the upload stays until housekeeping."""
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_S3_ENDPOINT=proxy.url, SLIPWAY_S3_CALL_TIMEOUT_SECONDS="60")
    prefix = f"{tenant.id}/models/"
    try:
        model = await register(tenant, DS, f"hz-{secrets.token_hex(4)}")
        proxy.freeze_after_bytes(64 << 10)
        sending = asyncio.create_task(
            upload(api.base_url, tenant.users[DS].token, os.urandom(12 << 20), model_id=model["id"])
        )
        deadline = time.monotonic() + 30
        while not proxy.frozen and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        assert proxy.frozen, "the upload never reached S3"
        api.process.kill()  # killed mid-part: nobody aborts the upload
        api.process.wait()
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
    finally:
        stop_process(api.process)
        proxy.stop()
    left = await _uploads(store, prefix)
    assert left, "the frozen upload should have left a multipart upload behind"
    await asyncio.sleep(AGE)
    await _sweep(sessionmaker, store, servers, tenant.id)
    assert await _uploads(store, prefix) == []
    assert await _keys(store, prefix) == []
