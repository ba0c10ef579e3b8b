"""Admission: at most N GraphQL requests run at once; the rest wait their turn, in order, for a bounded time.

Under a burst every request used to start at once, share the CPU and queue inside the connection pool,
where the slowest timed out with a 503 after SLIPWAY_DATABASE_POOL_TIMEOUT_SECONDS. A FIFO gate in front
keeps the running set small enough that each request holds its connection briefly, answers the
requests in the order they came, and turns away only what waited longer than the admission timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import Gauge

from backend.kit.errors import Unavailable

WAITING = Gauge("slipway_http_requests_waiting", "GraphQL requests waiting for their turn to run")
RUNNING = Gauge("slipway_http_requests_running", "GraphQL requests running")


class Admission:
    def __init__(self, *, limit: int, timeout: float) -> None:
        self._slots = asyncio.Semaphore(limit)  # asyncio's semaphore wakes waiters first come, first served
        self._timeout = timeout

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for a slot (Unavailable after the timeout), and hold it for the block."""
        WAITING.inc()
        try:
            async with asyncio.timeout(self._timeout):
                await self._slots.acquire()
        except TimeoutError:
            raise Unavailable(
                f"The API is busy: the request waited {self._timeout:g} s for its turn; retry shortly."
            ) from None
        finally:
            WAITING.dec()
        RUNNING.inc()
        try:
            yield
        finally:
            RUNNING.dec()
            self._slots.release()
