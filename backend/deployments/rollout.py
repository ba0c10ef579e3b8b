"""The rollout worker: a reconcile loop. Each run reads the row, takes the next step on the runtime, records it.

Desired state lives in Postgres; every runtime call is idempotent, so a run that dies half-way is simply
run again (the row still says where the rollout is). `reconcile` returns after one step and queues the next.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.deployments import repository, service, traffic, transitions
from backend.deployments.lifecycle import IN_FLIGHT, DeploymentStatus, is_final
from backend.deployments.phases import Steps
from backend.deployments.runtimes import runtime_for
from backend.deployments.runtimes.base import Runtime, RuntimeUnavailable
from backend.kit.db import transaction
from backend.kit.jobs import enqueue

log = logging.getLogger(__name__)
_runtimes: dict[int, Runtime] = {}


def runtime(settings: Settings) -> Runtime:
    """One runtime (and its HTTP client) per settings object in this worker process."""
    if id(settings) not in _runtimes:
        _runtimes[id(settings)] = runtime_for(settings)
    return _runtimes[id(settings)]


async def reconcile(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, deployment_id: uuid.UUID, ticket: int | None
) -> None:
    """Take the next step of one deployment; queue the one after in the same transaction."""
    try:
        async with transaction(sessionmaker) as session:
            busy = await _step(session, settings, deployment_id, ticket)
        if busy:
            # Another step of this model's environment holds the lock: look again in a moment.
            async with transaction(sessionmaker) as session:
                await enqueue(
                    session,
                    "deployments.reconcile",
                    str(deployment_id),
                    ticket or 0,
                    delay=settings.deploy_poll_seconds,
                )
    except RuntimeUnavailable as exc:
        log.warning("runtime unavailable during rollout of %s: %s", deployment_id, exc)
        async with transaction(sessionmaker) as session:
            await _note_unavailable(session, settings, deployment_id, str(exc))


async def _step(session: AsyncSession, settings: Settings, deployment_id: uuid.UUID, ticket: int | None) -> bool:
    row = await repository.for_worker(session, deployment_id, lock=False)
    if row is None or (ticket is not None and ticket != row.ticket):
        return False  # gone, or a newer message carries this deployment now
    if not await repository.lock_environment(session, row.model_id, row.environment, wait=False):
        return ticket is not None
    locked = await repository.for_worker(session, deployment_id, lock=True)
    if locked is None:
        return False  # deleted (with its tenant) since the first read
    await session.refresh(locked)
    if (ticket is not None and ticket != locked.ticket) or _settled(locked.status, locked.desired):
        return False
    delay = await Steps(session, runtime(settings), settings, locked).next()
    if delay is not None:
        await service.wake(session, locked, delay=delay)
    return False


def _settled(status: str, desired: str) -> bool:
    return is_final(status) or (status == DeploymentStatus.LIVE.value and desired == DeploymentStatus.LIVE.value)


async def _note_unavailable(session: AsyncSession, settings: Settings, deployment_id: uuid.UUID, reason: str) -> None:
    row = await repository.for_worker(session, deployment_id, lock=True)
    if row is None or _settled(row.status, row.desired):
        return
    message = f"The {runtime(settings).name} runtime did not answer ({reason}); retrying."
    if row.message != message:
        await transitions.record(session, row, message)
    await service.wake(session, row, delay=max(settings.deploy_poll_seconds, 2.0))


async def give_up(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, deployment_id: uuid.UUID, *, attempts: int
) -> None:
    """The rollout worker kept failing on this deployment: FAIL it (putting the stable version back if it can)."""
    reason = (
        f"The rollout worker failed {attempts} times on this deployment (see the worker's log); "
        "deploy the version again once that is fixed."
    )
    try:
        async with transaction(sessionmaker) as session:
            row = await repository.for_worker(session, deployment_id, lock=True)
            if row is not None and row.status in (DeploymentStatus.PENDING.value, DeploymentStatus.ROLLING_OUT.value):
                await Steps(session, runtime(settings), settings, row).fail(reason)
            return
    except Exception:
        log.warning("could not restore the stable route of %s while giving up", deployment_id, exc_info=True)
    async with transaction(sessionmaker) as session:
        row = await repository.for_worker(session, deployment_id, lock=True)
        if row is not None and row.status in (DeploymentStatus.PENDING.value, DeploymentStatus.ROLLING_OUT.value):
            await transitions.record(session, row, reason, status=DeploymentStatus.FAILED)


async def sync_shadows(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, model_id: uuid.UUID, unload: list[uuid.UUID]
) -> None:
    """Put the production route's shadows as the stages say, then unload versions that left the shadow stage."""
    from backend.deployments.lifecycle import Environment

    async with transaction(sessionmaker) as session:
        env = Environment.PRODUCTION.value
        await repository.lock_environment(session, model_id, env)
        if await repository.in_environment(
            session, model_id, env, [DeploymentStatus.LIVE.value, *[s.value for s in IN_FLIGHT]]
        ):
            await traffic.apply(session, runtime(settings), model_id, env)
        await traffic.unload_unused(session, runtime(settings), model_id, unload)
