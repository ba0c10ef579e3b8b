"""Batch loads for webhooks' nested fields: one query per request, not one per webhook."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from backend.kit.db import SessionSource
from backend.webhooks import repository
from backend.webhooks.models import WebhookDelivery


class WebhooksLoaders:
    """Keyed by webhook ids the resolver has already found in the viewer's tenant."""

    def __init__(self, session: SessionSource) -> None:
        async def last_delivery(ids: list[uuid.UUID]) -> list[WebhookDelivery | None]:
            found = {row.webhook_id: row for row in await repository.last_deliveries(session(), ids)}
            return [found.get(i) for i in ids]

        self.last_delivery = DataLoader[uuid.UUID, WebhookDelivery | None](load_fn=last_delivery)
