"""The backbone end to end: a request enqueues a job in its transaction, a worker runs it, and the
change reaches a subscriber over graphql-transport-ws."""

from __future__ import annotations

import asyncio
import json

import asyncpg
import pytest
import websockets
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportError, TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from backend.identity.roles import Role

PING = "mutation Ping($message: String!) { ping(message: $message) { id status } }"
PING_UPDATED = "subscription PingUpdated($id: ID!) { pingUpdated(id: $id) { id status message } }"


def _ws(base_url: str, token: str | None) -> Client:
    transport = WebsocketsTransport(
        url=base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {token}"} if token else {},
    )
    return Client(transport=transport)


async def test_a_ping_reaches_the_worker_and_its_pong_reaches_the_subscriber(tenant, worker) -> None:
    user = tenant.users[Role.DATA_SCIENTIST]
    ping = (await tenant.client(Role.DATA_SCIENTIST).execute(PING, {"message": "hello"})).ok()["ping"]
    assert ping["status"] == "QUEUED"
    seen = []
    async with _ws(tenant.base_url, user.token) as session:
        async with asyncio.timeout(30):
            async for update in session.subscribe(GraphQLRequest(PING_UPDATED, variable_values={"id": ping["id"]})):
                seen.append(update["pingUpdated"]["status"])
    assert seen[-1] == "PONGED"
    assert set(seen) <= {"QUEUED", "PONGED"}


async def test_a_subscription_needs_a_valid_token(tenant) -> None:
    # gql words a socket the server closed as one of its transport errors, raised from websockets' own.
    with pytest.raises(TransportError) as refused:
        async with _ws(tenant.base_url, "forged.token.value") as session:
            await session.execute(gql('subscription { pingUpdated(id: "x") { id } }'))
    closed = refused.value.__cause__ or refused.value.__context__
    assert isinstance(closed, websockets.ConnectionClosed), repr(refused.value)
    assert closed.rcvd is not None and closed.rcvd.code == 4403, closed
    assert closed.rcvd.reason.startswith("The bearer token was refused"), closed.rcvd.reason


async def test_another_tenants_ping_is_not_found_over_the_websocket(tenant, other_tenant) -> None:
    ping = (await tenant.client(Role.VIEWER).execute(PING, {"message": "mine"})).ok()["ping"]
    stranger = other_tenant.users[Role.ADMIN]
    async with _ws(other_tenant.base_url, stranger.token) as session:
        with pytest.raises(TransportQueryError) as error:
            async with asyncio.timeout(10):
                async for _ in session.subscribe(GraphQLRequest(PING_UPDATED, variable_values={"id": ping["id"]})):
                    pass
    assert error.value.errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_rolled_back_request_enqueues_nothing(tenant, servers, sessionmaker) -> None:
    """Jobs go out only with a commit: listen for the queue's doorbell while a request fails."""
    doorbell: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(servers.settings.libpq_url)
    await listener.add_listener("dramatiq.default.enqueue", lambda *args: doorbell.put_nowait(args[-1]))
    client = tenant.client(Role.ADMIN)
    try:
        # Two mutations in one request: the ping enqueues its job, then createUser fails, so
        # the request's one transaction rolls back, job included.
        failing = await client.execute(
            'mutation { ping(message: "doomed") { id } createUser(input: {email: "bad", role: VIEWER}) { id } }'
        )
        assert failing.codes == ["BAD_USER_INPUT"]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(doorbell.get(), 2)

        committed = await client.execute(PING, {"message": "kept"})
        committed.ok()
        await asyncio.wait_for(doorbell.get(), 5)
    finally:
        await listener.close()

    async with sessionmaker() as session:
        from sqlalchemy import text

        messages = (
            (
                await session.execute(
                    text("SELECT message FROM pings WHERE tenant_id = :t ORDER BY created_at"), {"t": tenant.id}
                )
            )
            .scalars()
            .all()
        )
    assert messages == ["kept"]


async def test_rolled_back_mutations_return_no_data(tenant) -> None:
    failing = await tenant.client(Role.ADMIN).execute(
        'mutation { ping(message: "doomed") { id } createUser(input: {email: "bad", role: VIEWER}) { id } }'
    )
    # Nothing was written, so nothing may look as if it had been.
    assert failing.data is None
    assert json.dumps(failing.body).count("doomed") == 0
