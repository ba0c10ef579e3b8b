"""GET /auth/config tells the web app how to sign in, without a token and without secrets."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from backend.api import http as endpoints
from backend.config import Settings


async def test_without_oidc_the_running_api_offers_passwords(api) -> None:
    async with httpx.AsyncClient(base_url=api.base_url) as client:
        answer = await client.get("/auth/config")  # no Authorization header
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"oidc": None, "passwordSignIn": True}


def _app(settings: Settings) -> httpx.AsyncClient:
    # The API process cannot start with an issuer it cannot reach; the handler only needs the settings.
    app = Starlette(routes=[Route("/auth/config", endpoints.auth_config)])
    app.state.slipway = SimpleNamespace(settings=settings)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api")


async def test_with_oidc_the_public_client_settings_are_served_and_nothing_secret() -> None:
    settings = Settings(
        oidc_issuer="https://login.example.test/realms/acme",
        oidc_client_id="slipway-web",
        oidc_scope="openid email",
        jwt_private_key="-----BEGIN PRIVATE KEY----- secret",
    )
    async with _app(settings) as client:
        answer = await client.get("/auth/config")
    assert answer.json() == {
        "oidc": {
            "issuer": "https://login.example.test/realms/acme",
            "clientId": "slipway-web",
            "scope": "openid email",
        },
        "passwordSignIn": False,
    }
    assert "secret" not in answer.text


async def test_an_issuer_without_a_web_client_id_offers_neither_passwords_nor_a_redirect() -> None:
    async with _app(Settings(oidc_issuer="https://login.example.test/realms/acme")) as client:
        answer = await client.get("/auth/config")
    assert answer.json() == {"oidc": None, "passwordSignIn": False}
