"""A query's root fields resolve at once on one session: they must not race to check out its connection."""

from __future__ import annotations

import asyncio

from backend.identity.roles import Role
from backend.kit.db import PING_AFTER_IDLE_SECONDS

# Four root fields that each read Postgres first thing, as the overview's deployments block asks.
QUERY = "{ " + " ".join(f"m{i}: models(first: 1) {{ edges {{ node {{ id }} }} }}" for i in range(4)) + " }"


async def test_several_root_fields_at_once_on_fresh_connections_all_answer(tenant) -> None:
    client = tenant.client(Role.VIEWER)
    for _ in range(3):
        # Idle pooled connections are pinged at checkout, and busy ones make the pool open new ones: either
        # way the first checkout of each request waits, which is when a second root field used to collide.
        await asyncio.sleep(PING_AFTER_IDLE_SECONDS + 0.2)
        answers = await asyncio.gather(*(client.execute(QUERY) for _ in range(16)))
        assert [a.codes for a in answers] == [[]] * 16
        assert all(len(a.ok()) == 4 for a in answers)


async def test_a_lone_root_field_still_answers(tenant) -> None:
    answer = await tenant.client(Role.VIEWER).execute("{ me { email } }")
    assert answer.ok()["me"]["email"] == tenant.users[Role.VIEWER].email
