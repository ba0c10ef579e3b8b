"""SLIPWAY_API_WORKERS runs that many API processes on one port, each a whole API of its own."""

from __future__ import annotations

import asyncio

import httpx
import psutil
from sqlalchemy import text

from backend.identity.roles import Role
from tests.conftest import start_api, stop_process

ME = {"query": "query Me { me { email } }"}


async def test_two_workers_each_start_a_whole_api_and_answer(servers, tenant, sessionmaker, tmp_path) -> None:
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_API_WORKERS="2")
    headers = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    try:
        workers = {child.pid for child in psutil.Process(api.process.pid).children() if "python" in child.name()}
        # uvicorn's supervisor may keep a helper process of its own; two of the children are API workers.
        listening: set[int] = set()
        for _ in range(100):
            async with sessionmaker() as session:
                names = await session.scalars(
                    text("select application_name from pg_stat_activity where application_name like 'slipway-api-%'")
                )
                listening = {int(n.split("-")[2]) for n in names if n.endswith("-listen")} & workers
            if len(listening) == 2:
                break
            await asyncio.sleep(0.2)
        async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as http:

            async def ask() -> httpx.Response:
                # Two cold workers on a loaded 2-core machine may turn a burst away with admission's coded,
                # retryable 503 (seen in CI): a client asks again, as ours do.
                for _ in range(10):
                    answer = await http.post("/graphql", json=ME, headers=headers)
                    if answer.status_code != 503:
                        return answer
                    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE", answer.text
                    await asyncio.sleep(0.5)
                return answer

            answers = await asyncio.gather(*(ask() for _ in range(20)))
    finally:
        stop_process(api.process)
    assert len(listening) == 2, f"each worker listens for events on its own connection: {listening} of {workers}"
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["data"]["me"]["email"] for a in answers} == {tenant.users[Role.VIEWER].email}
    # The supervisor's exit does not wait for its children's: give them a few seconds to follow it.
    for _ in range(50):
        left = [p for p in workers if _alive(p)]
        if not left:
            break
        await asyncio.sleep(0.1)
    assert not left


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
