"""GraphQL types of webhooks and their delivery log; the secret is only ever in the create/rotate payloads."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from backend.kit import ids
from backend.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery


@strawberry.enum(description="Where a webhook delivery stands.")
class WebhookDeliveryStatus(enum.Enum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@strawberry.type(name="Webhook", description="A URL of the tenant that receives signed events it subscribes to.")
class WebhookNode:
    id: strawberry.ID
    url: str
    events: list[str]
    description: str
    active: bool
    created_at: datetime
    updated_at: datetime | None
    row: strawberry.Private[Webhook]

    @classmethod
    def from_row(cls, row: Webhook) -> WebhookNode:
        return cls(
            id=strawberry.ID(ids.encode("Webhook", row.id)),
            url=row.url,
            events=list(row.events),
            description=row.description,
            active=row.active,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="The newest delivery to this webhook; null before the first one.")
    async def last_delivery(self, info: strawberry.Info) -> WebhookDeliveryNode | None:
        row = await info.context.loaders.webhooks.last_delivery.load(self.row.id)
        return WebhookDeliveryNode.from_row(row) if row is not None else None


@strawberry.type(name="WebhookAttempt", description="One HTTP request of a delivery and how the receiver answered.")
class WebhookAttemptNode:
    number: int
    started_at: datetime
    response_code: int | None = strawberry.field(description="The receiver's HTTP status; null when none came.")
    error: str | None
    duration_ms: float
    # An object (name to value), not a list: a list here would multiply the cost limit's estimate of a log page.
    request_headers: JSON = strawberry.field(
        description="The headers sent, name to value (X-Slipway-Signature is an HMAC of the body; the secret "
        "itself is never sent); {} for attempts logged before headers were kept."
    )
    response_body: str | None = strawberry.field(
        description="The start of the receiver's answer (at most 500 bytes); null when no answer came."
    )

    @classmethod
    def from_row(cls, row: WebhookAttempt) -> WebhookAttemptNode:
        return cls(
            number=row.number,
            started_at=row.started_at,
            response_code=row.status_code,
            error=row.error,
            duration_ms=row.duration_ms,
            request_headers=JSON(dict(row.request_headers or {})),
            response_body=row.response_body,
        )


@strawberry.type(name="WebhookDelivery", description="One event sent to one webhook, with its attempts.")
class WebhookDeliveryNode:
    id: strawberry.ID
    event: str
    status: WebhookDeliveryStatus
    attempts: int
    last_response_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None = strawberry.field(description="When the next retry is due while PENDING.")
    duration_ms: float | None = strawberry.field(description="How long the last attempt took.")
    request_body: str = strawberry.field(description="The exact JSON body that is signed and sent.")
    created_at: datetime
    finished_at: datetime | None
    redelivery_of_id: strawberry.ID | None
    row: strawberry.Private[WebhookDelivery]
    preloaded: strawberry.Private[list[WebhookAttempt] | None] = None

    @classmethod
    def from_row(cls, row: WebhookDelivery, attempts: list[WebhookAttempt] | None = None) -> WebhookDeliveryNode:
        return cls(
            id=strawberry.ID(ids.encode("WebhookDelivery", row.id)),
            event=row.event,
            status=WebhookDeliveryStatus(row.status),
            attempts=row.attempts,
            last_response_code=row.last_status_code,
            last_error=row.last_error,
            next_attempt_at=row.next_attempt_at,
            duration_ms=row.last_duration_ms,
            request_body=row.request_body,
            created_at=row.created_at,
            finished_at=row.finished_at,
            redelivery_of_id=(
                strawberry.ID(ids.encode("WebhookDelivery", row.redelivery_of)) if row.redelivery_of else None
            ),
            row=row,
            preloaded=attempts,
        )

    @strawberry.field(description="Every attempt, first to last.")
    async def attempt_log(self, info: strawberry.Info) -> list[WebhookAttemptNode]:
        rows = self.preloaded
        if rows is None:
            from backend.webhooks import manage

            rows = (await manage.attempts_by_delivery(info.context.session, [self.row.id]))[self.row.id]
        return [WebhookAttemptNode.from_row(r) for r in rows]


@strawberry.type(description="A webhook with its signing secret: shown this once, store it now.")
class WebhookWithSecret:
    webhook: WebhookNode
    secret: str = strawberry.field(description="Verify `X-Slipway-Signature` with it; it is never shown again.")


@strawberry.input(description="A new webhook.")
class CreateWebhookInput:
    url: str
    events: list[str] = strawberry.field(description="Event names from `webhookEvents`.")
    description: str = ""


@strawberry.input(description="What to change on a webhook; omitted fields stay as they are.")
class UpdateWebhookInput:
    url: str | None = None
    events: list[str] | None = None
    description: str | None = None
    active: bool | None = None
