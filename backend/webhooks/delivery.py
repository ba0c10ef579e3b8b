"""The worker's side: one signed HTTP attempt of a delivery, then SUCCEEDED, a retry later, or FAILED."""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.kit import ids
from backend.kit.db import transaction
from backend.webhooks import repository, service
from backend.webhooks.models import WebhookAttempt, WebhookDelivery
from backend.webhooks.signature import HEADER, sign

log = logging.getLogger(__name__)

USER_AGENT = "Slipway-Webhooks/1"
MAX_ERROR = 500


@dataclass(frozen=True)
class Outcome:
    started_at: datetime
    duration_ms: float
    status_code: int | None
    error: str | None
    request_headers: dict[str, str]
    response_body: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, *, delivery_id: uuid.UUID, attempt: int
) -> str | None:
    """Make attempt number `attempt` unless it was already made (a redelivered job) or the delivery is over."""
    async with transaction(sessionmaker) as session:
        found = await repository.delivery_for_worker(session, delivery_id, lock=False)
        if found is None or not _due(found[0], attempt):
            return found[0].status if found else None
        delivery, hook = found
        if not hook.active:
            return await _finish_inactive(session, delivery_id, attempt)
        url, secret, body, event = hook.url, hook.secret, delivery.request_body, delivery.event
    outcome = await post(
        url,
        secret=secret,
        body=body.encode(),
        event=event,
        delivery_id=delivery_id,
        timeout=settings.webhooks_timeout_seconds,
        connect_timeout=settings.webhooks_connect_timeout_seconds,
    )
    async with transaction(sessionmaker) as session:
        return await record(session, settings, delivery_id=delivery_id, attempt=attempt, outcome=outcome)


def _due(delivery: WebhookDelivery, attempt: int) -> bool:
    return delivery.status == "PENDING" and delivery.attempts == attempt - 1


async def post(
    url: str,
    *,
    secret: str,
    body: bytes,
    event: str,
    delivery_id: uuid.UUID,
    timeout: float,
    connect_timeout: float,
) -> Outcome:
    """POST the body signed now; redirects are not followed (the receiver's URL is the one registered)."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Slipway-Event": event,
        "X-Slipway-Delivery": ids.encode("WebhookDelivery", delivery_id),
        HEADER: sign(secret, body),
    }
    started_at, clock = datetime.now(UTC), time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    head: bytes | None = None
    try:
        # httpx's timeouts bound the connect and each read; asyncio.timeout bounds the whole exchange,
        # so a receiver that accepts and stays silent, or drips its answer a byte at a time, cannot
        # hold a worker thread past the deadline.
        client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
            follow_redirects=False,
            trust_env=False,
        )
        async with (
            asyncio.timeout(timeout),
            client,
            client.stream("POST", url, content=body, headers=headers) as answer,
        ):
            status_code = answer.status_code
            # The whole answer must arrive: one cut off mid-body is a receiver in trouble, and the
            # X-Slipway-Delivery header lets it drop the retry if it did act on the first.
            head = await _read(answer)
            if not 200 <= status_code < 300:
                error = _describe(answer, head)
    except httpx.ConnectTimeout:
        error = f"Could not connect within {min(connect_timeout, timeout):g} s."
    except (TimeoutError, httpx.TimeoutException):
        cut = f" (HTTP {status_code} came, its body did not)" if status_code is not None else ""
        error = f"No complete answer within {timeout:g} s{cut}."
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    return Outcome(
        started_at,
        (time.perf_counter() - clock) * 1000,
        status_code,
        error,
        request_headers=headers,
        response_body=head.decode(errors="replace") if head is not None else None,
    )


async def _read(answer: httpx.Response) -> bytes:
    """The whole answer, keeping only its start for the log; the deadline bounds a large one."""
    kept = b""
    async for chunk in answer.aiter_bytes():
        if len(kept) < MAX_ERROR:
            kept += chunk[: MAX_ERROR - len(kept)]
    return kept


def _describe(answer: httpx.Response, head: bytes) -> str:
    if answer.is_redirect:
        return f"HTTP {answer.status_code}: redirect to {answer.headers.get('location', '?')} not followed."
    text = head.decode(errors="replace").strip().replace("\n", " ")
    return (f"HTTP {answer.status_code}" + (f": {text}" if text else ""))[:MAX_ERROR]


async def record(
    session: AsyncSession, settings: Settings, *, delivery_id: uuid.UUID, attempt: int, outcome: Outcome
) -> str | None:
    """Log the attempt and move the delivery on, unless another copy of the job already did."""
    found = await repository.delivery_for_worker(session, delivery_id, lock=True)
    if found is None or not _due(found[0], attempt):
        return found[0].status if found else None
    delivery = found[0]
    await repository.add(
        session,
        WebhookAttempt(
            delivery_id=delivery.id,
            number=attempt,
            started_at=outcome.started_at,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            request_headers=outcome.request_headers,
            response_body=outcome.response_body,
        ),
    )
    delivery.attempts = attempt
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    delivery.last_duration_ms = outcome.duration_ms
    now = await repository.now(session)
    if outcome.ok:
        delivery.status, delivery.next_attempt_at, delivery.finished_at = "SUCCEEDED", None, now
    elif attempt >= settings.webhooks_max_attempts:
        delivery.status, delivery.next_attempt_at, delivery.finished_at = "FAILED", None, now
        log.warning("webhook delivery failed", extra={"delivery_id": str(delivery_id), "attempts": attempt})
    else:
        delay = backoff(settings, attempt)
        delivery.next_attempt_at = now + timedelta(seconds=delay)
        await service.queue_attempt(session, delivery.id, attempt=attempt + 1, delay=delay)
    await session.flush()
    await service.announce_change(session, delivery)
    return delivery.status


def backoff(settings: Settings, attempt: int) -> float:
    """Seconds before the attempt after `attempt`: doubling, capped, with "equal jitter" so receivers
    coming back from an outage are not hit by every delivery in the same second."""
    ceiling = min(settings.webhooks_max_backoff_seconds, settings.webhooks_backoff_seconds * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


async def _finish_inactive(session: AsyncSession, delivery_id: uuid.UUID, attempt: int) -> str | None:
    found = await repository.delivery_for_worker(session, delivery_id, lock=True)
    if found is None or not _due(found[0], attempt):
        return found[0].status if found else None
    delivery = found[0]
    delivery.status, delivery.finished_at, delivery.next_attempt_at = "FAILED", await repository.now(session), None
    delivery.last_error = "Not sent: the webhook was deactivated; activate it and redeliver."
    await session.flush()
    await service.announce_change(session, delivery)
    return delivery.status


async def give_up(session: AsyncSession, *, delivery_id: uuid.UUID, attempts: int) -> None:
    """The job itself kept crashing (database or worker trouble): FAILED rather than PENDING forever."""
    found = await repository.delivery_for_worker(session, delivery_id, lock=True)
    if found is None or found[0].status != "PENDING":
        return
    delivery = found[0]
    delivery.status, delivery.finished_at, delivery.next_attempt_at = "FAILED", await repository.now(session), None
    delivery.last_error = (
        f"The delivery job failed {attempts} times inside the worker; redeliver it, and tell an admin if it repeats."
    )
    await session.flush()
    await service.announce_change(session, delivery)
