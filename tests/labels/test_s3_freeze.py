"""Label saves stuck on a frozen S3 hold no database connection: `me` keeps answering on a pool of 2."""

from __future__ import annotations

import asyncio
import time

import httpx

from backend.identity.roles import Role
from tests.conftest import start_api, stop_process
from tests.faults import TcpProxy

ME = {"query": "query Me { me { email } }"}


async def test_saves_stuck_on_a_frozen_s3_leave_the_pool_free(servers, tenant, labeling, tmp_path) -> None:
    case = await labeling.create_case(seed=7)
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(
        servers,
        tmp_path / "api.log",
        SLIPWAY_S3_ENDPOINT=proxy.url,
        SLIPWAY_DATABASE_POOL_SIZE="2",
        SLIPWAY_DATABASE_POOL_TIMEOUT_SECONDS="5",
        SLIPWAY_S3_CALL_TIMEOUT_SECONDS="30",
        SLIPWAY_S3_READ_TIMEOUT_SECONDS="30",
    )
    through = type(labeling)(tenant, api.base_url)
    headers = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    try:
        proxy.freeze()
        saves = [
            asyncio.create_task(through.save(case, through.edit(case, step=i + 1), base=case.label_id))
            for i in range(10)
        ]
        await asyncio.sleep(3)  # past the burst of authentications: every save is waiting on S3 by now
        me = []
        async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as http:
            for _ in range(5):
                started = time.monotonic()
                answer = await http.post("/graphql", json=ME, headers=headers)
                me.append((answer.status_code, round(time.monotonic() - started, 2)))
                await asyncio.sleep(0.3)
        proxy.restore()
        answers = await asyncio.gather(*saves)
    finally:
        stop_process(api.process)
        proxy.stop()
    assert [status for status, _ in me] == [200] * 5, me
    # All ten started from the same base: once S3 thaws one wins, the others learn the case moved on.
    codes = sorted(tuple(answer.codes) for answer in answers)
    assert codes == [()] + [("CONFLICT",)] * 9, [answer.body for answer in answers]
