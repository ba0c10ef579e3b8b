"""Webhook events: record one delivery per subscribed webhook and queue it, in the caller's transaction."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.events.publish import publish
from backend.kit import ids
from backend.kit.errors import BadInput
from backend.kit.jobs import enqueue
from backend.webhooks import repository
from backend.webhooks.events import EVENTS
from backend.webhooks.models import Webhook, WebhookDelivery

log = logging.getLogger(__name__)

# Subscriptions to a webhook's delivery log listen here; the event's id is the delivery's.
TOPIC = "webhook_delivery"


async def emit(session: AsyncSession, *, tenant_id: uuid.UUID, event: str, payload: dict) -> None:
    """Announce `event` to the tenant's active webhooks subscribed to it; sent after the caller commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}; add it to backend/webhooks/events.py")
    hooks = await repository.subscribers(session, tenant_id, event)
    if not hooks:
        return
    slug = await repository.tenant_slug(session, tenant_id)
    occurred_at = datetime.now(UTC)
    for hook in hooks:
        await create_delivery(session, hook, event=event, payload=payload, slug=slug, occurred_at=occurred_at)


async def create_delivery(
    session: AsyncSession,
    hook: Webhook,
    *,
    event: str,
    payload: dict,
    slug: str,
    occurred_at: datetime,
    redelivery_of: uuid.UUID | None = None,
) -> WebhookDelivery:
    """A PENDING delivery whose body is fixed now, and its first attempt queued in the same transaction."""
    delivery_id = uuid.uuid4()
    body = json.dumps(
        {
            "id": ids.encode("WebhookDelivery", delivery_id),
            "event": event,
            "createdAt": occurred_at.isoformat(),
            "tenant": slug,
            "data": payload,
        },
        separators=(",", ":"),
        default=str,
    )
    delivery = WebhookDelivery(
        id=delivery_id,
        tenant_id=hook.tenant_id,
        webhook_id=hook.id,
        event=event,
        request_body=body,
        status="PENDING",
        attempts=0,
        redelivery_of=redelivery_of,
    )
    await repository.add(session, delivery)
    await queue_attempt(session, delivery.id, attempt=1, delay=0)
    await announce_change(session, delivery)
    return delivery


async def announce_change(session: AsyncSession, delivery: WebhookDelivery) -> None:
    """Tell open delivery logs that this delivery is new or moved on (heard once the caller commits)."""
    await publish(session, tenant_id=delivery.tenant_id, topic=TOPIC, id=str(delivery.id))


async def queue_attempt(session: AsyncSession, delivery_id: uuid.UUID, *, attempt: int, delay: float) -> None:
    await enqueue(session, "webhooks.deliver", str(delivery_id), attempt, delay=delay)


def check_events(events: list[str]) -> list[str]:
    """The subscribed events, each known, without duplicates, in catalogue order."""
    unknown = sorted({e for e in events if e not in EVENTS})
    if unknown:
        raise BadInput(
            f"Unknown webhook events: {', '.join(unknown)}. Known events: {', '.join(EVENTS)}.", field="events"
        )
    if not events:
        raise BadInput(f"Subscribe to at least one event; known events: {', '.join(EVENTS)}.", field="events")
    return [e for e in EVENTS if e in set(events)]
