"""Personal access tokens: made in GraphQL, shown once, used as bearer tokens, refused once revoked or expired."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from gql import Client, gql
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport
from sqlalchemy import select, update

from backend.audit.models import AuditEntry
from backend.identity.models import PersonalAccessToken, User
from backend.identity.roles import Role
from backend.kit import ids
from backend.kit.db import transaction
from tests.client import GraphQLClient
from tests.support.websocket import open_socket

ME = "query Me { me { email } }"
CREATE = """
mutation Create($name: String!, $days: Int!) {
  createPersonalAccessToken(name: $name, expiresInDays: $days) {
    secret
    token { id name prefix expiresAt lastUsedAt revokedAt isActive }
  }
}"""
LIST = "{ personalAccessTokens { id name prefix lastUsedAt revokedAt isActive } }"
REVOKE = "mutation Revoke($id: ID!) { revokePersonalAccessToken(id: $id) { id revokedAt isActive } }"


async def _create(client: GraphQLClient, name: str = "notebook", days: int = 30) -> dict:
    return (await client.execute(CREATE, {"name": name, "days": days})).ok()["createPersonalAccessToken"]


async def _refused_within_cache_time(base_url: str, secret: str, message: str) -> None:
    """Polls until the API refuses `secret`: the API may trust it for SLIPWAY_AUTH_CACHE_SECONDS (5 s)."""
    started = time.monotonic()
    client = GraphQLClient(base_url, secret)
    while (answer := await client.execute(ME)).status == 200:
        assert time.monotonic() - started < 5 + 2, "the token kept working past the cache time"
        await asyncio.sleep(0.2)
    assert answer.status == 401 and message in answer.body["errors"][0]["message"], answer.body


async def test_a_created_token_works_over_httpx_gql_and_websockets_and_is_shown_once(tenant) -> None:
    user = tenant.users[Role.DATA_SCIENTIST]
    created = await _create(tenant.client(Role.DATA_SCIENTIST), "training notebook", 7)
    secret = created["secret"]
    assert secret.startswith("slw_pat_") and len(secret) > 40
    assert created["token"]["prefix"] == secret[:12] and created["token"]["isActive"] is True
    expires = datetime.fromisoformat(created["token"]["expiresAt"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)

    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        answer = await http.post("/graphql", json={"query": ME}, headers={"authorization": f"Bearer {secret}"})
    assert answer.json()["data"]["me"]["email"] == user.email

    transport = HTTPXAsyncTransport(url=f"{tenant.base_url}/graphql", headers={"authorization": f"Bearer {secret}"})
    async with Client(transport=transport) as session:
        assert (await session.execute(gql(ME)))["me"]["email"] == user.email

    sockets = WebsocketsTransport(
        url=tenant.base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {secret}"},
    )
    async with Client(transport=sockets) as session:
        assert (await session.execute(gql(ME)))["me"]["email"] == user.email

    listed = (await tenant.client(Role.DATA_SCIENTIST).execute(LIST)).ok()["personalAccessTokens"]
    assert [t["name"] for t in listed] == ["training notebook"]
    assert secret not in str(listed) and listed[0]["lastUsedAt"] is not None


async def test_last_used_is_written_at_most_once_a_minute(tenant, sessionmaker) -> None:
    created = await _create(tenant.client(Role.VIEWER))
    token_id = ids.decode("PersonalAccessToken", created["token"]["id"])
    client = GraphQLClient(tenant.base_url, created["secret"])
    (await client.execute(ME)).ok()

    async def last_used() -> datetime | None:
        async with transaction(sessionmaker) as session:
            return await session.scalar(
                select(PersonalAccessToken.last_used_at).where(PersonalAccessToken.id == token_id)
            )

    first = await last_used()
    assert first is not None
    async with transaction(sessionmaker) as session:  # pretend the first use was 30 s ago
        await session.execute(
            update(PersonalAccessToken)
            .where(PersonalAccessToken.id == token_id)
            .values(last_used_at=first - timedelta(seconds=30))
        )
    await asyncio.sleep(5.1)  # past the API's cache of checked tokens
    (await client.execute(ME)).ok()
    assert await last_used() == first - timedelta(seconds=30)  # within the minute: not written again
    async with transaction(sessionmaker) as session:
        await session.execute(
            update(PersonalAccessToken)
            .where(PersonalAccessToken.id == token_id)
            .values(last_used_at=first - timedelta(seconds=90))
        )
    await asyncio.sleep(5.1)
    (await client.execute(ME)).ok()
    latest = await last_used()
    assert latest is not None and latest > first - timedelta(seconds=5)


async def test_a_revoked_token_is_refused_within_the_cache_time_and_audited(tenant, sessionmaker) -> None:
    owner = tenant.client(Role.ML_ENGINEER)
    created = await _create(owner)
    (await GraphQLClient(tenant.base_url, created["secret"]).execute(ME)).ok()  # now in the API's cache
    revoked = (await owner.execute(REVOKE, {"id": created["token"]["id"]})).ok()["revokePersonalAccessToken"]
    assert revoked["isActive"] is False and revoked["revokedAt"] is not None
    await _refused_within_cache_time(tenant.base_url, created["secret"], "unknown or revoked")
    again = (await owner.execute(REVOKE, {"id": created["token"]["id"]})).ok()["revokePersonalAccessToken"]
    assert again["revokedAt"] == revoked["revokedAt"]  # idempotent
    async with transaction(sessionmaker) as session:
        actions = list(
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.tenant_id == tenant.id, AuditEntry.action.like("access_token.%"))
                .order_by(AuditEntry.seq)
            )
        )
    assert actions == ["access_token.created", "access_token.revoked"]


async def test_an_expired_token_is_refused_within_the_cache_time(tenant, sessionmaker) -> None:
    created = await _create(tenant.client(Role.VIEWER))
    (await GraphQLClient(tenant.base_url, created["secret"]).execute(ME)).ok()
    async with transaction(sessionmaker) as session:
        await session.execute(
            update(PersonalAccessToken)
            .where(PersonalAccessToken.id == ids.decode("PersonalAccessToken", created["token"]["id"]))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    await _refused_within_cache_time(tenant.base_url, created["secret"], "expired")


async def test_a_disabled_users_token_is_refused(tenant, sessionmaker) -> None:
    created = await _create(tenant.client(Role.LABELER))
    (await GraphQLClient(tenant.base_url, created["secret"]).execute(ME)).ok()
    async with transaction(sessionmaker) as session:
        await session.execute(update(User).where(User.id == tenant.users[Role.LABELER].id).values(is_active=False))
    await _refused_within_cache_time(tenant.base_url, created["secret"], "no active Slipway user")


async def test_a_token_cannot_mint_tokens(tenant) -> None:
    created = await _create(tenant.client(Role.ADMIN))
    answer = await GraphQLClient(tenant.base_url, created["secret"]).execute(CREATE, {"name": "more", "days": 1})
    assert answer.codes == ["FORBIDDEN"]


async def test_nobody_else_sees_or_revokes_my_tokens(tenant, other_tenant) -> None:
    created = await _create(tenant.client(Role.VIEWER))
    for client in (tenant.client(Role.ADMIN), other_tenant.client(Role.ADMIN)):
        assert (await client.execute(LIST)).ok()["personalAccessTokens"] == []
        answer = await client.execute(REVOKE, {"id": created["token"]["id"]})
        assert answer.codes == ["NOT_FOUND"]
    (await GraphQLClient(tenant.base_url, created["secret"]).execute(ME)).ok()


async def test_names_and_lifetimes_are_checked(tenant) -> None:
    client = tenant.client(Role.VIEWER)
    for name, days, field in [
        ("", 30, "name"),
        ("x" * 101, 30, "name"),
        ("ok", 0, "expiresInDays"),
        ("ok", 367, "expiresInDays"),
    ]:
        answer = await client.execute(CREATE, {"name": name, "days": days})
        assert answer.codes == ["BAD_USER_INPUT"], (name, days)
        assert answer.body["errors"][0]["extensions"].get("field") == field


async def test_an_unknown_token_with_the_prefix_is_401(tenant) -> None:
    answer = await GraphQLClient(tenant.base_url, f"slw_pat_{uuid.uuid4().hex}").execute(ME)
    assert answer.status == 401 and answer.codes == ["UNAUTHENTICATED"]


async def test_a_socket_opened_with_a_token_closes_with_4401_once_it_is_revoked(tenant) -> None:
    owner = tenant.client(Role.DATA_SCIENTIST)
    created = await _create(owner, "live dashboard")
    async with open_socket(tenant.base_url, created["secret"]) as socket:
        assert (await socket.result("1", ME))["data"]["me"]["email"] == tenant.users[Role.DATA_SCIENTIST].email
        (await owner.execute(REVOKE, {"id": created["token"]["id"]})).ok()
        code, reason = await socket.wait_closed(timeout=5 + 5)  # one check interval + slack
    assert code == 4401 and "revoked" in reason
