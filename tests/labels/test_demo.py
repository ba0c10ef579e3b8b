"""The demo seeder makes labeled phantom cases once, and nothing on a second run."""

from __future__ import annotations

from sqlalchemy import select

from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.labels.demo import seed_demo
from backend.labels.models import Case
from backend.storage.s3 import ObjectStore

CASES = "query { cases { edges { node { title labels { version } artifacts { kind } assignee { email } } } } }"


async def test_demo_cases_are_seeded_once(tenant, servers, sessionmaker) -> None:
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        async with transaction(sessionmaker) as session:
            assert await seed_demo(session, store, servers.settings, tenant_slug=tenant.slug, shape=(32, 32, 16)) == 3
        async with transaction(sessionmaker) as session:
            assert await seed_demo(session, store, servers.settings, tenant_slug=tenant.slug) == 0
            count = len(list(await session.scalars(select(Case.id).where(Case.tenant_id == tenant.id))))
    finally:
        await store.close()
    assert count == 3
    nodes = [e["node"] for e in (await tenant.client(Role.VIEWER).execute(CASES)).ok()["cases"]["edges"]]
    by_title = {n["title"]: n for n in nodes}
    a = by_title["Phantom A: sphere and blob"]
    assert [v["version"] for v in a["labels"]] == [2, 1] and a["assignee"]["email"] == tenant.users[Role.LABELER].email
    assert [x["kind"] for x in by_title["Phantom C: unlabeled"]["artifacts"]] == ["IMAGE"]
