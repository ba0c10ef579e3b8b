"""Deployment status changes are announced to the tenant's webhooks, in the transaction that makes them."""

from __future__ import annotations

import asyncio

from tests.support import deploy_models as models
from tests.support.deployments import ADMIN, ENG, deployed, model_name, new_version

CREATE = """mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }"""
DELIVERIES = (
    """query($id: ID!) { webhookDeliveries(webhookId: $id, first: 50) { edges { node { event requestBody } } } }"""
)


async def test_a_deployment_announces_rolling_out_and_live(tenant) -> None:
    admin = tenant.client(ADMIN)
    created = await admin.execute(
        CREATE, {"input": {"url": "http://127.0.0.1:9/hook", "events": ["deployment.rolling_out", "deployment.live"]}}
    )
    hook = created.ok()["createWebhook"]["webhook"]["id"]
    name = model_name()
    version = await new_version(tenant, name, models.linear(1.0))
    await deployed(tenant, version["id"], "STAGING", role=ENG)
    for _ in range(60):
        edges = (await admin.execute(DELIVERIES, {"id": hook})).ok()["webhookDeliveries"]["edges"]
        events = sorted(e["node"]["event"] for e in edges)
        if events == ["deployment.live", "deployment.rolling_out"]:
            break
        await asyncio.sleep(0.5)
    assert events == ["deployment.live", "deployment.rolling_out"]
    assert all(name in e["node"]["requestBody"] for e in edges)
