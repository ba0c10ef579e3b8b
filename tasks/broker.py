"""The one Dramatiq broker: Postgres, the same database as every row (dramatiq-postgres)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import dramatiq
from dramatiq.middleware import AsyncIO
from dramatiq_postgres import PostgresBroker
from psycopg_pool import ConnectionPool

from backend.config import settings
from backend.kit.jobs import SCHEMA, queue_of

# Old actor name -> the job name it now runs as. Messages queued before the rename still run.
ALIASES: dict[str, str] = {}


def _pool(url: str) -> ConnectionPool:
    # Opened by the worker at boot, never at import: nothing but the worker imports this package.
    parts = urlsplit(url)
    kwargs = dict(parse_qsl(parts.query))
    kwargs.setdefault("application_name", "slipway-worker")
    # Each consumed queue holds two connections (its consumer and its delay queue) for the
    # worker's life; the rest serve enqueues and heartbeats. Too small a pool stalls a worker.
    return ConnectionPool(
        urlunsplit((*parts[:3], "", "")),
        kwargs=kwargs,
        min_size=0,
        max_size=settings.worker_broker_connections,
        open=False,
        check=ConnectionPool.check_connection,
    )


def build_broker(url: str) -> PostgresBroker:
    broker = PostgresBroker(
        pool=_pool(url),
        results=False,
        schema=SCHEMA,
        poll_interval=1.0,
        heartbeat_interval=5.0,
        heartbeat_ttl=20.0,
        maintenance_interval=10.0,
    )
    broker.add_middleware(AsyncIO())
    return broker


broker = build_broker(settings.libpq_url if settings.database_url else "")
dramatiq.set_broker(broker)


def actor(name: str, *, aliases: tuple[str, ...] = (), **options: Any) -> Callable[[Callable], dramatiq.Actor]:
    """Declare job `name` (`area.verb`) on the queue backend.kit.jobs routes it to, and under its old names.

    The old names go in the release after the rename: by then no message queued under one is left.
    """

    def declare(fn: Callable) -> dramatiq.Actor:
        queue = queue_of(name)
        for alias in aliases:
            dramatiq.actor(actor_name=alias, queue_name=queue, **options)(fn)
            ALIASES[alias] = name
        return dramatiq.actor(actor_name=name, queue_name=queue, **options)(fn)

    return declare
