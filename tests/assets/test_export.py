"""History exports: the file equals a COPY of the same rows, idempotency, ownership, permissions, audit."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import asyncpg
import httpx
import numpy as np
import pytest
from sqlalchemy import text

from backend.assets.loading import load_samples
from backend.assets.samples_repository import SeriesChunk
from backend.identity.roles import Role
from backend.kit import ids
from tests.support.assets import CREATE_ASSET, CREATE_TAG, EXPORT, EXPORT_STATE, iso, series_of, wait_export

MY_EXPORTS = """
query MyExports($all: Boolean!) { myExports(allUsers: $all, first: 50) { edges { node { id status } } } }"""
RETRY = "mutation Retry($id: ID!) { retryExport(id: $id) { id status } }"

# What the export must hold: the same rows, tags by name, then time (read as values, not as COPY's text).
REFERENCE = """
SELECT a.name AS asset, t.name AS tag, t.unit, s.ts, s.value, s.quality
FROM samples s JOIN tags t ON t.series_id = s.series_id JOIN assets a ON a.id = t.asset_id
WHERE t.asset_id = $1 AND t.name = ANY($2::text[]) AND s.ts >= $3 AND s.ts < $4
ORDER BY t.name, s.ts
"""
HEADER = b"asset,tag,unit,time,value,quality"
ISO_MS_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


async def reference_rows(servers, asset_gid: str, tags: list[str], start, end) -> list[tuple]:
    conn = await asyncpg.connect(servers.settings.libpq_url)
    try:
        found = await conn.fetch(REFERENCE, ids.decode("Asset", asset_gid), tags, start, end)
    finally:
        await conn.close()
    return [(r["asset"], r["tag"], r["unit"], r["ts"], r["value"], r["quality"]) for r in found]


def parsed(body: bytes) -> list[tuple]:
    """The file's rows read the way a notebook would: csv, fromisoformat, float, int."""
    lines = list(csv.reader(io.StringIO(body.decode())))[1:]
    for line in lines:
        assert ISO_MS_UTC.fullmatch(line[3]), line
    return [(a, t, u, datetime.fromisoformat(ts), float(v), int(q)) for a, t, u, ts, v, q in lines]


def to_ms(row: tuple) -> tuple:
    asset, tag, unit, ts, value, quality = row
    return asset, tag, unit, ts.replace(microsecond=ts.microsecond // 1000 * 1000), value, quality


async def download(url: str) -> bytes:
    return (await fetch(url)).content


async def fetch(url: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=60) as http:
        answer = await http.get(url)
    assert answer.status_code == 200, answer.text[:300]
    return answer


async def test_an_export_holds_the_same_rows_as_the_database_after_its_header(tenant, loaded, worker, servers) -> None:
    start = loaded.start + timedelta(minutes=7, seconds=3, milliseconds=120)
    end = loaded.end - timedelta(hours=1, seconds=11)
    client = tenant.client(Role.DATA_SCIENTIST)
    asked = (
        await client.execute(
            EXPORT,
            {
                "assetId": loaded.id,
                "from": iso(start),
                "to": iso(end),
                "tags": ["vibration", "flow"],
                "key": str(uuid.uuid4()),
            },
        )
    ).ok()
    export = asked["exportHistory"]
    assert export["status"] == "QUEUED" and export["downloadUrl"] is None
    done = await wait_export(client, export["id"])
    assert done["status"] == "SUCCEEDED", done
    body = await download(done["downloadUrl"])
    assert body.partition(b"\n")[0] == HEADER
    expected = await reference_rows(servers, loaded.id, ["flow", "vibration"], start, end)
    assert parsed(body) == [to_ms(r) for r in expected]
    assert done["rowCount"] == len(expected) > 10_000
    assert done["sizeBytes"] == len(body)
    assert done["sha256"] == hashlib.sha256(body).hexdigest()
    assert done["progress"] == 1.0


async def test_the_csv_names_asset_and_units_with_iso_times_and_the_file_after_the_asset_and_range(
    tenant, sessionmaker, worker
) -> None:
    admin = tenant.client(Role.ADMIN)
    asset = (await admin.execute(CREATE_ASSET, {"input": {"name": 'Pumpe Süd/7, "B"', "site": "x"}})).ok()
    asset_id = asset["createAsset"]["id"]
    tag_ids = {}
    for name, unit in (("temp", "°C"), ("count", ""), ("head", "m, water")):
        made = (await admin.execute(CREATE_TAG, {"input": {"assetId": asset_id, "name": name, "unit": unit}})).ok()
        tag_ids[name] = made["createTag"]["id"]
    series = await series_of(sessionmaker, tag_ids)
    start = datetime(2026, 12, 6, tzinfo=UTC)
    chunks = [
        SeriesChunk(
            series["temp"], np.array([start.timestamp() + 0.25, start.timestamp() + 3600]), np.array([61.5, 62.0])
        ),
        SeriesChunk(series["count"], np.array([start.timestamp() + 86399.999]), np.array([3.0])),
        SeriesChunk(series["head"], np.array([start.timestamp() + 60]), np.array([1e-7])),
    ]
    await load_samples(sessionmaker, chunks, start=start, end=start + timedelta(days=1))
    client = tenant.client(Role.DATA_SCIENTIST)
    variables = {"assetId": asset_id, "from": iso(start), "to": iso(start + timedelta(days=1)), "tags": None}
    export = (await client.execute(EXPORT, {**variables, "key": "readable"})).ok()["exportHistory"]
    done = await wait_export(client, export["id"])
    assert done["status"] == "SUCCEEDED", done
    answer = await fetch(done["downloadUrl"])
    assert answer.content.decode().splitlines() == [
        "asset,tag,unit,time,value,quality",
        '"Pumpe Süd/7, ""B""",count,,2026-12-06T23:59:59.999Z,3,0',
        '"Pumpe Süd/7, ""B""",head,"m, water",2026-12-06T00:01:00.000Z,1e-07,0',
        '"Pumpe Süd/7, ""B""",temp,°C,2026-12-06T00:00:00.250Z,61.5,0',
        '"Pumpe Süd/7, ""B""",temp,°C,2026-12-06T01:00:00.000Z,62,0',
    ]
    disposition = answer.headers["content-disposition"]
    name = "Pumpe-Süd-7-B_2026-12-06T00-00Z_2026-12-07T00-00Z.csv"
    assert disposition == (
        'attachment; filename="Pumpe-S_d-7-B_2026-12-06T00-00Z_2026-12-07T00-00Z.csv"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )
    assert "/exports/" in urlsplit(done["downloadUrl"]).path  # the object itself keeps its unique key

    # A range that does not start on a whole minute keeps its seconds in the name.
    odd = (
        await client.execute(
            EXPORT,
            {**variables, "from": iso(start + timedelta(seconds=30)), "tags": ["temp"], "key": "odd"},
        )
    ).ok()["exportHistory"]
    odd = await wait_export(client, odd["id"])
    assert odd["rowCount"] == 1
    query = parse_qs(urlsplit(odd["downloadUrl"]).query)
    assert query["response-content-disposition"][0].endswith("_2026-12-06T00-00-30Z_2026-12-07T00-00Z.csv")


async def test_the_download_link_is_short_lived_and_new_on_each_read(tenant, loaded, worker) -> None:
    client = tenant.client(Role.ML_ENGINEER)
    export = (
        await client.execute(
            EXPORT,
            {"assetId": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), "tags": ["pressure"], "key": "k1"},
        )
    ).ok()["exportHistory"]
    first = (await wait_export(client, export["id"]))["downloadUrl"]
    time.sleep(1.1)  # signatures carry the second they were made
    second = (await client.execute(EXPORT_STATE, {"id": export["id"]})).ok()["historyExport"]["downloadUrl"]
    assert first != second
    query = parse_qs(urlsplit(second).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert f"/sandbox/{tenant.users[Role.ML_ENGINEER].id}/exports/" in urlsplit(second).path
    assert urlsplit(second).path.split("/")[2] == str(tenant.id)  # /bucket/{tenant}/sandbox/...
    assert query["response-content-disposition"] == [
        'attachment; filename="pump_2026-03-01T05-17-23Z_2026-03-01T11-17-23Z.csv"'
    ]
    assert await download(first) == await download(second)


async def test_the_same_idempotency_key_returns_the_same_export(tenant, loaded, sessionmaker) -> None:
    client = tenant.client(Role.DATA_SCIENTIST)
    variables = {"assetId": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), "tags": None, "key": "same"}
    first, again = await asyncio.gather(client.execute(EXPORT, variables), client.execute(EXPORT, variables))
    assert first.ok()["exportHistory"]["id"] == again.ok()["exportHistory"]["id"]
    other = (await client.execute(EXPORT, {**variables, "key": "other"})).ok()["exportHistory"]["id"]
    assert other != first.ok()["exportHistory"]["id"]  # the same range twice is allowed under a new key
    changed = await client.execute(EXPORT, {**variables, "tags": ["flow"]})
    assert changed.codes == ["CONFLICT"]
    mine = (await client.execute(MY_EXPORTS, {"all": False})).ok()["myExports"]["edges"]
    assert sorted(e["node"]["id"] for e in mine) == sorted([first.ok()["exportHistory"]["id"], other])
    async with sessionmaker() as session:
        audited = await session.scalar(
            text("SELECT count(*) FROM audit_log WHERE tenant_id = :t AND action = 'history.export.requested'"),
            {"t": tenant.id},
        )
    assert audited == 2


async def test_an_export_belongs_to_its_requester_and_the_admins(tenant, other_tenant, loaded) -> None:
    owner = tenant.client(Role.DATA_SCIENTIST)
    export_id = (
        await owner.execute(
            EXPORT,
            {"assetId": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), "tags": ["flow"], "key": "mine"},
        )
    ).ok()["exportHistory"]["id"]
    colleague = await tenant.client(Role.ML_ENGINEER).execute(EXPORT_STATE, {"id": export_id})
    assert colleague.codes == ["NOT_FOUND"]
    assert (await tenant.client(Role.ML_ENGINEER).execute(RETRY, {"id": export_id})).codes == ["NOT_FOUND"]
    stranger = await other_tenant.client(Role.ADMIN).execute(EXPORT_STATE, {"id": export_id})
    assert stranger.codes == ["NOT_FOUND"]
    admin = tenant.client(Role.ADMIN)
    assert (await admin.execute(EXPORT_STATE, {"id": export_id})).ok()["historyExport"]["id"] == export_id
    everyone = (await admin.execute(MY_EXPORTS, {"all": True})).ok()["myExports"]["edges"]
    assert export_id in [e["node"]["id"] for e in everyone]
    assert (await admin.execute(MY_EXPORTS, {"all": False})).ok()["myExports"]["edges"] == []
    assert (await owner.execute(MY_EXPORTS, {"all": True})).codes == ["FORBIDDEN"]
    # Only a FAILED export can be retried.
    assert (await owner.execute(RETRY, {"id": export_id})).codes == ["CONFLICT"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.DATA_SCIENTIST, True),
        (Role.ML_ENGINEER, True),
        (Role.ADMIN, True),
        (Role.VIEWER, False),
        (Role.LABELER, False),
    ],
)
async def test_who_may_export(tenant, loaded, role, allowed) -> None:
    answer = await tenant.client(role).execute(
        EXPORT, {"assetId": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), "tags": None, "key": "k"}
    )
    if allowed:
        assert answer.ok()["exportHistory"]["status"] == "QUEUED"
    else:
        assert answer.codes == ["FORBIDDEN"]


async def test_another_tenants_asset_cannot_be_exported(tenant, other_tenant, loaded) -> None:
    answer = await other_tenant.client(Role.DATA_SCIENTIST).execute(
        EXPORT, {"assetId": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), "tags": None, "key": "x"}
    )
    assert answer.codes == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"}, "from"),
        ({"tags": ["nope"]}, "tags"),
        ({"key": ""}, "idempotencyKey"),
    ],
)
async def test_bad_export_requests_are_refused_with_the_field(tenant, loaded, variables, field) -> None:
    answer = await tenant.client(Role.DATA_SCIENTIST).execute(
        EXPORT,
        {"assetId": loaded.id, "from": iso(loaded.start), "to": iso(loaded.end), "tags": None, "key": "k", **variables},
    )
    assert answer.codes == ["BAD_USER_INPUT"]
    assert answer.body["errors"][0]["extensions"]["field"] == field
