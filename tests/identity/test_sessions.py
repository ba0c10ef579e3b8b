"""Browser sessions: the refresh cookie, its rotation, reuse detection and sign-out, through the real API."""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import httpx
from sqlalchemy import func, select, update

from backend.audit.models import AuditEntry
from backend.identity.models import RefreshSession, User
from backend.identity.roles import Role
from backend.kit.db import transaction

ME = "{ me { email } }"
REFRESH = {"x-slipway-refresh": "1"}


def _cookie(answer: httpx.Response) -> SimpleCookie:
    jar = SimpleCookie()
    for header in answer.headers.get_list("set-cookie"):
        jar.load(header)
    return jar


async def _sign_in(http: httpx.AsyncClient, user, **headers: str) -> httpx.Response:
    answer = await http.post("/auth/token", json={"username": user.email, "password": user.password}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer


async def _refresh(http: httpx.AsyncClient, cookie: str) -> httpx.Response:
    # Sent by hand: each test says which cookie a request carries, whatever the client's jar holds.
    return await http.post("/auth/refresh", headers={**REFRESH, "cookie": f"slipway_refresh={cookie}"})


async def _me(http: httpx.AsyncClient, token: str) -> int:
    answer = await http.post("/graphql", json={"query": ME}, headers={"authorization": f"Bearer {token}"})
    return answer.status_code


async def test_password_sign_in_sets_a_strict_httponly_cookie_scoped_to_auth(tenant) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        answer = await _sign_in(http, tenant.users[Role.VIEWER])
    morsel = _cookie(answer)["slipway_refresh"]
    assert morsel.value.startswith("slw_rt_") and len(morsel.value) > 40
    assert morsel["httponly"] is True
    assert morsel["samesite"].lower() == "strict"
    assert morsel["path"] == "/auth"  # never sent with /graphql or the web app's pages
    assert not morsel["secure"]  # plain http here; see the https test below
    assert int(morsel["max-age"]) > 13 * 24 * 3600
    body = answer.json()
    assert body["expires_in"] == 900 and answer.headers["cache-control"] == "no-store"


async def test_the_cookie_is_secure_when_the_request_came_over_https(tenant) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        # The API trusts X-Forwarded-Proto from a local proxy, as behind an ingress.
        answer = await _sign_in(http, tenant.users[Role.VIEWER], **{"x-forwarded-proto": "https"})
    assert _cookie(answer)["slipway_refresh"]["secure"] is True


async def test_refresh_rotates_the_cookie_and_gives_a_working_access_token(tenant) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        first = _cookie(await _sign_in(http, tenant.users[Role.VIEWER]))["slipway_refresh"].value
        answer = await _refresh(http, first)
        assert answer.status_code == 200, answer.text
        second = _cookie(answer)["slipway_refresh"].value
        assert second != first and second.startswith("slw_rt_")
        assert await _me(http, answer.json()["access_token"]) == 200
        assert (await _refresh(http, second)).status_code == 200  # the successor works in turn


async def test_refresh_without_the_csrf_header_is_refused_and_spends_nothing(tenant) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        cookie = _cookie(await _sign_in(http, tenant.users[Role.VIEWER]))["slipway_refresh"].value
        forged = await http.post("/auth/refresh", headers={"cookie": f"slipway_refresh={cookie}"})
        assert forged.status_code == 403 and "X-Slipway-Refresh" in forged.json()["error_description"]
        assert "set-cookie" not in forged.headers
        signed_out = await http.post("/auth/sign-out", headers={"cookie": f"slipway_refresh={cookie}"})
        assert signed_out.status_code == 403
        assert (await _refresh(http, cookie)).status_code == 200  # neither request touched the session


async def test_reusing_a_spent_refresh_token_revokes_the_whole_family(tenant, sessionmaker) -> None:
    user = tenant.users[Role.VIEWER]
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        first = _cookie(await _sign_in(http, user))["slipway_refresh"].value
        second = _cookie(await _refresh(http, first))["slipway_refresh"].value
        replay = await _refresh(http, first)  # an attacker (or a bug) presents the spent token
        assert replay.status_code == 401 and "ended everywhere" in replay.json()["error_description"]
        assert _cookie(replay)["slipway_refresh"]["max-age"] == "0"
        assert (await _refresh(http, second)).status_code == 401  # the legitimate holder is out too
        other = _cookie(await _sign_in(http, user))["slipway_refresh"].value
        assert (await _refresh(http, other)).status_code == 200  # another sign-in is a family of its own
    async with transaction(sessionmaker) as session:
        audited = await session.scalar(
            select(func.count()).where(AuditEntry.tenant_id == tenant.id, AuditEntry.action == "session.reuse_detected")
        )
    assert audited == 1


async def test_two_refreshes_racing_with_one_token_end_the_session(tenant) -> None:
    # The web app serialises refreshes across tabs (Web Locks); anything else racing looks like theft.
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        cookie = _cookie(await _sign_in(http, tenant.users[Role.VIEWER]))["slipway_refresh"].value
        answers = await asyncio.gather(*(_refresh(http, cookie) for _ in range(2)))
        assert sorted(a.status_code for a in answers) == [200, 401]
        winner = next(a for a in answers if a.status_code == 200)
        assert (await _refresh(http, _cookie(winner)["slipway_refresh"].value)).status_code == 401


async def test_sign_out_revokes_the_session_and_clears_the_cookie(tenant) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        cookie = _cookie(await _sign_in(http, tenant.users[Role.VIEWER]))["slipway_refresh"].value
        answer = await http.post("/auth/sign-out", headers={**REFRESH, "cookie": f"slipway_refresh={cookie}"})
        assert answer.status_code == 204
        cleared = _cookie(answer)["slipway_refresh"]
        assert cleared["max-age"] == "0" and cleared["path"] == "/auth"
        assert (await _refresh(http, cookie)).status_code == 401
        # Signing out without a session is harmless.
        assert (await http.post("/auth/sign-out", headers=REFRESH)).status_code == 204


async def test_a_disabled_user_cannot_refresh(tenant, sessionmaker) -> None:
    user = tenant.users[Role.VIEWER]
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        cookie = _cookie(await _sign_in(http, user))["slipway_refresh"].value
        async with transaction(sessionmaker) as session:
            await session.execute(update(User).where(User.id == user.id).values(is_active=False))
        answer = await _refresh(http, cookie)
    assert answer.status_code == 401 and "disabled" in answer.json()["error_description"]
    async with transaction(sessionmaker) as session:
        live = await session.scalar(
            select(func.count()).where(RefreshSession.user_id == user.id, RefreshSession.revoked_at.is_(None))
        )
    assert live == 0


async def test_refresh_without_a_cookie_is_204_and_with_garbage_401(tenant) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        none = await http.post("/auth/refresh", headers=REFRESH)  # a signed-out page load: nothing to refresh
        assert none.status_code == 204 and not none.content and "set-cookie" not in none.headers
        garbage = await _refresh(http, "slw_rt_not-a-real-one")
        assert garbage.status_code == 401 and _cookie(garbage)["slipway_refresh"]["max-age"] == "0"


async def test_start_session_is_only_for_an_identity_provider(tenant) -> None:
    # Without an OIDC issuer there is nothing to trade; our own access tokens never start a session.
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        answer = await http.post(
            "/auth/session", headers={**REFRESH, "authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
        )
    assert answer.status_code == 400 and "set-cookie" not in answer.headers
