"""Actors of the webhooks area: thin, named `area.verb`, calling backend/webhooks/jobs.py."""

from __future__ import annotations

from backend.config import settings
from backend.webhooks import jobs
from tasks import runtime
from tasks.broker import actor


# HTTP failures are retried by the delivery itself (re-enqueued with backoff, attempt numbers in the
# message); Dramatiq's retries only cover the worker's own trouble (Postgres unreachable, a crash).
@actor(
    "webhooks.deliver",
    aliases=("deliverWebhook",),
    max_retries=10,
    min_backoff=2000,
    on_retry_exhausted="webhooks.deliver_exhausted",
    time_limit=int((settings.webhooks_timeout_seconds + 120) * 1000),
)
async def deliver(delivery_id: str, attempt: int) -> None:
    await jobs.deliver(runtime.sessionmaker(), settings, delivery_id, attempt)


@actor("webhooks.deliver_exhausted", aliases=("webhookDeliveryRetriesExhausted",), max_retries=20)
async def deliver_exhausted(message: dict, retries: dict) -> None:
    await jobs.deliver_exhausted(runtime.sessionmaker(), message, retries)
