"""Webhooks through the API: GraphQL documents, waits, and the short retry settings of the webhook tests' own API
and worker."""

from __future__ import annotations

import asyncio
import secrets

from backend.identity.roles import Role
from tests.support.tenants import TestTenant

ADMIN = Role.ADMIN
MAX_ATTEMPTS = 3
TIMEOUT_SECONDS = 2.0
# The webhook tests' API and worker: a queue only they use, few and quick retries.
FAST = {
    "SLIPWAY_WEBHOOKS_QUEUE": f"webhooks-test-{secrets.token_hex(4)}",
    "SLIPWAY_WEBHOOKS_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    "SLIPWAY_WEBHOOKS_BACKOFF_SECONDS": "0.3",
    "SLIPWAY_WEBHOOKS_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
}

CREATE = """mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events description active createdAt } }
}"""
UPDATE = """mutation($id: ID!, $input: UpdateWebhookInput!) {
  updateWebhook(id: $id, input: $input) { id url events description active updatedAt }
}"""
ROTATE = "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }"
DELETE = "mutation($id: ID!) { deleteWebhook(id: $id) }"
PING = "mutation($id: ID!) { pingWebhook(id: $id) { id event status attempts } }"
REDELIVER = "mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id event status attempts redeliveryOfId } }"
LIST = "{ webhooks { id url events description active createdAt updatedAt } }"
ONE = "query($id: ID!) { webhook(id: $id) { id url events description active } }"
CATALOGUE = "{ webhookEvents }"
DELIVERIES = """query($id: ID!, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $id, first: $first, after: $after) {
    edges { cursor node { id event status attempts lastResponseCode lastError nextAttemptAt durationMs requestBody
                          createdAt finishedAt redeliveryOfId
                          attemptLog { number startedAt responseCode error durationMs } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def create(tenant: TestTenant, url: str, events: list[str], description: str = "") -> tuple[str, str]:
    """(webhook id, secret) of a new webhook made by the tenant's admin."""
    made = (
        await tenant.client(ADMIN).execute(
            CREATE, {"input": {"url": url, "events": events, "description": description}}
        )
    ).ok()
    return made["createWebhook"]["webhook"]["id"], made["createWebhook"]["secret"]


async def deliveries(tenant: TestTenant, webhook_id: str) -> list[dict]:
    answer = await tenant.client(ADMIN).execute(DELIVERIES, {"id": webhook_id, "first": 100})
    return [e["node"] for e in answer.ok()["webhookDeliveries"]["edges"]]


async def wait_finished(tenant: TestTenant, webhook_id: str, delivery_id: str, timeout: float = 120) -> dict:
    """Poll the delivery log until the delivery has SUCCEEDED or FAILED."""
    async with asyncio.timeout(timeout):
        while True:
            found = [d for d in await deliveries(tenant, webhook_id) if d["id"] == delivery_id]
            if found and found[0]["status"] != "PENDING":
                return found[0]
            await asyncio.sleep(0.3)
