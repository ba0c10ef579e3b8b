"""The export list filtered by status on the server: paged past a page, per user, admins' allUsers too."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from backend.assets.models import HistoryExport
from backend.identity.roles import Role
from backend.kit import ids
from backend.kit.db import transaction
from tests.support.assets import CREATE_ASSET

LIST = """query($status: ExportStatus, $all: Boolean!, $first: Int, $after: String) {
  myExports(status: $status, allUsers: $all, first: $first, after: $after) {
    edges { node { id status } } pageInfo { hasNextPage endCursor }
  }
}"""
STATUSES = ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED")


async def _seed(sessionmaker, tenant, role: Role, count: int) -> dict[str, list[str]]:
    """`count` exports of `role`'s user cycling through the statuses; their ids by status."""
    admin = tenant.client(Role.ADMIN)
    made = await admin.execute(CREATE_ASSET, {"input": {"name": f"exp-{secrets.token_hex(3)}", "site": "x"}})
    asset = ids.decode("Asset", made.ok()["createAsset"]["id"])
    now = datetime.now(UTC)
    by_status: dict[str, list[str]] = {s: [] for s in STATUSES}
    async with transaction(sessionmaker) as session:
        for n in range(count):
            status = STATUSES[n % len(STATUSES)]
            row = HistoryExport(
                tenant_id=tenant.id,
                requested_by=tenant.users[role].id,
                asset_id=asset,
                tag_ids=[],
                from_ts=now - timedelta(days=1),
                to_ts=now,
                format="CSV",
                idempotency_key=f"k{n}-{secrets.token_hex(4)}",
                status=status,
            )
            session.add(row)
            await session.flush()
            by_status[status].append(ids.encode("HistoryExport", row.id))
    return by_status


async def _walk(client, variables: dict, first: int) -> list[dict]:
    nodes, after = [], None
    for _ in range(30):
        page = (await client.execute(LIST, {**variables, "first": first, "after": after})).ok()["myExports"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the list never ended")


async def test_exports_filter_by_status_across_pages(sessionmaker, tenant) -> None:
    mine = await _seed(sessionmaker, tenant, Role.DATA_SCIENTIST, 26)
    theirs = await _seed(sessionmaker, tenant, Role.ML_ENGINEER, 8)
    client = tenant.client(Role.DATA_SCIENTIST)
    failed = await _walk(client, {"status": "FAILED", "all": False}, first=2)
    assert sorted(n["id"] for n in failed) == sorted(mine["FAILED"]) and len(failed) == 6
    assert {n["status"] for n in failed} == {"FAILED"}
    every = await _walk(client, {"status": None, "all": False}, first=10)
    assert len(every) == 26
    admin = tenant.client(Role.ADMIN)
    running = await _walk(admin, {"status": "RUNNING", "all": True}, first=3)
    assert sorted(n["id"] for n in running) == sorted(mine["RUNNING"] + theirs["RUNNING"])


async def test_a_bad_status_or_someone_elses_list_is_refused(tenant) -> None:
    client = tenant.client(Role.DATA_SCIENTIST)
    assert (await client.execute(LIST, {"status": "DONE", "all": False})).codes == ["BAD_USER_INPUT"]
    assert (await client.execute(LIST, {"status": "FAILED", "all": True})).codes == ["FORBIDDEN"]
    assert (await client.execute(LIST, {"status": "FAILED", "all": False, "first": 101})).codes == ["BAD_USER_INPUT"]
