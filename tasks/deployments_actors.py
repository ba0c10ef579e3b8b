"""Dramatiq actors of the deployments area: thin wrappers over backend/deployments services.

The rollout is a reconcile loop: each message takes one step and queues the next (delayed) in the same
transaction, so a killed worker's message is redelivered and the row says where to resume.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta

import dramatiq
from dramatiq.common import dq_name
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import settings
from tasks import broker as _broker  # noqa: F401 - sets the global broker before actors are declared
from tasks import runtime
from tasks.broker import SCHEMA

QUEUE = settings.deploy_queue
_SLOTS = uuid.UUID("0b7c3f0e-2a4d-4f65-9c1e-5d8a7b6e4f21")  # namespace of the sweep slots' message ids

# Like tasks/enqueue.py with a time: a slot's message id makes a second request for the same slot a no-op.
_SCHEDULE = text(f"""
WITH enqueued AS (
    INSERT INTO {SCHEMA}.queue (queue_name, message_id, "state", message, available_at)
    VALUES (:queue, CAST(:message_id AS uuid), 'queued', CAST(:message AS jsonb), :at)
    ON CONFLICT (message_id) DO NOTHING
    RETURNING queue_name
)
SELECT pg_notify('dramatiq.' || queue_name || '.enqueue', '') FROM enqueued
""")


async def _send_at(session: AsyncSession, message: dramatiq.Message, at: datetime) -> None:
    # A delayed message goes to the delay queue with an eta, the way dramatiq sends one.
    message = message.copy(queue_name=dq_name(message.queue_name))
    message.options["eta"] = int(at.timestamp() * 1000)
    await session.execute(_SCHEDULE, {"queue": message.queue_name, "message_id": message.message_id,
                                      "message": message.encode().decode(), "at": at})


async def reconcile_later(session: AsyncSession, deployment_id: uuid.UUID, ticket: int, *, delay: float = 0) -> None:
    """Queue reconcile(deployment, ticket) in the caller's transaction, `delay` seconds from now."""
    message = reconcile_deployment.message(str(deployment_id), ticket)
    if delay <= 0:
        from tasks.enqueue import enqueue

        await enqueue(session, reconcile_deployment, str(deployment_id), ticket)
        return
    await _send_at(session, message, datetime.now(UTC) + timedelta(seconds=delay))


async def schedule_sweep(session: AsyncSession, *, now: datetime | None = None) -> None:
    """Ask for a sweep at the next slot of `deploy_sweep_seconds` (at most one message per slot)."""
    period = max(1.0, settings.deploy_sweep_seconds)
    epoch = (now or datetime.now(UTC)).timestamp()
    slot = datetime.fromtimestamp((math.floor(epoch / period) + 1) * period, UTC)
    message = deployments_sweep.message().copy(message_id=str(uuid.uuid5(_SLOTS, f"{QUEUE}|{slot.isoformat()}")))
    await _send_at(session, message, slot)


# A runtime that does not answer is retried by the loop itself; broker retries cover the rest (Postgres
# away, a bug), and once they are spent the deployment FAILS with that said instead of hanging PENDING.
@dramatiq.actor(actor_name="reconcileDeployment", queue_name=QUEUE, max_retries=8, min_backoff=1000,
                max_backoff=30_000, time_limit=900_000, on_retry_exhausted="reconcileRetriesExhausted")
async def reconcile_deployment(deployment_id: str, ticket: int | None = None) -> None:
    from backend.deployments import rollout

    await rollout.reconcile(runtime.sessionmaker(), settings, uuid.UUID(deployment_id), ticket)


@dramatiq.actor(actor_name="reconcileRetriesExhausted", queue_name=QUEUE, max_retries=20, min_backoff=5000)
async def reconcile_retries_exhausted(message: dict, retries: dict) -> None:
    from backend.deployments import rollout

    await rollout.give_up(runtime.sessionmaker(), settings, uuid.UUID(message["args"][0]),
                          attempts=int(retries.get("retries", 0)) + 1)


@dramatiq.actor(actor_name="deploymentsSweep", queue_name=QUEUE, max_retries=3, min_backoff=5000,
                time_limit=600_000)
async def deployments_sweep() -> None:
    from backend.deployments import sweep

    await sweep.run(runtime.sessionmaker(), settings)


@dramatiq.actor(actor_name="syncShadows", queue_name=QUEUE, max_retries=20, min_backoff=1000, max_backoff=30_000,
                time_limit=600_000)
async def sync_shadows(model_id: str, unload: list[str] | None = None) -> None:
    from backend.deployments import rollout

    await rollout.sync_shadows(runtime.sessionmaker(), settings, uuid.UUID(model_id),
                               [uuid.UUID(v) for v in unload or []])


@dramatiq.actor(actor_name="runScoring", queue_name=QUEUE, max_retries=3, min_backoff=5000, time_limit=3_600_000)
async def run_scoring(run_id: str) -> None:
    from backend.deployments import scoring_job

    await scoring_job.run(runtime.sessionmaker(), settings, uuid.UUID(run_id))
