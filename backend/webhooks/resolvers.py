"""GraphQL entry points of the webhooks area: admins only, tenant-scoped; translate and call the service."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.connection import Connection
from backend.api.live import changes
from backend.events.publish import Event
from backend.kit import ids
from backend.kit.pagination import PageRequest
from backend.webhooks import manage, service
from backend.webhooks.events import EVENTS
from backend.webhooks.types import (
    CreateWebhookInput,
    UpdateWebhookInput,
    WebhookDeliveryNode,
    WebhookNode,
    WebhookWithSecret,
)


def _id(value: strawberry.ID):
    return ids.decode("Webhook", value)


@strawberry.type
class WebhooksQuery:
    @strawberry.field(description="The tenant's webhooks, oldest first (admins).")
    async def webhooks(self, info: strawberry.Info) -> list[WebhookNode]:
        ctx = info.context
        return [WebhookNode.from_row(r) for r in await manage.list_webhooks(ctx.session, ctx.viewer)]

    @strawberry.field
    async def webhook(self, info: strawberry.Info, id: strawberry.ID) -> WebhookNode:
        ctx = info.context
        return WebhookNode.from_row(await manage.get(ctx.session, ctx.viewer, _id(id)))

    @strawberry.field(description="A webhook's delivery log, newest first, each with its attempts (admins).")
    async def webhook_deliveries(
        self, info: strawberry.Info, webhook_id: strawberry.ID, first: int | None = None, after: str | None = None
    ) -> Connection[WebhookDeliveryNode]:
        ctx = info.context
        page = await manage.deliveries(ctx.session, ctx.viewer, _id(webhook_id), page=PageRequest.parse(first, after))
        attempts = await manage.attempts_by_delivery(ctx.session, [row.id for _, row in page.items])
        return Connection.from_page(page, lambda row: WebhookDeliveryNode.from_row(row, attempts[row.id]))

    @strawberry.field(description="Every event name a webhook may subscribe to.")
    def webhook_events(self) -> list[str]:
        return list(EVENTS)


@strawberry.type
class WebhooksMutation:
    @strawberry.mutation(description="Register a webhook URL; the answer holds its signing secret, shown only now.")
    async def create_webhook(self, info: strawberry.Info, input: CreateWebhookInput) -> WebhookWithSecret:
        ctx = info.context
        made = await manage.create(
            ctx.session, ctx.viewer, url=input.url, events=input.events, description=input.description
        )
        return WebhookWithSecret(webhook=WebhookNode.from_row(made.webhook), secret=made.secret)

    @strawberry.mutation(description="Change a webhook's URL, events, description or whether it is active.")
    async def update_webhook(self, info: strawberry.Info, id: strawberry.ID, input: UpdateWebhookInput) -> WebhookNode:
        ctx = info.context
        row = await manage.update(
            ctx.session,
            ctx.viewer,
            _id(id),
            url=input.url,
            events=input.events,
            description=input.description,
            active=input.active,
        )
        return WebhookNode.from_row(row)

    @strawberry.mutation(description="Replace the signing secret at once; the new one is shown only now.")
    async def rotate_webhook_secret(self, info: strawberry.Info, id: strawberry.ID) -> WebhookWithSecret:
        ctx = info.context
        made = await manage.rotate_secret(ctx.session, ctx.viewer, _id(id))
        return WebhookWithSecret(webhook=WebhookNode.from_row(made.webhook), secret=made.secret)

    @strawberry.mutation(description="Delete a webhook and its delivery log; returns its id.")
    async def delete_webhook(self, info: strawberry.Info, id: strawberry.ID) -> strawberry.ID:
        ctx = info.context
        await manage.delete(ctx.session, ctx.viewer, _id(id))
        return id

    @strawberry.mutation(description="Send a finished delivery's event again, as a new delivery.")
    async def redeliver_webhook(self, info: strawberry.Info, delivery_id: strawberry.ID) -> WebhookDeliveryNode:
        ctx = info.context
        row = await manage.redeliver(ctx.session, ctx.viewer, ids.decode("WebhookDelivery", delivery_id))
        return WebhookDeliveryNode.from_row(row, [])

    @strawberry.mutation(description="Send a `ping` event to this webhook to check that it receives and verifies.")
    async def ping_webhook(self, info: strawberry.Info, id: strawberry.ID) -> WebhookDeliveryNode:
        ctx = info.context
        row = await manage.ping(ctx.session, ctx.viewer, _id(id))
        return WebhookDeliveryNode.from_row(row, [])


@strawberry.type
class WebhooksSubscription:
    @strawberry.subscription(
        description="A webhook's deliveries as they are created and as each attempt is logged (admins)."
    )
    async def webhook_delivery_updated(
        self, info: strawberry.Info, webhook_id: strawberry.ID
    ) -> AsyncGenerator[WebhookDeliveryNode, None]:
        ctx = info.context
        webhook = _id(webhook_id)

        async def check(session: AsyncSession) -> None:
            await manage.get(session, ctx.viewer, webhook)

        async def load(session: AsyncSession, event: Event) -> WebhookDeliveryNode | None:
            row = await manage.delivery_of(session, ctx.viewer, webhook, uuid.UUID(event.id))
            if row is None:
                return None
            attempts = await manage.attempts_by_delivery(session, [row.id])
            return WebhookDeliveryNode.from_row(row, attempts[row.id])

        return changes(ctx, topic=service.TOPIC, load=load, check=check)
