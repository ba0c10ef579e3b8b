"""The audit log is append-only and tamper-evident: `slipway audit verify` finds an edited row."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.identity.roles import Role
from tests.support.processes import ROOT

PING = 'mutation { ping(message: "audited") { id } }'


def _verify(servers, tenant) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", "audit", "verify", "--tenant", tenant.slug],
        env=servers.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_every_mutation_appends_a_chained_row(tenant) -> None:
    for _ in range(3):
        (await tenant.client(Role.ML_ENGINEER).execute(PING)).ok()
    edges = (
        await tenant.client(Role.ADMIN).execute(
            'query { auditLog(action: "ping.requested") { edges { node { seq hash prevHash actorEmail requestId } } } }'
        )
    ).ok()["auditLog"]["edges"]
    rows = [e["node"] for e in reversed(edges)]
    assert len(rows) == 3
    assert all(r["actorEmail"] == tenant.users[Role.ML_ENGINEER].email and r["requestId"] for r in rows)
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)


async def test_the_audit_log_pages_with_cursors(tenant) -> None:
    for _ in range(3):
        (await tenant.client(Role.ADMIN).execute(PING)).ok()
    query = (
        "query Page($after: String) { auditLog(first: 2, after: $after) { edges { node { seq } } "
        "pageInfo { hasNextPage endCursor } } }"
    )
    admin = tenant.client(Role.ADMIN)
    seen, after = [], None
    while True:
        page = (await admin.execute(query, {"after": after})).ok()["auditLog"]
        seen += [e["node"]["seq"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(seen, reverse=True)
    assert seen == list(range(len(seen), 0, -1))  # every row once, tenant creation included


async def test_rows_cannot_be_updated_or_deleted(tenant, sessionmaker) -> None:
    async with sessionmaker() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(text("UPDATE audit_log SET action = 'x' WHERE tenant_id = :t"), {"t": tenant.id})
        await session.rollback()
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(text("DELETE FROM audit_log WHERE tenant_id = :t"), {"t": tenant.id})


async def test_verify_detects_an_edited_row(tenant, servers, sessionmaker) -> None:
    (await tenant.client(Role.ADMIN).execute(PING)).ok()
    clean = _verify(servers, tenant)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "ok" in clean.stdout

    async with sessionmaker() as session:
        # What an attacker with superuser rights would do: bypass the trigger and rewrite history.
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        await session.execute(
            text("UPDATE audit_log SET actor_email = 'someone-else@x' WHERE tenant_id = :t AND seq = 2"),
            {"t": tenant.id},
        )
        await session.commit()

    tampered = _verify(servers, tenant)
    assert tampered.returncode == 1
    assert "seq 2: contents do not match its hash" in tampered.stdout


async def test_verify_detects_deleted_newest_rows(tenant, servers, sessionmaker) -> None:
    (await tenant.client(Role.ADMIN).execute(PING)).ok()
    async with sessionmaker() as session:
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        last = await session.scalar(text("SELECT max(seq) FROM audit_log WHERE tenant_id = :t"), {"t": tenant.id})
        await session.execute(
            text("DELETE FROM audit_log WHERE tenant_id = :t AND seq = :s"), {"t": tenant.id, "s": last}
        )
        await session.commit()
    tampered = _verify(servers, tenant)
    assert tampered.returncode == 1
    assert "head says seq" in tampered.stdout


async def test_concurrent_mutations_keep_one_unbroken_chain(tenant, servers) -> None:
    answers = await asyncio.gather(*(tenant.client(Role.DATA_SCIENTIST).execute(PING) for _ in range(12)))
    assert all(a.status == 200 and not a.codes for a in answers)
    report = _verify(servers, tenant)
    assert report.returncode == 0, report.stdout + report.stderr
    assert f"{1 + len(Role) + 12} rows, ok" in report.stdout  # tenant, its users, the pings
