"""When Postgres goes away the API says UNAVAILABLE with a 503, and recovers by itself."""

from __future__ import annotations

import asyncio
import time

import httpx
from sqlalchemy import text

from backend.db.migrate import upgrade
from backend.embedded.postgres import EmbeddedPostgres
from backend.identity import service
from backend.identity.roles import Role
from backend.kit.db import run_in_transaction
from tests.conftest import start_api, stop_process
from tests.support.websocket import open_socket

ME = {"query": "query Me { me { email } }"}
MODELS = {"query": "query Models { models(first: 1) { edges { node { id } } } }"}


def test_postgres_down_answers_503_unavailable_then_recovers(servers, tmp_path) -> None:
    postgres = EmbeddedPostgres(tmp_path / "pg")
    url = postgres.start()
    own = servers.settings.model_copy(update={"database_url": url})
    upgrade(own.sqlalchemy_url)
    run_in_transaction(own, service.seed_demo)
    # A minute of trust in a checked token: stopping Postgres may take longer than the default five seconds.
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_DATABASE_URL=url, SLIPWAY_AUTH_CACHE_SECONDS="60")
    try:
        token = httpx.post(
            f"{api.base_url}/auth/token", json={"username": "admin@demo", "password": "slipway"}, timeout=30
        ).json()["access_token"]
        headers = {"authorization": f"Bearer {token}"}
        assert httpx.post(f"{api.base_url}/graphql", json=ME, headers=headers, timeout=30).status_code == 200

        postgres.stop()
        # `me` needs no database while its token is cached; a query that reads rows says Postgres is away.
        cached = httpx.post(f"{api.base_url}/graphql", json=ME, headers=headers, timeout=30)
        assert cached.status_code == 200, cached.text
        down = httpx.post(f"{api.base_url}/graphql", json=MODELS, headers=headers, timeout=30)
        assert down.status_code == 503, down.text
        assert down.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
        assert "retry" in down.json()["errors"][0]["message"]
        ready = httpx.get(f"{api.base_url}/readyz", timeout=30)
        assert ready.status_code == 503 and "postgres" in ready.json()["down"]

        postgres.start()
        back = httpx.post(f"{api.base_url}/graphql", json=ME, headers=headers, timeout=30)
        assert back.status_code == 200 and back.json()["data"]["me"]["email"] == "admin@demo"
    finally:
        stop_process(api.process)
        postgres.stop()


async def test_a_full_pool_answers_503_with_retry_after_and_sockets_1013(
    servers, tenant, sessionmaker, tmp_path
) -> None:
    # One pooled connection plus one overflow, and a short wait for them: two stuck requests fill the pool.
    api = start_api(
        servers, tmp_path / "api.log", SLIPWAY_DATABASE_POOL_SIZE="1", SLIPWAY_DATABASE_POOL_TIMEOUT_SECONDS="1"
    )
    headers = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    try:
        async with httpx.AsyncClient(base_url=api.base_url, timeout=60) as http, sessionmaker() as blocker:
            await blocker.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))  # every sign-in waits
            stuck = [asyncio.create_task(http.post("/graphql", json=ME, headers=headers)) for _ in range(2)]
            await asyncio.sleep(1)
            full = await http.post("/graphql", json=ME, headers=headers)
            token = await http.post(
                "/auth/token",
                json={"username": tenant.users[Role.VIEWER].email, "password": tenant.users[Role.VIEWER].password},
            )
            async with open_socket(api.base_url) as socket:
                await socket.init_raw(tenant.users[Role.VIEWER].token)
                code, reason = await socket.wait_closed(timeout=30)
            await blocker.rollback()
            answers = await asyncio.gather(*stuck)
        assert full.status_code == 503 and full.headers["retry-after"], full.text
        assert full.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
        assert token.status_code == 503 and token.headers["retry-after"], token.text
        assert token.json()["error"] == "temporarily_unavailable"
        assert code == 1013 and "again" in reason.lower()  # not 4403: the token is fine
        assert [a.status_code for a in answers] == [200, 200]  # the stuck requests finish once the lock goes
        # Overload is the operator's to see, not a crash: warnings, no ERROR tracebacks.
        assert not [line for line in api.log_lines() if '"level": "ERROR"' in line], api.log.read_text()[-3000:]
    finally:
        stop_process(api.process)


def test_postgres_restarting_under_load_answers_only_200_or_503(servers, tmp_path) -> None:
    postgres = EmbeddedPostgres(tmp_path / "pg")
    url = postgres.start()
    own = servers.settings.model_copy(update={"database_url": url})
    upgrade(own.sqlalchemy_url)
    run_in_transaction(own, service.seed_demo)
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_DATABASE_URL=url, SLIPWAY_DATABASE_POOL_TIMEOUT_SECONDS="2")
    try:
        answers = asyncio.run(_load_through_a_restart(api.base_url, postgres))
        # Read before stopping: what the API logs while it shuts down is not what this test judges.
        errors = [line for line in api.log_lines() if '"level": "ERROR"' in line]
    finally:
        stop_process(api.process)
        postgres.stop()
    statuses = {a.status_code for a in answers}
    assert statuses <= {200, 503}, [(a.status_code, a.text[:300]) for a in answers if a.status_code not in (200, 503)]
    unavailable = [a for a in answers if a.status_code == 503]
    assert unavailable, "Postgres restarted and no request noticed: the test did not test anything"
    assert all(a.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE" for a in unavailable)
    assert all(a.headers.get("retry-after") for a in unavailable)
    assert answers[-1].status_code == 200  # and it came back by itself
    assert not errors, errors[:3]


async def _load_through_a_restart(base_url: str, postgres: EmbeddedPostgres) -> list[httpx.Response]:
    """8 clients mixing `me` and a mutation while Postgres stops and starts again."""
    register = "mutation($n: String!) { registerModel(name: $n) { id } }"
    answers: list[httpx.Response] = []
    restarted = asyncio.Event()
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
        token = (await http.post("/auth/token", json={"username": "admin@demo", "password": "slipway"})).json()[
            "access_token"
        ]
        headers = {"authorization": f"Bearer {token}"}

        async def client(i: int) -> None:
            n = 0
            while not restarted.is_set() or n < 5:  # keep going until well after Postgres is back
                n += 1
                body = ME if n % 2 else {"query": register, "variables": {"n": f"m-{i}-{n}"}}
                answers.append(await http.post("/graphql", json=body, headers=headers))
                await asyncio.sleep(0.05)

        async def restart() -> None:
            await asyncio.sleep(1)
            await asyncio.to_thread(postgres.stop)
            await asyncio.to_thread(postgres.start)
            await asyncio.sleep(1)
            restarted.set()

        await asyncio.gather(restart(), *(client(i) for i in range(8)))
    return answers


async def test_a_statement_past_its_deadline_is_a_503_naming_the_database(servers, tenant, sessionmaker, tmp_path):
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_DATABASE_STATEMENT_TIMEOUT_SECONDS="1")
    headers = {"authorization": f"Bearer {tenant.users[Role.ADMIN].token}"}
    try:
        async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as http:
            assert (await http.post("/graphql", json=ME, headers=headers)).status_code == 200  # token checked
            async with sessionmaker() as blocker:
                await blocker.execute(text("LOCK TABLE registered_models IN ACCESS EXCLUSIVE MODE"))
                started = time.monotonic()
                stuck = await http.post("/graphql", json=MODELS, headers=headers)
                waited = time.monotonic() - started
                await blocker.rollback()
            after = await http.post("/graphql", json=MODELS, headers=headers)
    finally:
        stop_process(api.process)
    assert stuck.status_code == 503, stuck.text
    error = stuck.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE" and "database did not finish in time" in error["message"]
    assert 0.9 < waited < 10
    assert after.status_code == 200 and "errors" not in after.json()
    assert not [line for line in api.log_lines() if '"level": "ERROR"' in line], api.log.read_text()[-3000:]
