"""Dramatiq actors of the webhooks area: thin wrappers over backend/webhooks services."""

from __future__ import annotations

import uuid

import dramatiq

from backend.config import settings
from backend.kit.db import transaction
from backend.webhooks import delivery
from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
from tasks import runtime


# HTTP failures are retried by the delivery itself (re-enqueued with backoff, attempt numbers in the
# message); Dramatiq's retries only cover the worker's own trouble (Postgres unreachable, a crash).
@dramatiq.actor(actor_name="deliverWebhook", queue_name=settings.webhooks_queue, max_retries=10, min_backoff=2000,
                on_retry_exhausted="webhookDeliveryRetriesExhausted",
                time_limit=int((settings.webhooks_timeout_seconds + 120) * 1000))
async def deliver_webhook(delivery_id: str, attempt: int) -> None:
    await delivery.deliver(runtime.sessionmaker(), settings, delivery_id=uuid.UUID(delivery_id), attempt=attempt)


@dramatiq.actor(actor_name="webhookDeliveryRetriesExhausted", queue_name=settings.webhooks_queue, max_retries=20)
async def webhook_delivery_retries_exhausted(message: dict, retries: dict) -> None:
    async with transaction(runtime.sessionmaker()) as session:
        await delivery.give_up(session, delivery_id=uuid.UUID(message["args"][0]),
                               attempts=int(retries["retries"]) + 1)
