"""History benchmark: CSV export rows/s next to `psql \\copy` of the same rows, and the downsampled
24 h chart query P50/P95 next to the same aggregation done naively over raw samples.

Data: one asset with --tags tags of realistic 1 Hz signals for --days days (20 x 1 day = 1.73 M rows),
loaded with the demo loader into a fresh embedded stack in a temp dir.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import websockets
from sqlalchemy import text

from backend.assets import demo, repository
from backend.assets.loading import load_samples
from backend.assets.models import Asset, Tag
from backend.assets.samples_repository import EXPORT_QUERY
from backend.config import Settings
from backend.identity import service as identity
from backend.kit import ids
from backend.kit.db import create_engine, create_sessionmaker, transaction

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import bench_stack

EXPORT = """mutation($a: ID!, $f: DateTime!, $t: DateTime!, $k: String!) {
  exportHistory(assetId: $a, from: $f, to: $t, idempotencyKey: $k) { id } }"""
WATCH = """subscription($id: ID!) {
  exportUpdated(id: $id) { status rowCount sizeBytes sha256 error startedAt finishedAt } }"""
HISTORY = """query($a: ID!, $f: DateTime!, $t: DateTime!, $tags: [String!]) { asset(id: $a) {
  history(from: $f, to: $t, tags: $tags) { bucketSeconds series { packed { timesMs min max avg last } } } } }"""
ASSET_NAME = "bench"
PSQL_LABEL = "psql \\copy to /dev/null"
NAIVE = text("""
SELECT series_id, date_bin(interval '60 seconds', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS b, min(value),
       max(value), avg(value), (array_agg(value ORDER BY ts DESC))[1]
FROM samples WHERE series_id = ANY(:ids) AND ts >= :f AND ts < :t GROUP BY 1, 2
""")


async def prepare(settings: Settings, days: int, tags: int) -> tuple[str, list[Tag], datetime, datetime, float]:
    engine = create_engine(settings, pool_size=2)
    sessionmaker = create_sessionmaker(engine)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    start = end - timedelta(days=days)
    async with transaction(sessionmaker) as session:
        await identity.seed_demo(session)
        tenant = await identity.repository.get_tenant_by_slug(session, "demo")
        assert tenant is not None  # seeded just above
        asset = Asset(tenant_id=tenant.id, name=ASSET_NAME, site="bench", kind="pump", description="")
        await repository.add(session, asset)
        rows = [
            Tag(tenant_id=tenant.id, asset_id=asset.id, name=n, unit=u, description=d)
            for n, u, d in demo.tag_specs(tags)
        ]
        for row in rows:
            await repository.add(session, row)
    started = time.monotonic()
    await load_samples(
        sessionmaker, demo.chunks(rows, start, days, demo.episodes(1, start, days), 1), start=start, end=end, fresh=True
    )
    loaded = time.monotonic() - started
    async with transaction(sessionmaker) as session:
        await session.execute(text("ANALYZE samples"))
        await session.execute(text("ANALYZE samples_1m"))
    await engine.dispose()
    return ids.encode("Asset", asset.id), rows, start, end, loaded


def psql_command(settings: Settings, asset: str, tags: list[Tag], start: datetime, end: datetime) -> list[str]:
    """psql \\copy of the export's own query (same rows, same text), with the parameters inlined."""
    names = sorted(tags, key=lambda t: t.name)

    def literal(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    query = (
        EXPORT_QUERY.replace("$1::int[]", f"ARRAY[{','.join(str(t.series_id) for t in names)}]::int[]")
        .replace("$2::text[]", "ARRAY[" + ",".join(literal(t.name) for t in names) + "]::text[]")
        .replace("$3::text[]", "ARRAY[" + ",".join(literal(t.unit) for t in names) + "]::text[]")
        .replace("$4::text", f"{literal(asset)}::text")
        .replace("$5", literal(start.isoformat()))
        .replace("$6", literal(end.isoformat()))
    )
    # An argument list, not a shell line: the query's to_char pattern is full of double quotes.
    return [
        "/usr/bin/psql",
        settings.libpq_url,
        "-X",
        "-q",
        "-c",
        f"\\copy ({' '.join(query.split())}) to stdout with (format csv, header)",
    ]


# What prepare_export_session sets for the export (the server's default since PostgreSQL 12 anyway).
PSQL_ENV = {**os.environ, "PGOPTIONS": "-c extra_float_digits=1"}


def psql_seconds(command: list[str]) -> float:
    began = time.monotonic()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=PSQL_ENV, check=True)
    return time.monotonic() - began


def psql_sha(command: list[str]) -> str:
    return hashlib.sha256(subprocess.run(command, capture_output=True, env=PSQL_ENV, check=True).stdout).hexdigest()


def export_once(http: httpx.Client, asset: str, start: datetime, end: datetime) -> tuple[float, dict]:
    """Seconds from the mutation to SUCCEEDED as the web app sees it, pushed by `exportUpdated` (polling the API
    every 50 ms, as this did, spent CPU that the export then lacked on a 2-core machine), and the final state."""
    began = time.monotonic()
    answer = http.post(
        "/graphql",
        json={
            "query": EXPORT,
            "variables": {"a": asset, "f": start.isoformat(), "t": end.isoformat(), "k": str(uuid.uuid4())},
        },
    ).json()
    export_id = answer["data"]["exportHistory"]["id"]
    ws_url = str(http.base_url).replace("http://", "ws://").rstrip("/") + "/graphql"
    token = http.headers["Authorization"].removeprefix("Bearer ")
    state = asyncio.run(_finished(ws_url, token, export_id))
    elapsed = time.monotonic() - began
    if state["status"] != "SUCCEEDED":
        raise RuntimeError(f"export failed: {state['error']}")
    return elapsed, state


async def _finished(ws_url: str, token: str, export_id: str) -> dict:
    """The export's state once final, from a graphql-transport-ws subscription (it sends the current state first)."""
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"], open_timeout=60) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        ack = json.loads(await socket.recv())
        assert ack["type"] == "connection_ack", ack
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": WATCH, "variables": {"id": export_id}}})
        )
        while True:
            message = json.loads(await asyncio.wait_for(socket.recv(), 600))
            if message["type"] != "next":
                raise RuntimeError(f"the export's subscription ended: {message}")
            state = message["payload"]["data"]["exportUpdated"]
            if state["status"] in ("SUCCEEDED", "FAILED"):
                return state


def unpack(packed: dict[str, str]) -> dict[str, np.ndarray]:
    """A series' packed columns as the arrays a client plots (decoding is part of the measured time)."""
    return {name: np.frombuffer(base64.b64decode(value), "<f8") for name, value in packed.items()}


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20)
    return statistics.median(samples) * 1000, cuts[18] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--tags", type=int, default=20)
    parser.add_argument("--exports", type=int, default=3, help="Export runs (and psql runs) to take the median of.")
    parser.add_argument("--queries", type=int, default=100, help="Chart queries per variant.")
    args = parser.parse_args()
    with bench_stack("history") as stack:
        settings = stack.settings
        asset, tags, start, end, load_s = asyncio.run(prepare(settings, args.days, args.tags))
        rows = args.days * args.tags * 86400
        print(
            f"loaded {rows:,} rows ({args.tags} tags x {args.days} d at 1 Hz) in {load_s:.1f} s "
            f"= {rows / load_s:,.0f} rows/s (binary COPY + minute rollups)"
        )
        api_url = stack.start_api()
        stack.start_worker()
        headers = {"Authorization": f"Bearer {stack.sign_in(api_url, 'ds@demo')}"}
        with httpx.Client(base_url=api_url, headers=headers, timeout=600) as http:
            export_once(http, asset, start, start + timedelta(hours=1))  # warm the worker
            command = psql_command(settings, ASSET_NAME, tags, start, end)
            exports, copies = [], []
            for _ in range(args.exports):  # alternate, so load from elsewhere hits both alike
                exports.append(export_once(http, asset, start, end))
                copies.append(psql_seconds(command))
            same = psql_sha(command) == exports[0][1]["sha256"]
            export_s = statistics.median(e[0] for e in exports)
            copy_s = statistics.median(copies)
            state = exports[0][1]
            worker_s = statistics.median(
                (datetime.fromisoformat(e[1]["finishedAt"]) - datetime.fromisoformat(e[1]["startedAt"])).total_seconds()
                for e in exports
            )
            print(
                f"\nexport of {state['rowCount']:,} rows, {state['sizeBytes'] / 2**20:.1f} MiB; "
                f"file identical to psql output: {same}"
            )
            print(f"{'':34}{'seconds':>9}{'rows/s':>12}")
            print(f"{PSQL_LABEL:34}{copy_s:9.2f}{state['rowCount'] / copy_s:12,.0f}")
            print(f"{'exportHistory end to end':34}{export_s:9.2f}{state['rowCount'] / export_s:12,.0f}")
            print(f"{'  of which in the worker':34}{worker_s:9.2f}{state['rowCount'] / worker_s:12,.0f}")
            print(f"{'export / psql (rows/s)':34}{copy_s / export_s:9.2f}x")
            # Each export beside the psql run right after it: on a shared machine the load swings between runs,
            # and a pair taken together sees about the same load.
            pairs = [c / e[0] for e, c in zip(exports, copies, strict=True)]
            print(
                f"{'  per run (psql s / export s)':34}"
                + "  ".join(f"{c:.1f}/{e[0]:.1f}={r:.2f}x" for e, c, r in zip(exports, copies, pairs, strict=True))
                + f"; median {statistics.median(pairs):.2f}x"
            )
            chart(http, settings, asset, tags, end, args.queries)
    return 0


def chart(http: httpx.Client, settings: Settings, asset: str, tags: list[Tag], end: datetime, n: int) -> None:
    start = end - timedelta(hours=24, seconds=37)  # not minute aligned: the raw edges are read too
    four = [t.name for t in tags[:4]]
    print(f"\n24 h chart, automatic bucket, {n} sequential queries each")
    print(f"{'':38}{'p50 ms':>9}{'p95 ms':>9}{'points':>9}")
    for label, names in ((f"graphql history, {len(tags)} tags", None), ("graphql history, 4 tags", four)):
        timings, points = [], 0
        for i in range(n + 5):
            began = time.monotonic()
            body = http.post(
                "/graphql",
                json={
                    "query": HISTORY,
                    "variables": {"a": asset, "f": start.isoformat(), "t": end.isoformat(), "tags": names},
                },
            ).json()
            columns = [unpack(s["packed"]) for s in body["data"]["asset"]["history"]["series"]]
            if i >= 5:
                timings.append(time.monotonic() - began)
            points = sum(len(c["timesMs"]) for c in columns)
        p50, p95 = percentiles(timings)
        print(f"{label:38}{p50:9.1f}{p95:9.1f}{points:9,}")
    naive = asyncio.run(naive_sql(settings, [t.series_id for t in tags], start, end, max(5, n // 10)))
    p50, p95 = percentiles(naive)
    print(f"{f'baseline: raw GROUP BY in SQL, {len(tags)} tags':38}{p50:9.1f}{p95:9.1f}")


async def naive_sql(settings: Settings, series: list[int], start: datetime, end: datetime, n: int) -> list[float]:
    """The same buckets aggregated straight from raw samples (no rollups, no API), for scale."""
    engine = create_engine(settings, pool_size=1)
    timings = []
    async with create_sessionmaker(engine)() as session:
        for _ in range(n):
            began = time.monotonic()
            (await session.execute(NAIVE, {"ids": series, "f": start, "t": end})).all()
            timings.append(time.monotonic() - began)
    await engine.dispose()
    return timings


if __name__ == "__main__":
    sys.exit(main())
