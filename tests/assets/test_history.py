"""Downsampled history against a plain SQL reference on random data, and its input checks."""

from __future__ import annotations

import base64
import math
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from tests.support.assets import iso

HISTORY = """
query History($id: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $bucket: Int) {
  asset(id: $id) {
    name
    history(from: $from, to: $to, tags: $tags, bucket: $bucket) {
      bucketSeconds
      series { tag { name } times timesMs min max avg last count packed { timesMs min max avg last count } }
    }
  }
}"""

# The reference: epoch arithmetic instead of date_bin, and DISTINCT ON instead of array_agg for `last`.
REFERENCE = text("""
WITH s AS (
    SELECT series_id, ts, value,
           floor((extract(epoch FROM ts) - 946684800) / :b) AS k
    FROM samples WHERE series_id = :sid AND ts >= :start AND ts < :end
), agg AS (
    SELECT k, min(value) AS mn, max(value) AS mx, avg(value) AS av, count(*) AS n FROM s GROUP BY k
), lst AS (
    SELECT DISTINCT ON (k) k, value AS last FROM s ORDER BY k, ts DESC
)
SELECT to_timestamp(946684800 + agg.k * :b) AS t, mn, mx, av, last, n
FROM agg JOIN lst USING (k) ORDER BY agg.k
""")


async def reference(sessionmaker, series_id: int, start, end, bucket: int) -> list[tuple]:
    async with sessionmaker() as session:
        rows = await session.execute(REFERENCE, {"sid": series_id, "start": start, "end": end, "b": bucket})
        return [tuple(r) for r in rows]


def assert_series_match(series: dict, expected: list[tuple]) -> None:
    assert len(series["times"]) == len(expected)
    assert series["times"] == [iso(r[0]) for r in expected]
    assert series["timesMs"] == [r[0].timestamp() * 1000 for r in expected]
    assert series["min"] == [r[1] for r in expected]
    assert series["max"] == [r[2] for r in expected]
    assert series["last"] == [r[4] for r in expected]
    assert series["count"] == [r[5] for r in expected]
    for got, want in zip(series["avg"], expected, strict=True):
        assert math.isclose(got, want[3], rel_tol=1e-9, abs_tol=1e-9)
    # The packed columns are the same doubles, bit for bit.
    for name, packed in series["packed"].items():
        assert np.frombuffer(base64.b64decode(packed), "<f8").tolist() == series[name], name


# 7 s buckets read raw samples; 60 s buckets read minute rollups as they are, 300 s ones merge
# them; both add raw samples at the unaligned edges. All must agree with the reference exactly.
@pytest.mark.parametrize("bucket", [7, 60, 300])
async def test_downsampling_matches_a_plain_sql_reference(tenant, loaded, sessionmaker, bucket) -> None:
    start = loaded.start + timedelta(minutes=13, seconds=17, milliseconds=250)
    end = loaded.end - timedelta(minutes=41, seconds=3, milliseconds=500)
    answer = await tenant.client(Role.DATA_SCIENTIST).execute(
        HISTORY, {"id": loaded.id, "from": iso(start), "to": iso(end), "tags": ["vibration", "flow"], "bucket": bucket}
    )
    history = answer.ok()["asset"]["history"]
    assert history["bucketSeconds"] == bucket
    assert [s["tag"]["name"] for s in history["series"]] == ["flow", "vibration"]
    for series in history["series"]:
        expected = await reference(sessionmaker, loaded.series[series["tag"]["name"]], start, end, bucket)
        assert len(expected) > 10
        assert_series_match(series, expected)


# Minute-aligned ends: the rollups alone answer, with no raw edge on either side.
async def test_a_minute_aligned_range_matches_the_reference(tenant, loaded, sessionmaker) -> None:
    start = loaded.start.replace(second=0) + timedelta(minutes=7)
    end = loaded.end.replace(second=0) - timedelta(minutes=3)
    answer = await tenant.client(Role.DATA_SCIENTIST).execute(
        HISTORY, {"id": loaded.id, "from": iso(start), "to": iso(end), "tags": ["flow"], "bucket": 60}
    )
    (series,) = answer.ok()["asset"]["history"]["series"]
    expected = await reference(sessionmaker, loaded.series["flow"], start, end, 60)
    assert series["timesMs"][0] == start.timestamp() * 1000 and len(expected) > 100
    assert_series_match(series, expected)


async def test_without_a_bucket_a_chart_gets_at_most_2000_points_per_tag(tenant, loaded, sessionmaker) -> None:
    answer = await tenant.client(Role.VIEWER).execute(
        HISTORY, {"id": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end)}
    )
    history = answer.ok()["asset"]["history"]
    # Six hours at <= 2000 points: 15 s is the narrowest nice width that fits.
    assert history["bucketSeconds"] == 15
    assert {s["tag"]["name"] for s in history["series"]} == {"flow", "pressure", "vibration"}
    for series in history["series"]:
        assert 1000 < len(series["times"]) <= 2000
        expected = await reference(sessionmaker, loaded.series[series["tag"]["name"]], loaded.start, loaded.end, 15)
        assert_series_match(series, expected)
    assert sum(sum(s["count"]) for s in history["series"]) == loaded.rows


@pytest.mark.parametrize(
    ("variables", "field", "words"),
    [
        ({"from": "2026-03-01T06:00:00Z", "to": "2026-03-01T05:00:00Z"}, "from", "must be before"),
        ({"from": "2026-03-01T06:00:00Z", "to": "2026-03-01T06:00:00Z"}, "from", "must be before"),
        ({"from": "2020-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, "to", "at most 366 days"),
        ({"tags": ["flow", "temperature"]}, "tags", "no tag 'temperature'"),
        ({"tags": []}, "tags", "is empty"),
        ({"bucket": 0}, "bucket", "at least 1"),
        ({"bucket": 1, "from": "2026-03-01T00:00:00Z", "to": "2026-03-03T00:00:00Z"}, "bucket", "wider bucket"),
    ],
)
async def test_bad_history_requests_say_what_is_wrong(tenant, loaded, variables, field, words) -> None:
    answer = await tenant.client(Role.DATA_SCIENTIST).execute(
        HISTORY, {"id": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), **variables}
    )
    assert answer.codes == ["BAD_USER_INPUT"], answer.body
    error = answer.body["errors"][0]
    assert words in error["message"]
    assert error["extensions"].get("field") == field


async def test_a_range_without_samples_gives_empty_series(tenant, loaded) -> None:
    answer = await tenant.client(Role.VIEWER).execute(
        HISTORY, {"id": loaded.id, "from": "2025-01-01T00:00:00Z", "to": "2025-01-02T00:00:00Z", "tags": ["flow"]}
    )
    series = answer.ok()["asset"]["history"]["series"]
    assert series == [
        {
            "tag": {"name": "flow"},
            **dict.fromkeys(["times", "timesMs", "min", "max", "avg", "last", "count"], []),
            "packed": dict.fromkeys(["timesMs", "min", "max", "avg", "last", "count"], ""),
        }
    ]


async def test_another_tenant_and_a_labeler_cannot_read_history(tenant, other_tenant, loaded) -> None:
    variables = {"id": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end)}
    stranger = await other_tenant.client(Role.ADMIN).execute(HISTORY, variables)
    assert stranger.codes == ["NOT_FOUND"]
    labeler = await tenant.client(Role.LABELER).execute(HISTORY, variables)
    assert labeler.codes == ["FORBIDDEN"]
