"""Plain HTTP endpoints: sign-in and its configuration, liveness, readiness."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from backend.api.errors import classify
from backend.identity import service as identity
from backend.kit.db import transaction
from backend.kit.errors import SlipwayError, Unauthenticated


async def issue_token(request: Request) -> JSONResponse:
    """OAuth2-style password grant for local users: form or JSON `username` + `password`."""
    state = request.app.state.slipway
    if state.settings.oidc_issuer:
        return _oauth_error(
            400,
            "unsupported_grant_type",
            f"Passwords are not accepted here: sign in through {state.settings.oidc_issuer}.",
        )
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return _oauth_error(400, "invalid_request", "The body is not valid JSON.")
    else:
        body = dict(await request.form())
    username, password = body.get("username") or body.get("email"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return _oauth_error(400, "invalid_request", "Send `username` (your email) and `password`.")
    try:
        async with transaction(state.sessionmaker) as session:
            token = await identity.sign_in(session, state.issuer, email=username, password=password)
    except Unauthenticated as exc:
        return _oauth_error(401, "invalid_grant", exc.message)
    except Exception as exc:
        if classify(exc)[0] != "UNAVAILABLE":
            raise
        # RFC 6749's error for a server that cannot answer now; the client retries after Retry-After.
        return JSONResponse(
            {
                "error": "temporarily_unavailable",
                "error_description": "The database is unavailable or busy; retry shortly.",
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )
    return JSONResponse(
        {"access_token": token, "token_type": "Bearer", "expires_in": state.settings.jwt_ttl_seconds},
        headers={"Cache-Control": "no-store"},
    )


async def auth_config(request: Request) -> JSONResponse:
    """How the web app signs users in: public OIDC client settings, or email + password (no secrets)."""
    settings = request.app.state.slipway.settings
    oidc = None
    if settings.oidc_issuer and settings.oidc_client_id:
        oidc = {"issuer": settings.oidc_issuer, "clientId": settings.oidc_client_id, "scope": settings.oidc_scope}
    # With an issuer configured /auth/token refuses passwords, even when no web client id is set.
    return JSONResponse({"oidc": oidc, "passwordSignIn": not settings.oidc_issuer})


def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """200 when Postgres, S3 and the broker's queue table answer; 503 naming what is down."""
    state = request.app.state.slipway
    checks = await asyncio.gather(_check_postgres(state), _check_s3(state), _check_broker(state))
    report = dict(checks)
    down = [name for name, detail in checks if detail != "ok"]
    if not state.hub.listening:
        report["events"] = "not listening"
    return JSONResponse(
        {"status": "ready" if not down else "unavailable", "down": down, "checks": report},
        status_code=200 if not down else 503,
    )


async def _check_postgres(state) -> tuple[str, str]:
    try:
        async with asyncio.timeout(3):
            async with state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        return "postgres", "ok"
    except Exception as exc:
        return "postgres", f"unreachable: {type(exc).__name__}"


async def _check_s3(state) -> tuple[str, str]:
    try:
        async with asyncio.timeout(3):
            await state.store.check()
        return "s3", "ok"
    except (SlipwayError, TimeoutError) as exc:
        return "s3", f"unreachable: {type(exc).__name__}"


async def _check_broker(state) -> tuple[str, str]:
    try:
        async with asyncio.timeout(3):
            async with state.engine.connect() as conn:
                await conn.execute(text("SELECT 1 FROM dramatiq.queue LIMIT 1"))
        return "broker", "ok"
    except Exception as exc:
        return "broker", f"unreachable: {type(exc).__name__}"
