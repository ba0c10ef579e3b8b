"""Identity housekeeping: refresh sessions and access tokens that ended long ago are deleted, in batches,
and nothing still usable (or still needed to detect a reused refresh token) goes with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import httpx
from sqlalchemy import func, select, update

from backend.config import Settings
from backend.identity import jobs
from backend.identity.models import PersonalAccessToken, RefreshSession
from backend.identity.roles import Role
from backend.kit import ids
from backend.kit.db import transaction

CREATE = """
mutation Create($name: String!) {
  createPersonalAccessToken(name: $name, expiresInDays: 30) { secret token { id } }
}"""
REVOKE = "mutation Revoke($id: ID!) { revokePersonalAccessToken(id: $id) { id } }"
REFRESH = {"x-slipway-refresh": "1"}


async def _sign_in(http: httpx.AsyncClient, user) -> str:
    answer = await http.post("/auth/token", json={"username": user.email, "password": user.password})
    jar = SimpleCookie()
    for header in answer.headers.get_list("set-cookie"):
        jar.load(header)
    return jar["slipway_refresh"].value


async def _count(sessionmaker, model, user_id) -> int:
    async with transaction(sessionmaker) as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0)


async def test_sessions_and_tokens_that_ended_before_the_retention_are_deleted_and_live_ones_stay(
    tenant, sessionmaker, monkeypatch
) -> None:
    user = tenant.users[Role.ML_ENGINEER]
    client = tenant.client(Role.ML_ENGINEER)
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        old = await _sign_in(http, user)
        spent_then_live = await _sign_in(http, user)
        refreshed = await http.post(
            "/auth/refresh", headers={**REFRESH, "cookie": f"slipway_refresh={spent_then_live}"}
        )
        assert refreshed.status_code == 200
        live_cookie = SimpleCookie(refreshed.headers["set-cookie"])["slipway_refresh"].value
    kept = (await client.execute(CREATE, {"name": "kept"})).ok()["createPersonalAccessToken"]
    revoked = (await client.execute(CREATE, {"name": "revoked long ago"})).ok()["createPersonalAccessToken"]
    (await client.execute(REVOKE, {"id": revoked["token"]["id"]})).ok()
    revoked_lately = (await client.execute(CREATE, {"name": "revoked lately"})).ok()["createPersonalAccessToken"]
    (await client.execute(REVOKE, {"id": revoked_lately["token"]["id"]})).ok()

    # Age what should go: the first sign-in's family expired 40 days ago, the token was revoked 31 days ago.
    long_ago = datetime.now(UTC) - timedelta(days=40)
    async with transaction(sessionmaker) as session:
        family = await session.scalar(
            select(RefreshSession.family_id)
            .where(RefreshSession.user_id == user.id)
            .order_by(RefreshSession.created_at)
            .limit(1)
        )
        await session.execute(
            update(RefreshSession).where(RefreshSession.family_id == family).values(expires_at=long_ago)
        )
        await session.execute(
            update(PersonalAccessToken)
            .where(PersonalAccessToken.id == ids.decode("PersonalAccessToken", revoked["token"]["id"]))
            .values(revoked_at=datetime.now(UTC) - timedelta(days=31))
        )
    sessions_before = await _count(sessionmaker, RefreshSession, user.id)
    tokens_before = await _count(sessionmaker, PersonalAccessToken, user.id)
    assert sessions_before == 3  # the aged one, and the refreshed family's spent row and its successor

    # Small batches: the job loops until a batch comes back short.
    monkeypatch.setattr(jobs, "BATCH", 1)
    pruned = await jobs.prune(sessionmaker, Settings(credentials_retention_days=30))
    assert pruned.sessions >= 1 and pruned.tokens >= 1
    assert await _count(sessionmaker, RefreshSession, user.id) == sessions_before - 1
    assert await _count(sessionmaker, PersonalAccessToken, user.id) == tokens_before - 1

    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        # The live family still refreshes; its spent row stayed, so a replay of it is still caught.
        ok = await http.post("/auth/refresh", headers={**REFRESH, "cookie": f"slipway_refresh={live_cookie}"})
        assert ok.status_code == 200
        replay = await http.post("/auth/refresh", headers={**REFRESH, "cookie": f"slipway_refresh={spent_then_live}"})
        assert replay.status_code == 401 and "ended everywhere" in replay.json()["error_description"]
        # The deleted session answers as an expired one did: sign in again.
        gone = await http.post("/auth/refresh", headers={**REFRESH, "cookie": f"slipway_refresh={old}"})
        assert gone.status_code == 401
        # The kept token still works; the lately revoked one is still listed and still refused.
        me = await http.post(
            "/graphql", json={"query": "{ me { email } }"}, headers={"authorization": f"Bearer {kept['secret']}"}
        )
        assert me.status_code == 200 and me.json()["data"]["me"]["email"] == user.email
    listed = (await client.execute("{ personalAccessTokens { name } }")).ok()["personalAccessTokens"]
    assert {t["name"] for t in listed} >= {"kept", "revoked lately"} and "revoked long ago" not in {
        t["name"] for t in listed
    }
