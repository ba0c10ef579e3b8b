"""Batch loads for webhooks' nested fields: one query per request, not one per webhook."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from backend.webhooks import repository
from backend.webhooks.models import WebhookDelivery

if TYPE_CHECKING:
    from backend.api.context import Context


class WebhooksLoaders:
    """Keyed by webhook ids the resolver has already found in the viewer's tenant."""

    def __init__(self, context: Context) -> None:
        async def last_delivery(ids: list[uuid.UUID]) -> list[WebhookDelivery | None]:
            found = {row.webhook_id: row for row in await repository.last_deliveries(context.session, ids)}
            return [found.get(i) for i in ids]

        self.last_delivery = DataLoader[uuid.UUID, WebhookDelivery | None](load_fn=last_delivery)
