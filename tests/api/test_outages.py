"""When Postgres goes away the API says UNAVAILABLE with a 503, and recovers by itself."""

from __future__ import annotations

import httpx

from backend.db.migrate import upgrade
from backend.embedded.postgres import EmbeddedPostgres
from backend.identity import service
from backend.kit.db import run_in_transaction
from tests.conftest import start_api, stop_process

ME = {"query": "query Me { me { email } }"}


def test_postgres_down_answers_503_unavailable_then_recovers(servers, tmp_path) -> None:  # noqa: ANN001
    postgres = EmbeddedPostgres(tmp_path / "pg")
    url = postgres.start()
    own = servers.settings.model_copy(update={"database_url": url})
    upgrade(own.sqlalchemy_url)
    run_in_transaction(own, service.seed_demo)
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_DATABASE_URL=url)
    try:
        token = httpx.post(f"{api.base_url}/auth/token", json={"username": "admin@demo", "password": "slipway"},
                           timeout=30).json()["access_token"]
        headers = {"authorization": f"Bearer {token}"}
        assert httpx.post(f"{api.base_url}/graphql", json=ME, headers=headers, timeout=30).status_code == 200

        postgres.stop()
        down = httpx.post(f"{api.base_url}/graphql", json=ME, headers=headers, timeout=30)
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
