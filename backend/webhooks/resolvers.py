"""GraphQL entry points of the webhooks area (filled in by its issue)."""

from __future__ import annotations

import strawberry


@strawberry.type
class WebhooksQuery:
    pass


@strawberry.type
class WebhooksMutation:
    pass


@strawberry.type
class WebhooksSubscription:
    pass
