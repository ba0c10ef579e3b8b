"""Actors of the deployments area: thin, named `area.verb`, calling backend/deployments/jobs.py.

The rollout is a reconcile loop: each message takes one step and queues the next (delayed) in the same
transaction, so a killed worker's message is redelivered and the row says where to resume.
"""

from __future__ import annotations

from backend.config import settings
from backend.deployments import jobs
from backend.scoring import jobs as scoring_jobs
from tasks import runtime
from tasks.broker import actor


# A runtime that does not answer is retried by the loop itself; broker retries cover the rest (Postgres
# away, a bug), and once they are spent the deployment FAILS with that said instead of hanging PENDING.
@actor(
    "deployments.reconcile",
    aliases=("reconcileDeployment",),
    max_retries=8,
    min_backoff=1000,
    max_backoff=30_000,
    time_limit=900_000,
    on_retry_exhausted="deployments.reconcile_exhausted",
)
async def reconcile(deployment_id: str, ticket: int | None = None) -> None:
    await jobs.reconcile(runtime.sessionmaker(), settings, deployment_id, ticket)


@actor("deployments.reconcile_exhausted", aliases=("reconcileRetriesExhausted",), max_retries=20, min_backoff=5000)
async def reconcile_exhausted(message: dict, retries: dict) -> None:
    await jobs.reconcile_exhausted(runtime.sessionmaker(), settings, message, retries)


# Periodic (tasks/periodic.py): once its retries are spent, the next slot's sweep is queued.
@actor(
    "deployments.sweep",
    aliases=("deploymentsSweep",),
    max_retries=3,
    min_backoff=5000,
    time_limit=600_000,
    on_retry_exhausted="deployments.sweep_exhausted",
)
async def sweep() -> None:
    await jobs.sweep(runtime.sessionmaker(), settings)
    # Scoring is downstream of deployments, so the sweep's scheduled scoring is chained here, not in backend.
    await scoring_jobs.run_due(runtime.sessionmaker(), settings)


@actor(
    "deployments.sync_shadows",
    aliases=("syncShadows",),
    max_retries=20,
    min_backoff=1000,
    max_backoff=30_000,
    time_limit=600_000,
)
async def sync_shadows(model_id: str, unload: list[str] | None = None) -> None:
    await jobs.sync_shadows(runtime.sessionmaker(), settings, model_id, unload)


@actor("deployments.sweep_exhausted", max_retries=20, min_backoff=5000)
async def sweep_exhausted(message: dict, retries: dict) -> None:
    await jobs.queue_next_sweep(runtime.sessionmaker())
