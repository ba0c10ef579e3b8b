"""The periodic sweep: resume rollouts nobody moved lately, re-assert LIVE routes (the `deployments.sweep` actor
then starts scheduled scoring runs: backend/scoring/jobs.py).

A model server that restarted comes back empty; re-asserting the routes (load + route, both idempotent) gives it
its models back. The sweep queues its own next run while anything is deployed, and every worker queues it on
a timer too (tasks/periodic.py), so a run lost to a long Postgres outage does not stop it for good.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.deployments import repository, service, traffic
from backend.deployments.runtimes.base import RuntimeCheckFailed, RuntimeUnavailable
from backend.kit.db import transaction

log = logging.getLogger(__name__)


async def run(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    from backend.deployments.rollout import runtime

    async with transaction(sessionmaker) as session:
        idle = max(3 * settings.deploy_poll_seconds, settings.deploy_sweep_seconds)
        stuck = await repository.needing_attention(
            session, idle_before=await repository.now(session) - timedelta(seconds=idle)
        )
        for row in stuck:
            await service.wake(session, row)
        environments = await repository.live_environments(session)
        if stuck or environments:
            await service.schedule_sweep(session)
    for model_id, environment in environments:
        try:
            async with transaction(sessionmaker) as session:
                if await repository.lock_environment(session, model_id, environment, wait=False):
                    await traffic.apply(session, runtime(settings), model_id, environment)
        except RuntimeUnavailable as exc:
            log.warning("sweep: the runtime did not answer, routes are re-asserted next time: %s", exc)
            break
        except RuntimeCheckFailed as exc:
            log.warning("sweep: the route of model %s in %s was refused: %s", model_id, environment, exc)
