"""S3 or Postgres dropping out mid-export: FAILED with a reason, no object and no orphan multipart parts, and a
retry succeeds."""

from __future__ import annotations

import asyncio
import secrets
import subprocess
import sys
import time
from datetime import timedelta

import aioboto3
import psutil
import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from tests.faults import TcpProxy
from tests.support.assets import EXPORT, T0, iso, load_random, make_asset, series_of, wait_export
from tests.support.processes import ROOT, start_api, stop_process

RETRY = "mutation Retry($id: ID!) { retryExport(id: $id) { id status error } }"


@pytest.fixture
def faulty(servers, tmp_path):
    """An API and a worker of their own on a queue of their own; the worker reaches S3 through a proxy.

    Yields the API, the proxy and the worker's process id (to find its database sessions)."""
    queue = f"exports-{secrets.token_hex(4)}"  # the shared worker never sees these jobs
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_EXPORT_QUEUE=queue)
    env = {
        **servers.env,
        "SLIPWAY_EXPORT_QUEUE": queue,
        "SLIPWAY_S3_ENDPOINT": proxy.url,
        "SLIPWAY_EXPORT_PART_BYTES": str(5 << 20),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=(tmp_path / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        yield api, proxy, worker.pid
    finally:
        stop_process(worker)
        stop_process(api.process)
        proxy.stop()


async def open_uploads(servers, key: str) -> list[dict]:
    s = servers.settings
    session = aioboto3.Session(
        aws_access_key_id=s.s3_access_key, aws_secret_access_key=s.s3_secret_key, region_name=s.s3_region
    )
    async with session.client("s3", endpoint_url=s.s3_endpoint) as client:
        answer = await client.list_multipart_uploads(Bucket=s.s3_bucket, Prefix=key)
    return answer.get("Uploads", [])


async def test_s3_lost_mid_export_fails_cleanly_and_a_retry_succeeds(tenant, sessionmaker, servers, faulty) -> None:
    api, proxy, _ = faulty
    asset_id, tag_ids = await make_asset(tenant, ["a", "b", "c", "d"])
    series = await series_of(sessionmaker, tag_ids)
    rows = await load_random(sessionmaker, series, seconds=86400, density=0.99, seed=5)  # ~16 MiB of CSV
    client = tenant.client(Role.DATA_SCIENTIST)
    client.base_url = api.base_url

    proxy.cut_after_bytes(7 << 20)  # the first 5 MiB part gets through, the second dies on the way
    export = (
        await client.execute(
            EXPORT,
            {"assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(days=1)), "tags": None, "key": "fragile"},
        )
    ).ok()["exportHistory"]
    failed = await wait_export(client, export["id"], timeout=120)
    assert failed["status"] == "FAILED", failed
    assert "S3 failed during the export" in failed["error"] and "Retry" in failed["error"]
    assert failed["downloadUrl"] is None
    key = f"{tenant.id}/sandbox/{tenant.users[Role.DATA_SCIENTIST].id}/exports/"
    assert await open_uploads(servers, key), "the part that made it should still wait for its abort"
    assert not await object_exists(servers, key), "half an export was stored as if it were whole"

    proxy.restore()  # S3 is back: the pending abort goes through, leaving no orphan parts
    deadline = time.monotonic() + 120
    while await open_uploads(servers, key):
        assert time.monotonic() < deadline, "the partial multipart upload was never aborted"
        await asyncio.sleep(0.5)

    retried = (await client.execute(RETRY, {"id": export["id"]})).ok()["retryExport"]
    assert retried == {"id": export["id"], "status": "QUEUED", "error": None}
    done = await wait_export(client, export["id"], timeout=120)
    assert done["status"] == "SUCCEEDED", done
    assert done["rowCount"] == rows and done["attempts"] == 2
    assert await open_uploads(servers, key) == []


async def _worker_transactions(sessionmaker, worker_pid: int) -> list[str]:
    """Queries of the worker's sessions that are inside a transaction right now."""
    pids = [worker_pid, *(child.pid for child in psutil.Process(worker_pid).children(recursive=True))]
    names = [f"slipway-worker-{pid}" for pid in pids]
    async with sessionmaker() as session:
        rows = await session.execute(
            text("SELECT query FROM pg_stat_activity WHERE application_name = ANY(:names) AND xact_start IS NOT NULL"),
            {"names": names},
        )
        return [row.query for row in rows]


async def test_s3_stalled_mid_export_holds_no_transaction_and_the_export_then_finishes(
    tenant, sessionmaker, servers, faulty
) -> None:
    api, proxy, worker_pid = faulty
    asset_id, tag_ids = await make_asset(tenant, ["a", "b", "c", "d"])
    series = await series_of(sessionmaker, tag_ids)
    rows = await load_random(sessionmaker, series, seconds=86400, density=0.99, seed=6)  # ~16 MiB of CSV
    client = tenant.client(Role.DATA_SCIENTIST)
    client.base_url = api.base_url

    # The first part stalls early: a COPY streaming into S3 would be stuck two parts on, its transaction open.
    proxy.freeze_after_bytes(1 << 20)
    export = (
        await client.execute(
            EXPORT,
            {"assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(days=1)), "tags": None, "key": "stalled"},
        )
    ).ok()["exportHistory"]
    async with asyncio.timeout(60):
        while not proxy.frozen:
            await asyncio.sleep(0.1)
    # The upload reads the spool behind the COPY, so the COPY may still be running when S3 stalls; it only
    # writes to local disk, so it must end its transaction while S3 is still stalled (the call deadline is
    # 30 s), and then nothing of the export may be open.
    polls: list[list[str]] = []
    try:
        async with asyncio.timeout(20):
            while len(polls) < 5 or polls[-5:] != [[]] * 5:
                polls.append(await _worker_transactions(sessionmaker, worker_pid))
                await asyncio.sleep(0.4)
    except TimeoutError:
        pytest.fail(f"the worker held a transaction while S3 stalled: {polls[-1]}")
    assert proxy.frozen, "S3 came back before the check ended"
    proxy.restore()
    done = await wait_export(client, export["id"], timeout=120)
    assert done["status"] == "SUCCEEDED", done
    assert done["rowCount"] == rows


async def object_exists(servers, key: str) -> bool:
    s = servers.settings
    session = aioboto3.Session(
        aws_access_key_id=s.s3_access_key, aws_secret_access_key=s.s3_secret_key, region_name=s.s3_region
    )
    async with session.client("s3", endpoint_url=s.s3_endpoint) as client:
        listed = await client.list_objects_v2(Bucket=s.s3_bucket, Prefix=key)
    return bool(listed.get("Contents"))


async def test_postgres_lost_half_way_through_the_copy_fails_and_leaves_no_object(
    tenant, sessionmaker, servers, faulty
) -> None:
    api, _, worker_pid = faulty
    asset_id, tag_ids = await make_asset(tenant, ["a", "b", "c", "d"])
    series = await series_of(sessionmaker, tag_ids)
    await load_random(sessionmaker, series, seconds=86400, density=0.99, seed=8)  # ~30 MiB of CSV
    client = tenant.client(Role.DATA_SCIENTIST)
    client.base_url = api.base_url
    export = (
        await client.execute(
            EXPORT,
            {"assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(days=1)), "tags": None, "key": "cut"},
        )
    ).ok()["exportHistory"]

    # The worker's COPY is cut off by the database while the upload behind it is under way.
    async with asyncio.timeout(60):
        while not any("unnest" in q for q in await _worker_transactions(sessionmaker, worker_pid)):
            await asyncio.sleep(0.02)
    pids = [worker_pid, *(child.pid for child in psutil.Process(worker_pid).children(recursive=True))]
    async with sessionmaker() as session:
        cut = await session.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = ANY(:names) AND query LIKE '%unnest%' AND state = 'active'"
            ),
            {"names": [f"slipway-worker-{pid}" for pid in pids]},
        )
    assert cut == 1

    failed = await wait_export(client, export["id"], timeout=120)
    assert failed["status"] == "FAILED", failed
    assert "stopped unexpectedly" in failed["error"] and "retry" in failed["error"]
    assert failed["downloadUrl"] is None
    key = f"{tenant.id}/sandbox/{tenant.users[Role.DATA_SCIENTIST].id}/exports/"
    deadline = time.monotonic() + 60
    while await open_uploads(servers, key):
        assert time.monotonic() < deadline, "the upload of the cut-off export was never aborted"
        await asyncio.sleep(0.5)
    assert not await object_exists(servers, key), "half an export was stored as if it were whole"
