"""Status is pushed to subscribers over graphql-transport-ws; model names must be able to name endpoints."""

from __future__ import annotations

import asyncio

import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from backend.identity.roles import Role
from tests.support import deploy_models as models
from tests.support.deployments import ENG, deploy, model_name, new_version
from tests.support.registry import REGISTER

# The documented selection: nested model, version and events resolve through loaders on every event.
UPDATED = """subscription($id: ID!) {
  deploymentUpdated(id: $id) { id status trafficPercent message model { name } version { version } events { status } }
}"""
CHANGED = "subscription($id: ID!) { deploymentsChanged(modelId: $id) { id status version { version } } }"


def _ws(base_url: str, token: str) -> Client:
    transport = WebsocketsTransport(
        url=base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {token}"},
    )
    return Client(transport=transport)


async def test_deployment_status_is_pushed_until_live(tenant, other_tenant) -> None:
    name = model_name()
    version = await new_version(tenant, name, models.linear(1.0))
    model_id = (
        await tenant.client(ENG).execute(
            "query($id: ID!) { modelVersion(id: $id) { model { id } } }", {"id": version["id"]}
        )
    ).ok()["modelVersion"]["model"]["id"]
    changed: list[str] = []

    async def watch_model() -> None:
        async with _ws(tenant.base_url, tenant.users[Role.VIEWER].token) as session:
            async for update in session.subscribe(GraphQLRequest(CHANGED, variable_values={"id": model_id})):
                changed.append(update["deploymentsChanged"]["status"])
                if changed[-1] == "LIVE":
                    return

    watcher = asyncio.create_task(watch_model())
    await asyncio.sleep(1.5)  # the model's subscription is open before anything changes
    started = (await deploy(tenant, version["id"], "STAGING", role=ENG)).ok()["deployModelVersion"]
    seen: list[str] = []
    async with _ws(tenant.base_url, tenant.users[Role.VIEWER].token) as session:
        async with asyncio.timeout(120):
            async for update in session.subscribe(GraphQLRequest(UPDATED, variable_values={"id": started["id"]})):
                seen.append(update["deploymentUpdated"]["status"])
                assert update["deploymentUpdated"]["model"]["name"] == name
                assert update["deploymentUpdated"]["version"]["version"] == version["version"]
                assert update["deploymentUpdated"]["events"][-1]["status"] == seen[-1]
                if seen[-1] in ("LIVE", "FAILED"):
                    break
    assert seen[-1] == "LIVE" and set(seen) <= {"PENDING", "ROLLING_OUT", "LIVE"}
    async with asyncio.timeout(60):
        await watcher
    # Each push reloads the row: steps committed together arrive as their final state.
    assert changed[0] == "PENDING" and changed[-1] == "LIVE"
    # Another tenant's subscription is refused outright: NOT_FOUND, not a stream that pushes nothing or just ends.
    pushed: list[dict] = []
    async with _ws(other_tenant.base_url, other_tenant.users[Role.ADMIN].token) as session:
        with pytest.raises(TransportQueryError) as refused:
            async with asyncio.timeout(10):
                async for update in session.subscribe(GraphQLRequest(UPDATED, variable_values={"id": started["id"]})):
                    pushed.append(update)
    assert pushed == []
    assert refused.value.errors[0]["extensions"]["code"] == "NOT_FOUND", refused.value.errors


async def test_model_names_that_cannot_name_an_endpoint_are_refused_at_registration(tenant) -> None:
    client = tenant.client(ENG)
    for bad in ("Pump Model", "pump_model", "-pump", "pump-", "Pumpe", "a" * 53, "pump/prod"):
        answer = await client.execute(REGISTER, {"name": bad, "description": "", "tags": []})
        assert answer.codes == ["BAD_USER_INPUT"], (bad, answer.body)
        assert "endpoint" in answer.body["errors"][0]["message"]
    assert (await client.execute(REGISTER, {"name": f"pump-{model_name()}-2", "description": "", "tags": []})).ok()
