"""All SQL of the webhooks area."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.identity.models import Tenant
from backend.kit.pagination import by_creation
from backend.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery


async def add(session: AsyncSession, row: Webhook | WebhookDelivery | WebhookAttempt) -> None:
    session.add(row)
    await session.flush()


async def now(session: AsyncSession) -> datetime:
    return (await session.execute(select(func.now()))).scalar_one()


async def tenant_slug(session: AsyncSession, tenant_id: uuid.UUID) -> str:
    return (await session.execute(select(Tenant.slug).where(Tenant.id == tenant_id))).scalar_one()


async def subscribers(session: AsyncSession, tenant_id: uuid.UUID, event: str) -> list[Webhook]:
    """Active webhooks of the tenant subscribed to `event`."""
    stmt = (
        select(Webhook)
        .where(Webhook.tenant_id == tenant_id, Webhook.active.is_(True), Webhook.events.contains([event]))
        .order_by(Webhook.created_at, Webhook.id)
    )
    return list(await session.scalars(stmt))


async def webhook_in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, webhook_id: uuid.UUID, *, lock: bool = False
) -> Webhook | None:
    stmt = select(Webhook).where(Webhook.tenant_id == tenant_id, Webhook.id == webhook_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def list_webhooks(session: AsyncSession, tenant_id: uuid.UUID) -> list[Webhook]:
    stmt = select(Webhook).where(Webhook.tenant_id == tenant_id).order_by(Webhook.created_at, Webhook.id)
    return list(await session.scalars(stmt))


async def delete_webhook(session: AsyncSession, webhook: Webhook) -> None:
    await session.execute(delete(Webhook).where(Webhook.id == webhook.id))


async def delivery_in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery | None:
    stmt = select(WebhookDelivery).where(WebhookDelivery.tenant_id == tenant_id, WebhookDelivery.id == delivery_id)
    return await session.scalar(stmt)


async def delivery_for_worker(
    session: AsyncSession, delivery_id: uuid.UUID, *, lock: bool
) -> tuple[WebhookDelivery, Webhook] | None:
    """The delivery a job names with its webhook (locked while an attempt is recorded)."""
    stmt = (
        select(WebhookDelivery, Webhook)
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.id == delivery_id)
    )
    if lock:
        stmt = stmt.with_for_update(of=WebhookDelivery)
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else None


async def page_deliveries(
    session: AsyncSession, webhook_id: uuid.UUID, *, after: str | None, limit: int
) -> list[WebhookDelivery]:
    """Deliveries newest first; the cursor is `created_at|id`."""
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    return list(await session.scalars(by_creation(stmt, WebhookDelivery, after).limit(limit)))


async def last_deliveries(session: AsyncSession, webhook_ids: Sequence[uuid.UUID]) -> list[WebhookDelivery]:
    """The newest delivery of each webhook, in one query."""
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id.in_(webhook_ids))
        .distinct(WebhookDelivery.webhook_id)
        .order_by(WebhookDelivery.webhook_id, WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    )
    return list((await session.scalars(stmt)).all())


async def attempts_of(session: AsyncSession, delivery_ids: Sequence[uuid.UUID]) -> list[WebhookAttempt]:
    stmt = (
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttempt.delivery_id, WebhookAttempt.number)
    )
    return list(await session.scalars(stmt))
