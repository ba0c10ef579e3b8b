"""The one Dramatiq broker: Postgres, the same database as every row (dramatiq-postgres)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

import dramatiq
from dramatiq.middleware import AsyncIO
from dramatiq_postgres import PostgresBroker
from psycopg_pool import ConnectionPool

from backend.config import settings

SCHEMA = "dramatiq"


def _pool(url: str) -> ConnectionPool:
    # Opened by the worker at boot, never at import: the API imports the actors only to
    # build messages, which it writes into the queue table inside its own transaction.
    parts = urlsplit(url)
    kwargs = dict(parse_qsl(parts.query))
    kwargs.setdefault("application_name", "slipway-worker")
    # Each consumed queue holds two connections (its consumer and its delay queue) for the
    # worker's life; the rest serve enqueues and heartbeats. Too small a pool stalls a worker.
    return ConnectionPool(urlunsplit((*parts[:3], "", "")), kwargs=kwargs, min_size=0,
                          max_size=settings.worker_broker_connections, open=False,
                          check=ConnectionPool.check_connection)


def build_broker(url: str) -> PostgresBroker:
    broker = PostgresBroker(pool=_pool(url), results=False, schema=SCHEMA, poll_interval=1.0,
                            heartbeat_interval=5.0, heartbeat_ttl=20.0, maintenance_interval=10.0)
    broker.add_middleware(AsyncIO())
    return broker


broker = build_broker(settings.libpq_url if settings.database_url else "")
dramatiq.set_broker(broker)
