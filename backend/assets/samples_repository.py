"""All SQL about samples: daily partitions, binary COPY in, minute rollups, downsampled reads, COPY out."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Postgres counts timestamps in microseconds from this instant; buckets are aligned to it too.
PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_PG_EPOCH_US = int(PG_EPOCH.timestamp()) * 1_000_000
ROLLUP_SECONDS = 60

_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_PGCOPY_TRAILER = struct.pack(">h", -1)
# One sample as a binary COPY tuple: field count, then (length, value) for each of the four columns.
_TUPLE = np.dtype(
    [
        ("n", ">i2"),
        ("l0", ">i4"),
        ("series", ">i4"),
        ("l1", ">i4"),
        ("ts", ">i8"),
        ("l2", ">i4"),
        ("value", ">f8"),
        ("l3", ">i4"),
        ("quality", ">i2"),
    ]
)


@dataclass(frozen=True)
class SeriesChunk:
    """Samples of one series: epoch seconds (float or int), values and quality flags, same length."""

    series_id: int
    epoch_seconds: np.ndarray
    values: np.ndarray
    quality: np.ndarray | None = None


def _pg_micros(chunk: SeriesChunk) -> np.ndarray:
    return np.round(np.asarray(chunk.epoch_seconds, dtype=np.float64) * 1_000_000).astype(np.int64) - _PG_EPOCH_US


def encode_binary(chunk: SeriesChunk) -> bytes:
    """The chunk as binary COPY tuples, built with numpy (no Python object per row)."""
    rows = np.empty(len(chunk.values), dtype=_TUPLE)
    rows["n"], rows["l0"], rows["l1"], rows["l2"], rows["l3"] = 4, 4, 8, 8, 2
    rows["series"] = chunk.series_id
    rows["ts"] = _pg_micros(chunk)
    rows["value"] = chunk.values
    rows["quality"] = 0 if chunk.quality is None else chunk.quality
    return rows.tobytes()


_ROLLUP = np.dtype(
    [
        ("n", ">i2"),
        ("l0", ">i4"),
        ("series", ">i4"),
        ("l1", ">i4"),
        ("bucket", ">i8"),
        ("l2", ">i4"),
        ("min", ">f8"),
        ("l3", ">i4"),
        ("max", ">f8"),
        ("l4", ">i4"),
        ("sum", ">f8"),
        ("l5", ">i4"),
        ("count", ">i4"),
        ("l6", ">i4"),
        ("last", ">f8"),
        ("l7", ">i4"),
        ("last_ts", ">i8"),
    ]
)
_MINUTE_US = ROLLUP_SECONDS * 1_000_000


def encode_rollups(chunk: SeriesChunk) -> bytes:
    """The chunk's minute rollups as binary COPY tuples, computed with numpy.

    Exact only when no other samples of the series fall in the chunk's minutes (a fresh series).
    """
    micros = _pg_micros(chunk)
    values = np.asarray(chunk.values, dtype=np.float64)
    order = np.argsort(micros, kind="stable")
    micros, values = micros[order], values[order]
    minute = micros // _MINUTE_US
    starts = np.flatnonzero(np.r_[True, minute[1:] != minute[:-1]]) if len(minute) else np.empty(0, np.int64)
    ends = np.r_[starts[1:], len(minute)].astype(np.int64)
    rows = np.empty(len(starts), dtype=_ROLLUP)
    rows["n"] = 8
    rows["l0"], rows["l1"], rows["l2"], rows["l3"], rows["l4"], rows["l5"], rows["l6"], rows["l7"] = (
        4,
        8,
        8,
        8,
        8,
        4,
        8,
        8,
    )
    rows["series"] = chunk.series_id
    rows["bucket"] = minute[starts] * _MINUTE_US
    if len(starts):
        rows["min"] = np.minimum.reduceat(values, starts)
        rows["max"] = np.maximum.reduceat(values, starts)
        rows["sum"] = np.add.reduceat(values, starts)
    rows["count"] = ends - starts
    rows["last"] = values[ends - 1]
    rows["last_ts"] = micros[ends - 1]
    return rows.tobytes()


async def is_natively_partitioned(session: AsyncSession) -> bool:
    found = await session.scalar(
        text("SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = 'samples'")
    )
    return found is not None


async def ensure_partitions(session: AsyncSession, start: datetime, end: datetime) -> list[str]:
    """Create the daily partitions covering [start, end) that are missing; returns the new ones.

    Run in a short transaction of its own: creating a partition locks the parent table briefly.
    """
    if not await is_natively_partitioned(session):
        return []  # a TimescaleDB hypertable makes its chunks itself
    # Two loaders creating the same day at once would collide; take turns.
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('slipway.samples.partitions'))"))
    existing = set(
        await session.scalars(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'samples'"
            )
        )
    )
    created = []
    day = datetime(start.year, start.month, start.day, tzinfo=UTC)
    while day < end:
        name = f"samples_p{day:%Y%m%d}"
        if name not in existing:
            await session.execute(
                text(
                    f"CREATE TABLE {name} PARTITION OF samples FOR VALUES FROM ('{day.isoformat()}') "
                    f"TO ('{(day + timedelta(days=1)).isoformat()}')"
                )
            )
            created.append(name)
        day += timedelta(days=1)
    return created


async def copy_in(session: AsyncSession, chunks: Iterable[SeriesChunk], *, rollups: list[bytes] | None = None) -> int:
    """COPY the chunks into samples in binary, one chunk in memory at a time; returns the rows written.

    With `rollups`, each chunk's minute rollups are computed on the way and appended to it.
    """
    raw = await _driver(session)
    rows = 0

    async def source() -> AsyncIterator[bytes]:
        nonlocal rows
        yield _PGCOPY_HEADER
        for chunk in chunks:
            rows += len(chunk.values)
            if rollups is not None:
                rollups.append(encode_rollups(chunk))
            yield encode_binary(chunk)
        yield _PGCOPY_TRAILER

    await raw.copy_to_table(
        "samples", source=source(), columns=["series_id", "ts", "value", "quality"], format="binary"
    )
    return rows


async def copy_rollups(session: AsyncSession, encoded: list[bytes]) -> None:
    """COPY rollups made by encode_rollups into samples_1m."""
    raw = await _driver(session)

    async def source() -> AsyncIterator[bytes]:
        yield _PGCOPY_HEADER
        for block in encoded:
            yield block
        yield _PGCOPY_TRAILER

    await raw.copy_to_table(
        "samples_1m",
        source=source(),
        format="binary",
        columns=["series_id", "bucket", "min", "max", "sum", "count", "last", "last_ts"],
    )


async def refresh_rollups(session: AsyncSession, series_ids: list[int], start: datetime, end: datetime) -> None:
    """Recompute the minute rollups of the minutes touching [start, end) from the samples."""
    await session.execute(
        text("""
        INSERT INTO samples_1m (series_id, bucket, min, max, sum, count, last, last_ts)
        SELECT series_id, date_bin(interval '1 minute', ts, :origin) AS bucket, min(value), max(value),
               sum(value), count(*), (array_agg(value ORDER BY ts DESC))[1], max(ts)
        FROM samples
        WHERE series_id = ANY(:ids) AND ts >= date_bin(interval '1 minute', :start, :origin)
          AND ts < date_bin(interval '1 minute', :end, :origin) + interval '1 minute'
        GROUP BY 1, 2
        ON CONFLICT (series_id, bucket) DO UPDATE SET min = EXCLUDED.min, max = EXCLUDED.max, sum = EXCLUDED.sum,
            count = EXCLUDED.count, last = EXCLUDED.last, last_ts = EXCLUDED.last_ts
    """),
        {"ids": series_ids, "start": start, "end": end, "origin": PG_EPOCH},
    )


@dataclass(frozen=True)
class Downsampled:
    series_id: int
    times_ms: list[float]  # bucket starts, epoch milliseconds: what a chart plots as it is
    min: list[float]
    max: list[float]
    avg: list[float]
    last: list[float]
    count: list[int]

    @property
    def buckets(self) -> list[str]:
        """Bucket starts as ISO-8601 UTC, whole seconds (formatted by numpy, not one datetime per point)."""
        stamps = np.array(self.times_ms, dtype=np.int64).astype("datetime64[ms]").astype("datetime64[s]")
        return [f"{t}Z" for t in np.datetime_as_string(stamps, unit="s")]


# Bucket starts leave Postgres as epoch milliseconds in float8 arrays: no text to format or parse.
_COLUMNS = """
SELECT series_id, array_agg(date_part('epoch', b) * 1000 ORDER BY b), array_agg(mn ORDER BY b),
       array_agg(mx ORDER BY b), array_agg(av ORDER BY b), array_agg(lst ORDER BY b), array_agg(n ORDER BY b)
"""
# Per bucket: min, max, sum, count and the last value with its time, from any mix of raw samples and
# minute rollups; both halves aggregate alike, so a chart is exact wherever its edges fall.
_RAW_PART = """
    SELECT series_id, date_bin(:bucket, ts, :origin) AS b, value AS mn, value AS mx, value AS sm,
           1::bigint AS n, value AS lst, ts AS lts
    FROM samples WHERE series_id = ANY(:ids) AND ts >= :start AND ts < :end
"""
_EDGES_PART = """
    SELECT series_id, date_bin(:bucket, ts, :origin) AS b, value AS mn, value AS mx, value AS sm,
           1::bigint AS n, value AS lst, ts AS lts
    FROM samples WHERE series_id = ANY(:ids)
      AND ((ts >= :start AND ts < :mid_start) OR (ts >= :mid_end AND ts < :end))
    UNION ALL
    SELECT series_id, date_bin(:bucket, bucket, :origin), min, max, sum, count::bigint, last, last_ts
    FROM samples_1m WHERE series_id = ANY(:ids) AND bucket >= :mid_start AND bucket < :mid_end
"""
_DOWNSAMPLE = (
    """
WITH parts AS ({parts}),
agg AS (
    SELECT series_id, b, min(mn) AS mn, max(mx) AS mx, sum(sm) / sum(n) AS av,
           (array_agg(lst ORDER BY lts DESC))[1] AS lst, sum(n)::bigint AS n
    FROM parts GROUP BY series_id, b
)
"""
    + _COLUMNS
    + "FROM agg GROUP BY series_id"
)
# Buckets exactly one rollup wide (the automatic choice for a day): each rollup row already is a
# bucket, read in primary-key order (no sort, no merge). The raw edges fall in buckets of their own,
# before and after the rollups, and come from a second, small statement.
_ROLLUP_WIDE = (
    _COLUMNS
    + """
FROM (SELECT series_id, bucket AS b, min AS mn, max AS mx, sum / count AS av, last AS lst, count::bigint AS n
      FROM samples_1m WHERE series_id = ANY(:ids) AND bucket >= :mid_start AND bucket < :mid_end) r
GROUP BY series_id
"""
)
_RAW_EDGES = (
    _COLUMNS
    + """
FROM (SELECT series_id, date_bin(:bucket, ts, :origin) AS b, min(value) AS mn, max(value) AS mx, avg(value) AS av,
             (array_agg(value ORDER BY ts DESC))[1] AS lst, count(*) AS n
      FROM samples WHERE series_id = ANY(:ids)
        AND ((ts >= :start AND ts < :mid_start) OR (ts >= :mid_end AND ts < :end))
      GROUP BY 1, 2) e
GROUP BY series_id
"""
)


async def downsample(
    session: AsyncSession, series_ids: list[int], start: datetime, end: datetime, bucket_seconds: int
) -> dict[int, Downsampled]:
    """min/max/avg/last per bucket of each series over [start, end); buckets aligned to PG_EPOCH."""
    params: dict = {
        "ids": series_ids,
        "start": start,
        "end": end,
        "origin": PG_EPOCH,
        "bucket": timedelta(seconds=bucket_seconds),
    }
    mid_start, mid_end = _ceil_minute(start), _floor_minute(end)
    if bucket_seconds % ROLLUP_SECONDS != 0 or mid_start >= mid_end:
        rows = await session.execute(text(_DOWNSAMPLE.format(parts=_RAW_PART)), params)
        return {r[0]: Downsampled(r[0], *r[1:]) for r in rows}
    params.update(mid_start=mid_start, mid_end=mid_end)
    if bucket_seconds != ROLLUP_SECONDS:
        rows = await session.execute(text(_DOWNSAMPLE.format(parts=_EDGES_PART)), params)
        return {r[0]: Downsampled(r[0], *r[1:]) for r in rows}
    found = {r[0]: Downsampled(r[0], *r[1:]) for r in await session.execute(text(_ROLLUP_WIDE), params)}
    if (start, end) == (mid_start, mid_end):
        return found
    for r in await session.execute(text(_RAW_EDGES), params):
        found[r[0]] = _with_edges(found.get(r[0]), Downsampled(r[0], *r[1:]), mid_start)
    return found


def _with_edges(middle: Downsampled | None, edges: Downsampled, mid_start: datetime) -> Downsampled:
    """The rollup buckets with the raw edge buckets around them (those before `mid_start` go first)."""
    if middle is None:
        return edges
    cut = sum(1 for t in edges.times_ms if t < mid_start.timestamp() * 1000)

    def around(e: list, m: list) -> list:
        return e[:cut] + m + e[cut:]

    return Downsampled(
        middle.series_id,
        around(edges.times_ms, middle.times_ms),
        around(edges.min, middle.min),
        around(edges.max, middle.max),
        around(edges.avg, middle.avg),
        around(edges.last, middle.last),
        around(edges.count, middle.count),
    )


def _floor_minute(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


def _ceil_minute(t: datetime) -> datetime:
    floor = _floor_minute(t)
    return floor if floor == t else floor + timedelta(minutes=1)


async def estimate_rows(session: AsyncSession, series_ids: list[int], start: datetime, end: datetime) -> int:
    """Rows in range from the minute rollups (cheap; exact up to the two edge minutes), for progress."""
    found = await session.scalar(
        text(
            "SELECT coalesce(sum(count), 0) FROM samples_1m WHERE series_id = ANY(:ids) "
            "AND bucket >= date_bin(interval '1 minute', :start, :origin) AND bucket < :end"
        ),
        {"ids": series_ids, "start": start, "end": end, "origin": PG_EPOCH},
    )
    return int(found or 0)


# One row per sample, self-describing for a person with a spreadsheet: the asset and the tag by name, the
# tag's unit (empty when it has none), the time as ISO 8601 UTC with milliseconds (2026-12-07T15:40:00.000Z),
# the value and its quality flag. Tags in the order given (by name), each tag's samples in time order: the
# lateral index scans stream without a sort, so COPY starts sending at once and never holds the result.
EXPORT_QUERY = """
SELECT $4::text AS asset, x.name AS tag, nullif(x.unit, '') AS unit,
       to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, s.value, s.quality
FROM unnest($1::int[], $2::text[], $3::text[]) WITH ORDINALITY AS x(series_id, name, unit, ord)
CROSS JOIN LATERAL (
    SELECT ts, value, quality FROM samples
    WHERE series_id = x.series_id AND ts >= $5 AND ts < $6 ORDER BY ts
) s
ORDER BY x.ord, s.ts
"""


async def prepare_export_session(session: AsyncSession) -> None:
    """Fix the text forms COPY writes, whatever the server's defaults (exact floats; times are formatted
    by the query itself)."""
    await session.execute(text("SET LOCAL extra_float_digits = 1"))


async def copy_out_csv(
    session: AsyncSession,
    *,
    asset: str,
    series_ids: list[int],
    names: list[str],
    units: list[str],
    start: datetime,
    end: datetime,
    output,
) -> None:
    """COPY the export query as CSV with a header, handing each chunk to `output` as it arrives."""
    raw = await _driver(session)
    await raw.copy_from_query(
        EXPORT_QUERY, series_ids, names, units, asset, start, end, output=output, format="csv", header=True
    )


async def _driver(session: AsyncSession):
    connection = await session.connection()
    # SQLAlchemy's asyncpg adapter opens the transaction lazily at the first statement it runs
    # itself; without one, a COPY on the raw connection would commit on its own.
    await connection.exec_driver_sql("SELECT 1")
    raw = await connection.get_raw_connection()
    return raw.driver_connection
