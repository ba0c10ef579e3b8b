"""Periodic jobs cannot die: every worker process queues their next runs when it starts, and again every
`deploy_sweep_seconds` while it runs.

A periodic job keeps going by queueing its own next run, and its actor queues the next one when its retries
are spent (`*_exhausted`). Neither helps when Postgres is away longer than the broker's own reconnect
attempts: the failed run's retry cannot be written, the message is acknowledged once Postgres is back, and
the chain is gone. So the worker asks again on a timer. Each next run carries the key of its slot, so asking
again (from every worker process, every period) is a no-op while that run is queued.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable

from dramatiq import Broker, Middleware, Worker
from dramatiq.asyncio import get_event_loop_thread
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import settings
from backend.deployments import jobs as deployments
from backend.identity import jobs as identity
from backend.kit.jobs import queue_of
from backend.labels import jobs as labels
from backend.monitoring import jobs as monitoring
from backend.storage import jobs as storage
from tasks import runtime

log = logging.getLogger(__name__)

# Job name -> what queues its next run (idempotent: one message per slot).
PERIODIC: dict[str, Callable[[async_sessionmaker[AsyncSession]], Awaitable[None]]] = {
    "deployments.sweep": deployments.queue_next_sweep,
    "identity.housekeeping": identity.queue_next_housekeeping,
    "labels.housekeeping": labels.queue_next_housekeeping,
    "monitoring.drift": monitoring.queue_next_drift,
    "monitoring.partitions": monitoring.queue_next_partitions,
    "storage.housekeeping": storage.queue_next_housekeeping,
}


async def seed(names: list[str]) -> None:
    """Queue the next run of each periodic job named, each in its own transaction."""
    for name in names:
        await PERIODIC[name](runtime.sessionmaker())


class Seeder(Middleware):
    """Seeds the periodic jobs of the queues this worker consumes: at boot, then every `every` seconds."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.stopping = threading.Event()

    def after_worker_boot(self, broker: Broker, worker: Worker) -> None:
        consumed = worker.consumer_whitelist
        names = [name for name in PERIODIC if consumed is None or queue_of(name) in consumed]
        if names:
            threading.Thread(target=self._run, args=(names,), name="slipway-periodic", daemon=True).start()

    def before_worker_shutdown(self, broker: Broker, worker: Worker) -> None:
        self.stopping.set()

    def _run(self, names: list[str]) -> None:
        loop = get_event_loop_thread()  # the actors' loop, where the worker's engine lives
        assert loop is not None
        failing = False
        while not self.stopping.is_set():
            try:
                loop.run_coroutine(seed(names))
            except Exception as exc:
                if not failing:
                    log.warning(
                        "could not queue the periodic jobs %s, trying every %.0f s: %s",
                        ", ".join(names),
                        self.every,
                        exc,
                    )
                failing = True
            else:
                if failing:
                    log.info("periodic jobs %s queued again", ", ".join(names))
                failing = False
            self.stopping.wait(self.every)


def seeder() -> Seeder:
    return Seeder(every=max(1.0, settings.deploy_sweep_seconds))
