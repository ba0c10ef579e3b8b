"""Enqueue a job inside the caller's transaction: it exists if and only if the change commits."""

from __future__ import annotations

import dramatiq
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tasks.broker import SCHEMA

JOBS_ENQUEUED = Counter("slipway_jobs_enqueued_total", "Jobs enqueued by this process", ["actor"])

# The same row dramatiq-postgres writes on send(); NOTIFY wakes workers at commit, not before.
_ENQUEUE = text(f"""
WITH enqueued AS (
    INSERT INTO {SCHEMA}.queue (queue_name, message_id, "state", message, available_at)
    VALUES (:queue, CAST(:message_id AS uuid), 'queued', CAST(:message AS jsonb), NOW())
    RETURNING queue_name
)
SELECT pg_notify('dramatiq.' || queue_name || '.enqueue', '') FROM enqueued
""")


async def enqueue(session: AsyncSession, actor: dramatiq.Actor, *args: object, **kwargs: object) -> str:
    """Queue `actor(*args, **kwargs)` in the session's transaction; returns the message id."""
    message = actor.message(*args, **kwargs)
    await session.execute(
        _ENQUEUE,
        {"queue": message.queue_name, "message_id": message.message_id, "message": message.encode().decode()},
    )
    JOBS_ENQUEUED.labels(actor.actor_name).inc()
    return message.message_id


