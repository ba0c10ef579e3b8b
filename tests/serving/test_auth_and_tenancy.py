"""Callers see only their tenant's models; only the control token drives the repository API."""

from __future__ import annotations

import httpx
import pytest

from backend.identity.roles import Role
from backend.serving.control import control_token
from tests.support.serving import Loaded
from tests.support.tenants import make_tenant

BODY = {"inputs": [{"name": "X", "shape": [1, 4], "datatype": "FP32", "data": [0.1, 0.2, 0.3, 0.4]}]}


async def test_another_tenants_token_gets_404_like_a_missing_name(loaded: Loaded, sessionmaker, issuer, api) -> None:
    stranger = await make_tenant(sessionmaker, issuer, api.base_url)
    headers = {"Authorization": f"Bearer {stranger.users[Role.ADMIN].token}"}
    names = (loaded.version.served_name, f"{loaded.version.model}-staging")
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=headers, timeout=60) as http:
        missing = await http.get("/v2/models/no-such-model-v1")
        assert missing.status_code == 404
        for name in names:
            for answer in (
                await http.get(f"/v2/models/{name}"),
                await http.get(f"/v2/models/{name}/ready"),
                await http.post(f"/v2/models/{name}/infer", json=BODY),
            ):
                assert answer.status_code == 404, answer.text
                assert answer.json()["error"] == missing.json()["error"].replace("no-such-model-v1", name)


async def test_callers_need_a_valid_token_and_a_role_that_reads_models(loaded: Loaded) -> None:
    url = f"/v2/models/{loaded.version.served_name}/infer"
    async with httpx.AsyncClient(base_url=loaded.base_url, timeout=60) as http:
        assert (await http.post(url, json=BODY)).status_code == 401
        assert (await http.post(url, json=BODY, headers={"Authorization": "Bearer not-a-jwt"})).status_code == 401
        assert (await http.post(url, json=BODY, headers={"Authorization": "Basic abc"})).status_code == 401
        labeler = await http.post(url, json=BODY, headers=loaded.headers(Role.LABELER))
        assert labeler.status_code == 403 and "labeler" in labeler.json()["error"]
        for role in (Role.VIEWER, Role.DATA_SCIENTIST, Role.ML_ENGINEER, Role.ADMIN):
            assert (await http.post(url, json=BODY, headers=loaded.headers(role))).status_code == 200


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/v2/repository/index"),
        ("POST", "/v2/repository/models/{name}/load"),
        ("POST", "/v2/repository/models/{name}/unload"),
        ("GET", "/v2/repository/models/{name}/stats"),
        ("GET", "/v2/repository/routes"),
        ("PUT", "/v2/repository/routes/{model}-staging"),
        ("DELETE", "/v2/repository/routes/{model}-staging"),
    ],
)
async def test_control_endpoints_refuse_caller_tokens_and_missing_or_wrong_control_tokens(
    loaded: Loaded, servers, method: str, path: str
) -> None:
    path = path.format(name=loaded.version.served_name, model=loaded.version.model)
    tenant = {"X-Slipway-Tenant": str(loaded.tenant.id)}
    body = {"targets": [{"model": loaded.version.served_name, "weight": 100}], "shadows": []}
    async with httpx.AsyncClient(base_url=loaded.base_url, timeout=60) as http:

        async def call(headers: dict[str, str]) -> httpx.Response:
            return await http.request(
                method, path, headers={**tenant, **headers}, json=body if method == "PUT" else None
            )

        assert (await call({})).status_code == 401
        assert (await call({"Authorization": "Bearer wrong-secret"})).status_code == 401
        admin = await call(loaded.headers(Role.ADMIN))
        assert admin.status_code == 403 and "control token" in admin.json()["error"]
        no_tenant = await http.request(
            method, path, headers={"Authorization": f"Bearer {control_token(servers.settings)}"}
        )
        assert no_tenant.status_code == 400 and "X-Slipway-Tenant" in no_tenant.json()["error"]
    # The route and the loaded model are untouched: a caller still gets answers through both names.
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=loaded.headers(), timeout=60) as http:
        for name in (loaded.version.served_name, f"{loaded.version.model}-staging"):
            assert (await http.post(f"/v2/models/{name}/infer", json=BODY)).status_code == 200


async def test_the_control_token_infers_for_the_tenant_it_names_only(
    loaded: Loaded, servers, sessionmaker, issuer, api
) -> None:
    other = await make_tenant(sessionmaker, issuer, api.base_url)
    token = {"Authorization": f"Bearer {control_token(servers.settings)}"}
    url = f"/v2/models/{loaded.version.served_name}/infer"
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=token, timeout=60) as http:
        own = await http.post(url, json=BODY, headers={"X-Slipway-Tenant": str(loaded.tenant.id)})
        assert own.status_code == 200
        foreign = await http.post(url, json=BODY, headers={"X-Slipway-Tenant": str(other.id)})
        assert foreign.status_code == 404
