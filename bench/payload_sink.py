"""Where the payload log goes: Postgres (daily partitions, one COPY per batch) or objects in S3 (one object per
batch, as a Parquet writer would make them), measured on the embedded servers with the model server's rows.

Two figures per sink, on the same rows:
- write: batches of `--batch` rows (what the model server flushes), one after another, rows per second;
- read a window: what the drift job does every period, the newest `--window` rows of one deployment.

pyarrow is not a dependency of Slipway (it would add ~40 MB to the image), so the S3 side writes each batch
as gzipped JSON lines: the same PUT per batch, the same listing and GETs to read a window back, and a lower
bound on what Parquet's encoding would cost on the writer's CPU.

Run: `.venv/bin/python -m bench.payload_sink [--rows 20000] [--batch 500] [--window 5000]`.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import orjson
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from backend.kit.db import create_engine
from backend.monitoring import payloads
from backend.monitoring.features import feature_columns
from backend.storage.s3 import ObjectStore
from bench.stack import bench_stack


def rows(count: int, deployment: uuid.UUID) -> list[payloads.PayloadRow]:
    rng = np.random.default_rng(0)
    tenant, version = uuid.uuid4(), uuid.uuid4()
    start = datetime.now(UTC) - timedelta(minutes=30)
    out = []
    for i in range(count):
        x = rng.normal(size=(1, 4)).astype(np.float32)
        out.append(
            payloads.PayloadRow(
                logged_at=start + timedelta(milliseconds=50 * i),
                tenant_id=tenant,
                deployment_id=deployment,
                route="bench-production",
                version_id=version,
                version="bench-v1",
                request_id=uuid.uuid4().hex,
                latency_ms=1.5,
                outcome="ok",
                inputs=orjson.dumps(feature_columns({"X": x})).decode(),
                outputs=orjson.dumps(feature_columns({"label": np.array([1]), "p": x[:, :2]})).decode(),
            )
        )
    return out


async def postgres(settings, data: list[payloads.PayloadRow], batch: int, window: int) -> tuple[float, float]:
    engine = create_engine(settings, pool_size=1)
    try:
        async with engine.begin() as conn:
            await payloads.ensure_partitions(conn, data[0].logged_at.date(), 2)
        started = time.perf_counter()
        for i in range(0, len(data), batch):
            async with engine.begin() as conn:
                await payloads.copy_rows(conn, data[i : i + batch])
        write = len(data) / (time.perf_counter() - started)
        started = time.perf_counter()
        async with engine.connect() as conn:
            found = await conn.execute(
                text(
                    "SELECT inputs, outputs FROM payload_logs WHERE tenant_id = :t AND deployment_id = :d "
                    "AND logged_at >= :s AND outcome = 'ok' ORDER BY logged_at DESC LIMIT :n"
                ),
                {"t": data[0].tenant_id, "d": data[0].deployment_id, "s": data[0].logged_at, "n": window},
            )
            assert len(found.all()) == window
        read = time.perf_counter() - started
    finally:
        await engine.dispose()
    return write, read


async def s3(settings, data: list[payloads.PayloadRow], batch: int, window: int) -> tuple[float, float]:
    store = ObjectStore(settings)
    await store.open()
    prefix = f"bench/payloads/{data[0].deployment_id}/"
    try:
        started = time.perf_counter()
        for i in range(0, len(data), batch):
            lines = b"\n".join(
                orjson.dumps({k: str(v) if isinstance(v, uuid.UUID | datetime) else v for k, v in vars(r).items()})
                for r in data[i : i + batch]
            )
            await store.call("put_object", Key=f"{prefix}{i:012d}.jsonl.gz", Body=gzip.compress(lines, 1))
        write = len(data) / (time.perf_counter() - started)
        started = time.perf_counter()
        listed = await store.call("list_objects_v2", Prefix=prefix)
        keys = sorted((o["Key"] for o in listed.get("Contents", [])), reverse=True)[: -(-window // batch)]
        got = 0
        for key in keys:
            answer = await store.call("get_object", Key=key)
            body = gzip.decompress(await answer["Body"].read())
            got += len([orjson.loads(line) for line in body.splitlines()])
        assert got >= window
        read = time.perf_counter() - started
    finally:
        await store.close()
    return write, read


async def measure(settings, count: int, batch: int, window: int) -> None:
    data = rows(count, uuid.uuid4())
    print(f"{count} rows of 4 input and 3 output features, batches of {batch}, window {window} rows")
    print(f"load average {os.getloadavg()}")
    print(f"{'sink':<12}{'write rows/s':>14}{'read window ms':>16}")
    for name, sink in (("postgres", postgres), ("s3 objects", s3)):
        write, read = await sink(settings, data, batch, window)
        print(f"{name:<12}{write:>14.0f}{read * 1000:>16.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--window", type=int, default=5000)
    args = parser.parse_args()
    with bench_stack("payload-sink") as stack:
        asyncio.run(measure(stack.settings, args.rows, args.batch, args.window))
    return 0


if __name__ == "__main__":
    sys.exit(main())
