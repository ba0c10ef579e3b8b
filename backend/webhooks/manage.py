"""What admins do with webhooks: register, change, rotate the secret, delete, read deliveries, redeliver, ping."""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.pagination import Page, PageRequest, time_key
from backend.webhooks import repository, service
from backend.webhooks.events import PING
from backend.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery

MAX_URL = 2000
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class WithSecret:
    webhook: Webhook
    secret: str


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def check_url(url: str) -> str:
    """An absolute http(s) URL with a host; anything else would never be deliverable."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(
            f"The webhook URL must be an absolute http:// or https:// URL with a host; got {url!r}.", field="url"
        )
    if len(url) > MAX_URL:
        raise BadInput(f"A webhook URL holds at most {MAX_URL} characters.", field="url")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise BadInput(f"The port of the webhook URL is not a number: {url!r}.", field="url") from None
    return url


def _check_description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION:
        raise BadInput(f"A description holds at most {MAX_DESCRIPTION} characters.", field="description")
    return description


async def get(session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, *, lock: bool = False) -> Webhook:
    principal.require(Permission.MANAGE_WEBHOOKS)
    row = await repository.webhook_in_tenant(session, principal.tenant_id, webhook_id, lock=lock)
    if row is None:
        raise NotFound("Webhook")
    return row


async def list_webhooks(session: AsyncSession, principal: Principal) -> list[Webhook]:
    principal.require(Permission.MANAGE_WEBHOOKS)
    return await repository.list_webhooks(session, principal.tenant_id)


async def create(
    session: AsyncSession, principal: Principal, *, url: str, events: list[str], description: str
) -> WithSecret:
    """A new active webhook; its secret is returned here and never again."""
    principal.require(Permission.MANAGE_WEBHOOKS)
    secret = new_secret()
    row = Webhook(
        tenant_id=principal.tenant_id,
        url=check_url(url),
        events=service.check_events(events),
        description=_check_description(description),
        active=True,
        secret=secret,
        created_by=principal.user_id,
    )
    await repository.add(session, row)
    await _audit(session, principal, row, "webhook.created", url=row.url, events=row.events)
    return WithSecret(row, secret)


async def update(
    session: AsyncSession,
    principal: Principal,
    webhook_id: uuid.UUID,
    *,
    url: str | None,
    events: list[str] | None,
    description: str | None,
    active: bool | None,
) -> Webhook:
    """Change what is given; pending deliveries go to the URL and use the secret current when they are sent."""
    row = await get(session, principal, webhook_id, lock=True)
    if url is not None:
        row.url = check_url(url)
    if events is not None:
        row.events = service.check_events(events)
    if description is not None:
        row.description = _check_description(description)
    if active is not None:
        row.active = active
    row.updated_at = datetime.now(UTC)
    await session.flush()
    await _audit(session, principal, row, "webhook.updated", url=row.url, events=row.events, active=row.active)
    return row


async def rotate_secret(session: AsyncSession, principal: Principal, webhook_id: uuid.UUID) -> WithSecret:
    """A new secret at once: every delivery sent from now on is signed with it."""
    row = await get(session, principal, webhook_id, lock=True)
    row.secret = new_secret()
    row.updated_at = datetime.now(UTC)
    await session.flush()
    await _audit(session, principal, row, "webhook.secret_rotated")
    return WithSecret(row, row.secret)


async def delete(session: AsyncSession, principal: Principal, webhook_id: uuid.UUID) -> uuid.UUID:
    """The webhook and its delivery log; queued attempts find nothing and stop."""
    row = await get(session, principal, webhook_id, lock=True)
    await _audit(session, principal, row, "webhook.deleted", url=row.url)
    await repository.delete_webhook(session, row)
    return row.id


async def deliveries(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, *, page: PageRequest
) -> Page[WebhookDelivery]:
    """The webhook's deliveries, newest first."""
    await get(session, principal, webhook_id)
    if page.after is not None and (not isinstance(page.after, str) or "|" not in page.after):
        raise BadInput("`after` is not a cursor of this delivery log.", field="after")
    rows = await repository.page_deliveries(session, webhook_id, after=page.after, limit=page.first + 1)
    return page.page_of(rows, key=time_key)


async def delivery_of(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery | None:
    """One delivery of this webhook (for its live log); None when it belongs to another webhook or is gone."""
    principal.require(Permission.MANAGE_WEBHOOKS)
    row = await repository.delivery_in_tenant(session, principal.tenant_id, delivery_id)
    return row if row is not None and row.webhook_id == webhook_id else None


async def attempts_by_delivery(
    session: AsyncSession, delivery_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[WebhookAttempt]]:
    """Every attempt of the given deliveries in one query (the delivery log's page)."""
    found: dict[uuid.UUID, list[WebhookAttempt]] = {i: [] for i in delivery_ids}
    for attempt in await repository.attempts_of(session, delivery_ids):
        found[attempt.delivery_id].append(attempt)
    return found


async def redeliver(session: AsyncSession, principal: Principal, delivery_id: uuid.UUID) -> WebhookDelivery:
    """Send a finished delivery's event and data again as a new delivery (with its own id and attempts)."""
    principal.require(Permission.MANAGE_WEBHOOKS)
    original = await repository.delivery_in_tenant(session, principal.tenant_id, delivery_id)
    if original is None:
        raise NotFound("WebhookDelivery")
    if original.status == "PENDING":
        raise Conflict(
            "This delivery is still PENDING (being sent or waiting for its next attempt); "
            "redeliver it once it has SUCCEEDED or FAILED."
        )
    hook = await _sendable(session, principal, original.webhook_id)
    body = json.loads(original.request_body)
    row = await service.create_delivery(
        session,
        hook,
        event=original.event,
        payload=body["data"],
        slug=body["tenant"],
        occurred_at=datetime.fromisoformat(body["createdAt"]),
        redelivery_of=original.id,
    )
    await _audit(session, principal, hook, "webhook.redelivered", delivery=str(original.id), new_delivery=str(row.id))
    return row


async def ping(session: AsyncSession, principal: Principal, webhook_id: uuid.UUID) -> WebhookDelivery:
    """A `ping` delivery to this webhook alone, whatever it subscribes to."""
    hook = await _sendable(session, principal, webhook_id)
    row = await service.create_delivery(
        session,
        hook,
        event=PING,
        payload={"message": "Hello from Slipway."},
        slug=principal.tenant_slug,
        occurred_at=datetime.now(UTC),
    )
    await _audit(session, principal, hook, "webhook.pinged", delivery=str(row.id))
    return row


async def _sendable(session: AsyncSession, principal: Principal, webhook_id: uuid.UUID) -> Webhook:
    hook = await get(session, principal, webhook_id)
    if not hook.active:
        raise Conflict("This webhook is inactive; activate it with updateWebhook(active: true) first.")
    return hook


async def _audit(session: AsyncSession, principal: Principal, row: Webhook, action: str, **details: object) -> None:
    # Never the secret: the audit log is readable by every admin, for years.
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action=action,
        target_type="Webhook",
        target_id=str(row.id),
        details=details,
    )
