"""labelSaved pushes each new version of a case to its subscribers, and only of their tenant."""

from __future__ import annotations

import asyncio

import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from backend.identity.roles import Role

LABEL_SAVED = "subscription LabelSaved($caseId: ID!) { labelSaved(caseId: $caseId) { id version author { email } } }"


def _ws(base_url: str, token: str) -> Client:
    transport = WebsocketsTransport(url=base_url.replace("http://", "ws://") + "/graphql",
                                    subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
                                    init_payload={"Authorization": f"Bearer {token}"})
    return Client(transport=transport)


async def test_label_saved_delivers_each_save_of_the_case(labeling, tenant) -> None:  # noqa: ANN001
    case = await labeling.create_case(seed=1)
    elsewhere = await labeling.create_case(seed=2)
    seen: list[dict] = []

    async def listen() -> None:
        async with _ws(tenant.base_url, tenant.users[Role.VIEWER].token) as session:
            async for event in session.subscribe(GraphQLRequest(LABEL_SAVED, variable_values={"caseId": case.id})):
                seen.append(event["labelSaved"])
                if len(seen) == 2:
                    return

    listener = asyncio.create_task(listen())
    await asyncio.sleep(1.5)  # the socket is open and subscribed
    (await labeling.save(elsewhere, labeling.edit(elsewhere), base=elsewhere.label_id)).ok()
    first = (await labeling.save(case, labeling.edit(case, 1), base=case.label_id)).ok()["saveLabel"]["label"]
    second = (await labeling.save(case, labeling.edit(case, 2), base=first["id"])).ok()["saveLabel"]["label"]
    await asyncio.wait_for(listener, 20)
    assert [e["id"] for e in seen] == [first["id"], second["id"]]
    assert seen[0]["author"]["email"] == tenant.users[Role.LABELER].email


async def test_another_tenant_cannot_subscribe_to_a_case(labeling, other_tenant) -> None:  # noqa: ANN001
    case = await labeling.create_case()
    async with _ws(other_tenant.base_url, other_tenant.users[Role.ADMIN].token) as session:
        with pytest.raises(TransportQueryError) as error:
            async with asyncio.timeout(10):
                async for _ in session.subscribe(GraphQLRequest(LABEL_SAVED, variable_values={"caseId": case.id})):
                    pass
    assert error.value.errors[0]["extensions"]["code"] == "NOT_FOUND"
