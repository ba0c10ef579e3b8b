"""Liveness, readiness and metrics, including a stopped S3."""

from __future__ import annotations

import httpx

from backend.embedded.seaweed import EmbeddedS3
from backend.identity.roles import Role
from tests.conftest import start_api, stop_process


async def test_healthz_and_readyz_when_everything_is_up(api) -> None:
    async with httpx.AsyncClient(base_url=api.base_url) as http:
        health = await http.get("/healthz")
        ready = await http.get("/readyz")
    assert health.status_code == 200
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"postgres": "ok", "s3": "ok", "broker": "ok"}


def test_readyz_names_a_stopped_s3(servers, tmp_path) -> None:
    s3 = EmbeddedS3(tmp_path / "s3", bucket="slipway", port=0)
    s3.start()
    api = start_api(
        servers,
        tmp_path / "api.log",
        SLIPWAY_S3_ENDPOINT=s3.endpoint,
        SLIPWAY_S3_ACCESS_KEY=s3.credentials.access_key,
        SLIPWAY_S3_SECRET_KEY=s3.credentials.secret_key,
    )
    try:
        assert httpx.get(f"{api.base_url}/readyz", timeout=10).status_code == 200
        s3.stop()
        answer = httpx.get(f"{api.base_url}/readyz", timeout=15)
        assert answer.status_code == 503
        assert answer.json()["down"] == ["s3"]
        assert answer.json()["checks"]["postgres"] == "ok"
    finally:
        stop_process(api.process)
        s3.stop()


async def test_metrics_count_operations_and_error_codes(tenant) -> None:
    client = tenant.client(Role.VIEWER)
    (await client.execute("query WhoAmI { me { email } }")).ok()
    await client.execute("query Forbidden { users { edges { node { email } } } }")
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        text = (await http.get("/metrics")).text
    assert 'slipway_graphql_operation_seconds_count{operation="WhoAmI",type="query"}' in text
    assert 'slipway_graphql_errors_total{code="FORBIDDEN"}' in text
    assert "slipway_http_request_seconds_bucket" in text
