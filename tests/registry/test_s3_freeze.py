"""A frozen S3 (connections accepted, nothing answered) costs each upload a coded 503 within the S3 deadlines,
holds no database connection meanwhile, and leaves no unfinished multipart upload behind."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import time

import httpx

from backend.identity.roles import Role
from backend.storage.s3 import ObjectStore
from tests.faults import TcpProxy
from tests.registry import corpus
from tests.support.processes import start_api, stop_process
from tests.support.registry import register, upload

DS = Role.DATA_SCIENTIST
ME = {"query": "query Me { me { email } }"}
CALL_DEADLINE = 3  # SLIPWAY_S3_CALL_TIMEOUT_SECONDS of the API under test
SHORT_DEADLINES = {
    "SLIPWAY_S3_CONNECT_TIMEOUT_SECONDS": "1",
    "SLIPWAY_S3_READ_TIMEOUT_SECONDS": "2",
    "SLIPWAY_S3_CALL_TIMEOUT_SECONDS": str(CALL_DEADLINE),
    "SLIPWAY_S3_MAX_ATTEMPTS": "2",
}


async def _timed_upload(base_url: str, token: str, data: bytes, name: str) -> tuple[float, object]:
    started = time.monotonic()
    answer = await upload(base_url, token, data, model_name=name)
    return time.monotonic() - started, answer


async def _me_answers(base_url: str, token: str, times: int) -> list[tuple[int, float]]:
    """`me` asked `times` times, a few tenths of a second apart: (status, seconds) of each."""
    seen = []
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        for _ in range(times):
            started = time.monotonic()
            answer = await http.post("/graphql", json=ME, headers={"authorization": f"Bearer {token}"})
            seen.append((answer.status_code, time.monotonic() - started))
            await asyncio.sleep(0.3)
    return seen


async def _unfinished_uploads(servers, prefix: str, *, settle: float) -> list[str]:
    """Keys of multipart uploads still open under `prefix`, waiting up to `settle` s for background aborts."""
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        deadline = time.monotonic() + settle
        while True:
            listed = await store.client.list_multipart_uploads(Bucket=store.bucket, Prefix=prefix)
            keys = [item["Key"] for item in listed.get("Uploads", [])]
            if not keys or time.monotonic() > deadline:
                return keys
            await asyncio.sleep(0.5)
    finally:
        await store.close()


async def test_a_frozen_s3_is_a_coded_503_within_the_deadline_and_me_keeps_answering(servers, tenant, tmp_path) -> None:
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_S3_ENDPOINT=proxy.url, **SHORT_DEADLINES)
    token = tenant.users[DS].token
    try:
        name = f"fz-{secrets.token_hex(4)}"
        await register(tenant, DS, name)
        proxy.freeze()
        uploads = [
            asyncio.create_task(_timed_upload(api.base_url, token, corpus.linear(3 + i), name)) for i in range(12)
        ]
        await asyncio.sleep(0.5)
        me = await _me_answers(api.base_url, token, 6)
        answers = await asyncio.gather(*uploads)
        # Frozen mid-transfer: the multipart upload exists in S3 when the part stalls, and must be aborted.
        proxy.restore()
        proxy.freeze_after_bytes(64 << 10)
        big = await _timed_upload(api.base_url, token, os.urandom(12 << 20), name)
        proxy.restore()
        left = await _unfinished_uploads(servers, f"{tenant.id}/models/", settle=30)
    finally:
        stop_process(api.process)
        proxy.stop()
    assert [status for status, _ in me] == [200] * 6, me
    assert max(seconds for _, seconds in me) < 5, me  # never the pool timeout of a held connection
    for seconds, answer in [*answers, big]:
        assert answer.status == 503, answer.body
        assert answer.codes == ["UNAVAILABLE"]
        message = answer.body["errors"][0]["message"]
        assert "S3" in message and re.search(r"\b\d+(\.\d+)? s\b", message), message
        # Create is tried once; a part's call and the abort are bounded whole: seconds, never minutes, whatever
        # botocore retries (the rest is the 12 MiB body arriving and being parsed on a busy test machine).
        assert seconds < 4 * CALL_DEADLINE + 3, (seconds, message)
    assert left == [], f"unfinished multipart uploads left behind: {left}"


async def test_uploads_hold_no_database_connection_while_s3_is_frozen(servers, tenant, tmp_path) -> None:
    """25 uploads stuck on S3 against a pool of 2 (+2 overflow): `me` still gets a connection, and once
    S3 thaws the uploads finish with gap-free numbers."""
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(
        servers,
        tmp_path / "api.log",
        SLIPWAY_S3_ENDPOINT=proxy.url,
        SLIPWAY_DATABASE_POOL_SIZE="2",
        SLIPWAY_DATABASE_POOL_TIMEOUT_SECONDS="5",
        SLIPWAY_S3_CALL_TIMEOUT_SECONDS="30",
        SLIPWAY_S3_READ_TIMEOUT_SECONDS="30",
    )
    token = tenant.users[DS].token
    try:
        name = f"fp-{secrets.token_hex(4)}"
        await register(tenant, DS, name)
        proxy.freeze()
        uploads = [
            asyncio.create_task(_timed_upload(api.base_url, token, corpus.linear(3 + i), name)) for i in range(25)
        ]
        await asyncio.sleep(3)  # past the burst of authentications: every upload is waiting on S3 by now
        me = await _me_answers(api.base_url, token, 5)
        proxy.restore()
        answers = await asyncio.gather(*uploads)
    finally:
        stop_process(api.process)
        proxy.stop()
    assert [status for status, _ in me] == [200] * 5, me
    numbers = sorted(answer.ok()["uploadModelVersion"]["version"]["version"] for _, answer in answers)
    assert numbers == list(range(1, 26))
