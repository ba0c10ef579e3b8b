"""Prometheus metrics of the API process, and the /metrics endpoint."""

from __future__ import annotations

import logging
import re

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger(__name__)

HTTP_SECONDS = Histogram("slipway_http_request_seconds", "HTTP request latency", ["method", "route", "status"])
GRAPHQL_SECONDS = Histogram(
    "slipway_graphql_operation_seconds", "GraphQL operation latency by operation name", ["operation", "type"]
)
GRAPHQL_ERRORS = Counter("slipway_graphql_errors_total", "GraphQL errors by extensions.code", ["code"])
JOBS = Gauge("slipway_jobs", "Jobs in the queue table by queue and state", ["queue", "state"])
DB_CONNECTIONS = Gauge(
    "slipway_db_connections",
    "The API's pooled Postgres connections: checked out (in use by an operation) or idle in the pool",
    ["state"],
)
WEBSOCKETS = Gauge("slipway_websockets_open", "Open graphql-transport-ws sockets")
FEEDS = Gauge(
    "slipway_subscription_streams",
    "Subscription streams running, each shared by every socket that asks the same thing as the same viewer",
)

# Operation names come from clients: keep the label set bounded so nobody can flood Prometheus.
_MAX_OPERATION_LABELS = 500
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_seen_operations: set[str] = set()


def operation_label(name: str | None) -> str:
    if not name or not _NAME.match(name):
        return "anonymous"
    if name not in _seen_operations:
        if len(_seen_operations) >= _MAX_OPERATION_LABELS:
            return "other"
        _seen_operations.add(name)
    return name


_JOB_COUNTS = text('SELECT queue_name, "state"::text, count(*) FROM dramatiq.queue GROUP BY 1, 2')


async def metrics(request: Request) -> Response:
    state = request.app.state.slipway
    try:
        async with state.engine.connect() as conn:
            rows = (await conn.execute(_JOB_COUNTS)).all()
        JOBS.clear()
        for queue, job_state, count in rows:
            JOBS.labels(queue=queue, state=job_state).set(count)
    except Exception as exc:  # metrics must answer even when Postgres does not
        log.warning("job counts unavailable", extra={"error": str(exc)})
    pool = state.engine.pool
    DB_CONNECTIONS.labels(state="in_use").set(pool.checkedout())
    DB_CONNECTIONS.labels(state="idle").set(pool.checkedin())
    WEBSOCKETS.set(len(state.sockets))
    FEEDS.set(len(state.feeds))
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
