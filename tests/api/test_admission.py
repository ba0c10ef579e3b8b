"""A burst waits its turn in arrival order instead of failing, and only a wait past the admission timeout is
a 503; /healthz is never in the queue."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import text

from backend.identity.roles import Role
from tests.conftest import start_api, stop_process

ME = {"query": "query Me { me { email } }"}


async def test_requests_past_the_running_limit_wait_their_turn(servers, tenant, sessionmaker, tmp_path) -> None:
    api = start_api(
        servers, tmp_path / "api.log", SLIPWAY_API_MAX_RUNNING_REQUESTS="1", SLIPWAY_API_ADMISSION_TIMEOUT_SECONDS="1"
    )
    headers = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    try:
        async with httpx.AsyncClient(base_url=api.base_url, timeout=60) as http:
            async with sessionmaker() as blocker:
                await blocker.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))  # the running one sticks
                running = asyncio.create_task(http.post("/graphql", json=ME, headers=headers))
                await asyncio.sleep(0.5)
                waited_too_long = await http.post("/graphql", json=ME, headers=headers)
                queued = asyncio.create_task(http.post("/graphql", json=ME, headers=headers))
                health = await http.get("/healthz")
                await asyncio.sleep(0.3)
                await blocker.rollback()  # within the queued one's second: it gets its turn
            first, second = await asyncio.gather(running, queued)
    finally:
        stop_process(api.process)
    assert waited_too_long.status_code == 503 and waited_too_long.headers["retry-after"]
    error = waited_too_long.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE" and "waited 1 s for its turn" in error["message"]
    assert health.status_code == 200
    assert (first.status_code, second.status_code) == (200, 200)
