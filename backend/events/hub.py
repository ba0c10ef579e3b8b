"""One LISTEN connection per API process, fanned out to subscriptions of the right tenant."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncpg

from backend.events.publish import CHANNEL, Event

log = logging.getLogger(__name__)

QUEUE_SIZE = 256


@dataclass(eq=False)
class _Subscriber:
    tenant_id: uuid.UUID
    topics: frozenset[str]
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))


class EventHub:
    """Owns the LISTEN connection, reconnecting when Postgres goes away."""

    def __init__(self, dsn: str, *, application_name: str = "slipway-listen") -> None:
        self._dsn = dsn
        self._application_name = application_name
        self._subscribers: set[_Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="event-hub")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), 10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    @contextlib.asynccontextmanager
    async def subscribe(self, tenant_id: uuid.UUID, topics: set[str]) -> AsyncIterator[asyncio.Queue[Event]]:
        """A queue of this tenant's events on `topics`, for as long as the block runs."""
        subscriber = _Subscriber(tenant_id, frozenset(topics))
        self._subscribers.add(subscriber)
        try:
            yield subscriber.queue
        finally:
            # A subscriber that went away costs nothing more: nobody holds its queue.
            self._subscribers.discard(subscriber)

    def dispatch(self, event: Event) -> None:
        for subscriber in list(self._subscribers):
            if subscriber.tenant_id != event.tenant_id or event.topic not in subscriber.topics:
                continue
            if subscriber.queue.full():
                # A slow consumer loses its oldest notice, never the newest state.
                subscriber.queue.get_nowait()
            subscriber.queue.put_nowait(event)

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            self.dispatch(Event.decode(payload))
        except (ValueError, KeyError):
            log.warning("ignored a malformed event payload", extra={"payload": payload[:200]})

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(
                    self._dsn, timeout=5, server_settings={"application_name": self._application_name}
                )
                await conn.add_listener(CHANNEL, self._on_notify)
                self._listening.set()
                backoff = 0.5
                while not conn.is_closed():
                    await asyncio.sleep(1)
                    await conn.execute("SELECT 1")  # notices a dead server promptly
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                log.warning("event listener lost Postgres; reconnecting", extra={"error": str(exc)})
            finally:
                self._listening.clear()
                if conn is not None and not conn.is_closed():
                    await conn.close()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10)
