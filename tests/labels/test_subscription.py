"""labelSaved pushes each new version of a case to its subscribers, and only of their tenant."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from backend.identity.roles import Role

LABEL_SAVED = "subscription LabelSaved($caseId: ID!) { labelSaved(caseId: $caseId) { id version author { email } } }"


def _ws(base_url: str, token: str) -> Client:
    transport = WebsocketsTransport(
        url=base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {token}"},
    )
    return Client(transport=transport)


async def test_label_saved_delivers_each_save_of_the_case(labeling, tenant) -> None:
    case = await labeling.create_case(seed=1)
    elsewhere = await labeling.create_case(seed=2)
    events: asyncio.Queue[dict] = asyncio.Queue()

    async def listen() -> None:
        async with _ws(tenant.base_url, tenant.users[Role.VIEWER].token) as session:
            async for event in session.subscribe(GraphQLRequest(LABEL_SAVED, variable_values={"caseId": case.id})):
                events.put_nowait(event["labelSaved"])

    listener = asyncio.create_task(listen())
    try:
        # The subscription sends nothing until a save, so save until one arrives: then it is live.
        saved, base, other_base = [], case.label_id, elsewhere.label_id
        for step in range(1, 20):
            other = await labeling.save(elsewhere, labeling.edit(elsewhere, step), base=other_base)
            other_base = other.ok()["saveLabel"]["label"]["id"]
            label = (await labeling.save(case, labeling.edit(case, step), base=base)).ok()["saveLabel"]["label"]
            saved.append(label["id"])
            base = label["id"]
            with contextlib.suppress(TimeoutError):
                first = await asyncio.wait_for(events.get(), 2)
                break
        else:
            raise AssertionError("no labelSaved event within 19 saves")
        later = (await labeling.save(case, labeling.edit(case, 99), base=base)).ok()["saveLabel"]["label"]
        assert first["id"] in saved and first["author"]["email"] == tenant.users[Role.LABELER].email
        # Every save after the first delivered one arrives, in order, and nothing of the other case.
        expected = saved[saved.index(first["id"]) + 1 :] + [later["id"]]
        got = [(await asyncio.wait_for(events.get(), 10))["id"] for _ in expected]
        assert got == expected
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener


async def test_another_tenant_cannot_subscribe_to_a_case(labeling, other_tenant) -> None:
    case = await labeling.create_case()
    async with _ws(other_tenant.base_url, other_tenant.users[Role.ADMIN].token) as session:
        with pytest.raises(TransportQueryError) as error:
            async with asyncio.timeout(10):
                async for _ in session.subscribe(GraphQLRequest(LABEL_SAVED, variable_values={"caseId": case.id})):
                    pass
    assert error.value.errors[0]["extensions"]["code"] == "NOT_FOUND"
