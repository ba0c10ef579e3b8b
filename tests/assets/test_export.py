"""History exports: the file equals a COPY of the same rows, idempotency, ownership, permissions, audit."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit import ids
from tests.support.assets import EXPORT, EXPORT_STATE, iso, wait_export

MY_EXPORTS = """
query MyExports($all: Boolean!) { myExports(allUsers: $all, first: 50) { edges { node { id status } } } }"""
RETRY = "mutation Retry($id: ID!) { retryExport(id: $id) { id status } }"

# What the export must equal: the same rows, as COPY writes them (UTC), tags by name, then time.
REFERENCE = """
SELECT t.name, s.ts, s.value, s.quality FROM samples s JOIN tags t ON t.series_id = s.series_id
WHERE t.asset_id = $1 AND t.name = ANY($2::text[]) AND s.ts >= $3 AND s.ts < $4
ORDER BY t.name, s.ts
"""


async def reference_copy(servers, asset_gid: str, tags: list[str], start, end) -> bytes:
    conn = await asyncpg.connect(servers.settings.libpq_url)
    chunks: list[bytes] = []

    async def keep(chunk: bytes) -> None:
        chunks.append(chunk)

    try:
        await conn.execute("SET TimeZone = 'UTC'")
        await conn.copy_from_query(
            REFERENCE, ids.decode("Asset", asset_gid), tags, start, end, output=keep, format="csv"
        )
    finally:
        await conn.close()
    return b"".join(chunks)


async def download(url: str) -> bytes:
    async with httpx.AsyncClient(timeout=60) as http:
        answer = await http.get(url)
    assert answer.status_code == 200, answer.text[:300]
    return answer.content


async def test_an_export_equals_a_copy_of_the_same_rows_after_its_header(tenant, loaded, worker, servers) -> None:
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
    header, _, rows = body.partition(b"\n")
    assert header == b"tag,ts,value,quality"
    expected = await reference_copy(servers, loaded.id, ["flow", "vibration"], start, end)
    assert rows == expected
    assert done["rowCount"] == expected.count(b"\n") > 10_000
    assert done["sizeBytes"] == len(body)
    assert done["sha256"] == hashlib.sha256(body).hexdigest()
    assert done["progress"] == 1.0


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
