"""Enqueue a job by name inside the caller's transaction: it exists if and only if the change commits.

The one way anything under backend/ starts a job. Jobs are named `area.verb`; the worker package (tasks/)
declares an actor of each name on the queue `queue_of(name)` gives, so both sides agree on where a job goes
without backend/ importing the worker.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import dramatiq
from prometheus_client import Counter
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from backend.config import settings

SCHEMA = "dramatiq"  # where dramatiq-postgres keeps its queue table

JOBS_ENQUEUED = Counter("slipway_jobs_enqueued_total", "Jobs enqueued by this process (counted at commit)", ["actor"])

# Areas whose jobs have a queue setting of their own (so they can be routed to their own workers); the other
# areas' jobs go to "default". An area missing here is a typo, refused before anything is queued.
_QUEUES: dict[str, str | None] = {
    "assets": "export_queue",
    "deployments": "deploy_queue",
    "registry": "validation_queue",
    "webhooks": "webhooks_queue",
    "diagnostics": None,
    "identity": None,
    "labels": None,
    "monitoring": "monitoring_queue",
    "storage": None,
}
_NAME = re.compile(r"([a-z]+)\.[a-z][a-z0-9_]*")
_KEYS = uuid.UUID("3c0f5c7e-8f0a-4b71-a2d4-6e9b1f27c5d3")  # namespace of the message ids of keyed jobs

# The row dramatiq-postgres writes on send(), due at `available_at` (the broker delays server-side, so a later
# job waits in its own queue). A keyed job's id is derived from its key: a second one is a no-op while the
# first is in the table. NOTIFY wakes the workers at commit, not before, and only for a job due now: one due
# later is found by their polling, and waking them for it would only make them look too early.
_ENQUEUE = text(f"""
WITH enqueued AS (
    INSERT INTO {SCHEMA}.queue (queue_name, message_id, "state", message, available_at)
    VALUES (:queue, CAST(:message_id AS uuid), 'queued', CAST(:message AS jsonb),
            COALESCE(CAST(:at AS timestamptz), clock_timestamp() + make_interval(secs => :delay)))
    ON CONFLICT (message_id) DO NOTHING
    RETURNING queue_name, available_at
)
SELECT enqueued.queue_name FROM enqueued LEFT JOIN LATERAL (
    SELECT pg_notify('dramatiq.' || enqueued.queue_name || '.enqueue', '')
    WHERE enqueued.available_at <= clock_timestamp()
) AS notified ON true
""")


def queue_of(name: str) -> str:
    """The queue job `name` (`area.verb`) goes to, from this process's settings."""
    match = _NAME.fullmatch(name)
    if match is None or match.group(1) not in _QUEUES:
        raise ValueError(f"{name!r} is not a job name: `area.verb` with area one of {', '.join(_QUEUES)}.")
    setting = _QUEUES[match.group(1)]
    return getattr(settings, setting) if setting else "default"


async def enqueue(
    session: AsyncSession,
    name: str,
    *args: object,
    delay: float = 0,
    at: datetime | None = None,
    key: str | None = None,
) -> str:
    """Queue job `name(*args)` in the session's transaction; returns its message id.

    It runs `delay` seconds from now, or at `at`. With a `key`, at most one job of that name and key is in
    the queue: while one is queued or running, the same enqueue is a no-op (and returns the same id).
    """
    queue = queue_of(name)
    message_id = str(uuid.uuid5(_KEYS, f"{queue}|{name}|{key}")) if key is not None else str(uuid.uuid4())
    message: dramatiq.Message[object] = dramatiq.Message(
        queue_name=queue, actor_name=name, args=args, kwargs={}, options={}, message_id=message_id
    )
    written = await session.execute(
        _ENQUEUE,
        {
            "queue": queue,
            "message_id": message_id,
            "message": message.encode().decode(),
            "at": at,
            "delay": float(delay),
        },
    )
    if written.first() is not None:
        _count_at_commit(session, name)
    return message_id


def _count_at_commit(session: AsyncSession, name: str) -> None:
    pending: list[str] = session.info.setdefault("slipway.jobs", [])
    pending.append(name)
    sync = session.sync_session
    if not event.contains(sync, "after_commit", _counted):
        event.listen(sync, "after_commit", _counted)
        event.listen(sync, "after_rollback", _forgotten)


def _counted(session: Session) -> None:
    for name in session.info.pop("slipway.jobs", []):
        JOBS_ENQUEUED.labels(name).inc()


def _forgotten(session: Session) -> None:
    session.info.pop("slipway.jobs", None)
