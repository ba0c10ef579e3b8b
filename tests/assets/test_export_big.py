"""A big export streams: progress reaches subscribers and the worker's memory stays flat."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from backend.identity.roles import Role
from tests.support.assets import EXPORT, T0, iso, load_random, make_asset, series_of, wait_export

EXPORT_UPDATED = """
subscription ExportUpdated($id: ID!) { exportUpdated(id: $id) { id status progress rowCount sizeBytes } }"""
TAGS = [f"signal_{i}" for i in range(8)]
SECONDS = 3 * 86400  # 8 tags x 3 days at ~1 Hz: about 2 M rows, ~100 MB of CSV


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            for child in task.read_text().split():
                found.append(int(child))
                frontier.append(int(child))
    return found


def _rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except FileNotFoundError:
            pass
    return total


class RssSampler(threading.Thread):
    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak, self.stopped = pids, 0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, _rss_bytes(self.pids))
            time.sleep(0.02)


async def test_a_big_export_streams_with_progress_and_flat_memory(tenant, sessionmaker, worker) -> None:
    asset_id, tag_ids = await make_asset(tenant, TAGS, name="big")
    series = await series_of(sessionmaker, tag_ids)
    rows = await load_random(sessionmaker, series, seconds=SECONDS, density=0.99, seed=11)
    pids = [worker.pid, *_descendants(worker.pid)]
    assert len(pids) >= 2, "the dramatiq worker process was not found"
    # Warm up the worker (imports, S3 client, pools) with a small export, then measure the big one.
    client = tenant.client(Role.DATA_SCIENTIST)
    small = (
        await client.execute(
            EXPORT,
            {"assetId": asset_id, "from": iso(T0), "to": iso(T0 + timedelta(hours=1)), "tags": None, "key": "warm"},
        )
    ).ok()["exportHistory"]["id"]
    assert (await wait_export(client, small))["status"] == "SUCCEEDED"
    baseline = _rss_bytes(pids)
    sampler = RssSampler(pids)
    sampler.start()

    export_id = (
        await client.execute(
            EXPORT,
            {
                "assetId": asset_id,
                "from": iso(T0),
                "to": iso(T0 + timedelta(seconds=SECONDS)),
                "tags": None,
                "key": str(uuid.uuid4()),
            },
        )
    ).ok()["exportHistory"]["id"]
    transport = WebsocketsTransport(
        url=tenant.base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {tenant.users[Role.DATA_SCIENTIST].token}"},
    )
    seen = []
    try:
        async with Client(transport=transport) as session:
            async with asyncio.timeout(240):
                request = GraphQLRequest(EXPORT_UPDATED, variable_values={"id": export_id})
                async for update in session.subscribe(request):
                    seen.append(update["exportUpdated"])
    finally:
        sampler.stopped.set()
        sampler.join()

    final = seen[-1]
    assert final["status"] == "SUCCEEDED" and final["rowCount"] == rows
    running = [u["progress"] for u in seen if u["status"] == "RUNNING"]
    assert any(0 < p < 1 for p in running), seen
    assert running == sorted(running)
    growth = sampler.peak - baseline
    print(
        f"export of {final['sizeBytes'] >> 20} MiB: worker RSS grew {growth >> 20} MiB, {len(running)} progress updates"
    )
    # Holding the file would cost more than its size; streaming needs a few 8 MiB parts.
    assert final["sizeBytes"] > 90 << 20
    assert growth < 80 << 20, f"worker RSS grew by {growth >> 20} MiB for a {final['sizeBytes'] >> 20} MiB export"
