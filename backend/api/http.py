"""Plain HTTP endpoints: sign-in, sessions and their configuration, liveness, readiness."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.api.errors import classify
from backend.identity import service as identity
from backend.identity import sessions
from backend.identity.models import User
from backend.identity.tokens import bearer_token
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
    return await _start(request, lambda session: identity.check_password(session, email=username, password=password))


async def refresh_session(request: Request) -> Response:
    """Spend the refresh cookie for a new access token and a new cookie (the old one is then spent); 204 without one."""
    state = request.app.state.slipway
    if (refused := _csrf_refusal(request)) is not None:
        return refused
    cookie = request.cookies.get(REFRESH_COOKIE)
    if not cookie:
        # Not an error: every signed-out page load asks, and a browser logs each 4xx as one.
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    refusal: Unauthenticated | None = None
    try:
        # A refusal after a write (a reused token revokes its family) still commits that write.
        async with transaction(state.sessionmaker) as session:
            try:
                grant = await sessions.refresh(
                    session, state.issuer, refresh_token=cookie, user_agent=request.headers.get("user-agent")
                )
            except Unauthenticated as exc:
                refusal = exc
    except Exception as exc:
        return _unavailable(exc)
    if refusal is not None:
        response = _oauth_error(401, "invalid_grant", refusal.message)
        _clear_cookie(request, response)
        return response
    return _granted(request, grant)


async def start_session(request: Request) -> JSONResponse:
    """Trade an identity provider's token (`Authorization: Bearer …`) for a session like a password sign-in's."""
    state = request.app.state.slipway
    if not state.settings.oidc_issuer:
        return _oauth_error(400, "unsupported_grant_type", "No identity provider is configured: use /auth/token.")
    if (refused := _csrf_refusal(request)) is not None:
        return refused
    authorization = request.headers.get("authorization")
    return await _start(
        request,
        lambda session: identity.user_of_provider_token(session, state.verifier, bearer_token(authorization)),
    )


async def _start(request: Request, find_user: Callable[[AsyncSession], Awaitable[User]]) -> JSONResponse:
    """A new session for the user `find_user` vouches for (a password, a provider's token): 401 if it refuses."""
    state = request.app.state.slipway
    try:
        async with transaction(state.sessionmaker) as session:
            user = await find_user(session)
            grant = await sessions.start(session, state.issuer, user=user, user_agent=request.headers.get("user-agent"))
    except Unauthenticated as exc:
        return _oauth_error(401, "invalid_grant", exc.message)
    except Exception as exc:
        return _unavailable(exc)
    return _granted(request, grant)


async def sign_out(request: Request) -> Response:
    """Revoke the session of the refresh cookie and clear it; the access token in memory dies with the page."""
    state = request.app.state.slipway
    if (refused := _csrf_refusal(request)) is not None:
        return refused
    if cookie := request.cookies.get(REFRESH_COOKIE):
        try:
            async with transaction(state.sessionmaker) as session:
                await sessions.end(session, refresh_token=cookie)
        except Exception as exc:
            return _unavailable(exc)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    _clear_cookie(request, response)
    return response


# The refresh cookie goes only to /auth/* (never to /graphql), only from this site's own pages, and never to
# scripts; the custom header makes a cross-site request need a CORS preflight this API never grants.
REFRESH_COOKIE = "slipway_refresh"
REFRESH_PATH = "/auth"
CSRF_HEADER = "x-slipway-refresh"


def _csrf_refusal(request: Request) -> JSONResponse | None:
    if request.headers.get(CSRF_HEADER) != "1":
        return _oauth_error(403, "invalid_request", "Send the header `X-Slipway-Refresh: 1` with this request.")
    return None


def _secure(request: Request) -> bool:
    public_url = request.app.state.slipway.settings.public_url or ""
    return request.url.scheme == "https" or public_url.startswith("https://")


def _granted(request: Request, grant: sessions.Grant) -> JSONResponse:
    response = JSONResponse(
        {"access_token": grant.access_token, "token_type": "Bearer", "expires_in": grant.expires_in},
        headers={"Cache-Control": "no-store"},
    )
    max_age = max(0, int((grant.refresh_expires_at - datetime.now(UTC)).total_seconds()))
    response.set_cookie(
        REFRESH_COOKIE,
        grant.refresh_token,
        max_age=max_age,
        path=REFRESH_PATH,
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    return response


def _clear_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_PATH, secure=_secure(request), httponly=True, samesite="strict")


def _unavailable(exc: Exception) -> JSONResponse:
    if classify(exc)[0] != "UNAVAILABLE":
        raise exc
    # RFC 6749's error for a server that cannot answer now; the client retries after Retry-After.
    return JSONResponse(
        {
            "error": "temporarily_unavailable",
            "error_description": "The database is unavailable or busy; retry shortly.",
        },
        status_code=503,
        headers={"Retry-After": "5"},
    )


async def auth_config(request: Request) -> JSONResponse:
    """How the web app signs users in: public OIDC client settings, or email + password (no secrets)."""
    settings = request.app.state.slipway.settings
    oidc = None
    if settings.oidc_issuer and settings.oidc_client_id:
        oidc = {"issuer": settings.oidc_issuer, "clientId": settings.oidc_client_id, "scope": settings.oidc_scope}
    # With an issuer configured /auth/token refuses passwords, even when no web client id is set.
    return JSONResponse({"oidc": oidc, "passwordSignIn": not settings.oidc_issuer})


async def jwks(request: Request) -> JSONResponse:
    """The public half of the built-in signing key: it verifies Slipway's access tokens and signed dossiers."""
    key = request.app.state.slipway.issuer.key
    return JSONResponse({"keys": [{**key.as_dict(private=False), "use": "sig", "alg": "RS256"}]})


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
