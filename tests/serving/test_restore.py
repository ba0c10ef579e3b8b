"""A restarted shared model server loads the routes Postgres says are LIVE before it reports ready."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import httpx

from backend.deployments.models import Deployment
from backend.deployments.traffic import live_routes
from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.registry import repository as registry
from backend.serving.restore import restore_routes
from backend.serving.state import Restore
from backend.serving.traffic import RouteTable
from tests.serving import models
from tests.serving.test_preload import BODY, _serve
from tests.support.processes import stop_process
from tests.support.serving import Version, validated


async def _live_in_production(sessionmaker, tenant, version: Version) -> None:
    """The rows a finished DIRECT rollout leaves: what the server reads at start."""
    async with transaction(sessionmaker) as session:
        row = await registry.version_in_tenant(session, tenant.id, version.id)
        assert row is not None
        session.add(
            Deployment(
                tenant_id=tenant.id,
                model_id=row.model_id,
                version_id=version.id,
                environment="PRODUCTION",
                strategy="DIRECT",
                status="LIVE",
                desired="LIVE",
                phase="switch",
                traffic_percent=100,
                created_by=tenant.users[Role.ADMIN].id,
            )
        )


async def test_a_restarted_server_is_not_ready_until_its_live_routes_answer(
    servers, sessionmaker, tenant, worker, tmp_path
) -> None:
    version = await validated(tenant, models.logistic())
    await _live_in_production(sessionmaker, tenant, version)
    log = tmp_path / "serve.log"
    process, url = _serve(servers, log)  # no worker drives this one: only its own restore can route
    route = f"{version.model}-production"
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    seen: list[int] = []
    try:
        deadline = time.monotonic() + 120
        with httpx.Client(base_url=url, timeout=30) as http:
            while True:
                assert time.monotonic() < deadline, f"never ready: {seen[-1:]}, log: {log.read_text()[-2000:]}"
                assert process.poll() is None, log.read_text()
                try:
                    ready = http.get("/v2/health/ready")
                except httpx.TransportError:
                    time.sleep(0.05)
                    continue
                seen.append(ready.status_code)
                if ready.status_code == 200:
                    assert ready.json() == {"ready": True}
                    break
                assert ready.status_code == 503 and ready.json()["ready"] is False, ready.text
                time.sleep(0.02)
            assert 503 in seen, seen  # the restore takes a download and a session build: a probe sees it
            # At the first ready, production traffic already finds its version.
            answer = http.post(f"/v2/models/{route}/infer", json=BODY, headers=headers)
            assert answer.status_code == 200, answer.text
            assert answer.headers["x-slipway-version"] == version.served_name
        assert "LIVE routes restored" in log.read_text()
    finally:
        stop_process(process)


async def test_without_postgres_the_restore_gives_up_waiting_says_why_and_stays_not_ready(caplog) -> None:
    # Pure logic: a sessionmaker that cannot connect stands for Postgres being away at start.
    def unreachable() -> object:
        raise OSError("connection refused")

    state = SimpleNamespace(
        settings=SimpleNamespace(runtime="local"), sessionmaker=unreachable, restore=Restore(), routes=RouteTable()
    )
    task = asyncio.create_task(restore_routes(state, live_routes, give_up_after=0))  # type: ignore[arg-type]
    try:
        async with asyncio.timeout(10):
            while not state.restore.gave_up:
                await asyncio.sleep(0.01)
    finally:
        task.cancel()
    assert not state.restore.done  # ready stays 503 until the worker's first route push
    assert "Waiting for Postgres" in state.restore.waiting_for and "connection refused" in state.restore.waiting_for
    assert "ready once the worker pushes a route" in caplog.text
