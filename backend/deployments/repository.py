"""All SQL about deployments, their events and version stages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import String, func, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments.lifecycle import HOLDS_RUNTIME, IN_FLIGHT, DeploymentStatus, Stage
from backend.deployments.models import Deployment, DeploymentEvent, VersionStage
from backend.kit.pagination import by_creation


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def lock_environment(session: AsyncSession, model_id: uuid.UUID, environment: str, *, wait: bool = True) -> bool:
    """Serialize everything that changes one model's route in one environment (until commit)."""
    key = f"deploy:{model_id}:{environment}"
    if wait:
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})
        return True
    return bool(await session.scalar(text("SELECT pg_try_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key}))


async def now(session: AsyncSession) -> datetime:
    return (await session.execute(select(func.now()))).scalar_one()


async def clock(session: AsyncSession) -> datetime:
    """The wall clock (clock_timestamp moves within a transaction; now() is the transaction's start)."""
    return (await session.execute(select(func.clock_timestamp()))).scalar_one()


async def in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, deployment_id: uuid.UUID, *, lock: bool = False
) -> Deployment | None:
    stmt = select(Deployment).where(Deployment.tenant_id == tenant_id, Deployment.id == deployment_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def for_worker(session: AsyncSession, deployment_id: uuid.UUID, *, lock: bool = True) -> Deployment | None:
    stmt = select(Deployment).where(Deployment.id == deployment_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Deployment]:
    return {r.id: r for r in await session.scalars(select(Deployment).where(Deployment.id.in_(ids)))}


async def in_environment(
    session: AsyncSession, model_id: uuid.UUID, environment: str, statuses: Sequence[str]
) -> list[Deployment]:
    stmt = (
        select(Deployment)
        .where(Deployment.model_id == model_id, Deployment.environment == environment, Deployment.status.in_(statuses))
        .order_by(Deployment.created_at)
    )
    return list(await session.scalars(stmt))


async def live(session: AsyncSession, model_id: uuid.UUID, environment: str) -> Deployment | None:
    found = await in_environment(session, model_id, environment, [DeploymentStatus.LIVE.value])
    return found[0] if found else None


async def in_flight(session: AsyncSession, model_id: uuid.UUID, environment: str) -> Deployment | None:
    found = await in_environment(session, model_id, environment, [s.value for s in IN_FLIGHT])
    return found[0] if found else None


async def live_of_version(session: AsyncSession, version_id: uuid.UUID, environment: str) -> Deployment | None:
    stmt = select(Deployment).where(
        Deployment.version_id == version_id,
        Deployment.environment == environment,
        Deployment.status == DeploymentStatus.LIVE.value,
    )
    return await session.scalar(stmt)


async def versions_in_use(session: AsyncSession, model_id: uuid.UUID) -> set[uuid.UUID]:
    """Versions a route or a shadow still needs: never unload these."""
    held = select(Deployment.version_id).where(
        Deployment.model_id == model_id,
        Deployment.status.in_([s.value for s in HOLDS_RUNTIME]),
        Deployment.desired == DeploymentStatus.LIVE.value,
    )
    shadows = select(VersionStage.version_id).where(
        VersionStage.model_id == model_id, VersionStage.stage == Stage.SHADOW.value
    )
    return set(await session.scalars(held.union(shadows)))


async def page(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    model_id: uuid.UUID | None,
    environment: str | None,
    status: str | None,
    after: str | None,
    limit: int,
) -> list[Deployment]:
    """Newest first; the cursor is `created_at|id`."""
    stmt = select(Deployment).where(Deployment.tenant_id == tenant_id)
    if model_id is not None:
        stmt = stmt.where(Deployment.model_id == model_id)
    if environment is not None:
        stmt = stmt.where(Deployment.environment == environment)
    if status is not None:
        stmt = stmt.where(Deployment.status == status)
    return list(await session.scalars(by_creation(stmt, Deployment, after).limit(limit)))


async def of_versions(session: AsyncSession, version_ids: Sequence[uuid.UUID]) -> list[Deployment]:
    stmt = select(Deployment).where(Deployment.version_id.in_(version_ids)).order_by(Deployment.created_at.desc())
    return list(await session.scalars(stmt))


async def of_models(session: AsyncSession, model_ids: Sequence[uuid.UUID]) -> list[Deployment]:
    stmt = select(Deployment).where(Deployment.model_id.in_(model_ids)).order_by(Deployment.created_at.desc())
    return list(await session.scalars(stmt))


async def events_of(session: AsyncSession, deployment_ids: Sequence[uuid.UUID]) -> list[DeploymentEvent]:
    stmt = select(DeploymentEvent).where(DeploymentEvent.deployment_id.in_(deployment_ids)).order_by(DeploymentEvent.id)
    return list(await session.scalars(stmt))


async def timeline(
    session: AsyncSession, model_id: uuid.UUID, environment: str, *, until: datetime
) -> list[tuple[DeploymentEvent, Deployment, str]]:
    """Every event of one model's environment up to `until`, in order, with its deployment and the id of the
    transaction that wrote it (`xmin`: events written together are one change of the route)."""
    stmt = (
        select(DeploymentEvent, Deployment, literal_column("deployment_events.xmin::text", String))
        .join(Deployment, Deployment.id == DeploymentEvent.deployment_id)
        .where(Deployment.model_id == model_id, Deployment.environment == environment, DeploymentEvent.at < until)
        .order_by(DeploymentEvent.id)
    )
    return [(e, d, str(x)) for e, d, x in await session.execute(stmt)]


async def of_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> list[Deployment]:
    stmt = select(Deployment).where(Deployment.tenant_id == tenant_id).order_by(Deployment.created_at)
    return list(await session.scalars(stmt))


async def first_served(session: AsyncSession, tenant_id: uuid.UUID) -> dict[uuid.UUID, datetime]:
    """When each of the tenant's deployments first took traffic (its first event with a share)."""
    stmt = (
        select(DeploymentEvent.deployment_id, func.min(DeploymentEvent.at))
        .where(DeploymentEvent.tenant_id == tenant_id, DeploymentEvent.traffic_percent > 0)
        .group_by(DeploymentEvent.deployment_id)
    )
    return {row[0]: row[1] for row in await session.execute(stmt)}


async def stage_of(session: AsyncSession, version_id: uuid.UUID, *, lock: bool = False) -> VersionStage | None:
    stmt = select(VersionStage).where(VersionStage.version_id == version_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def stages_of(session: AsyncSession, version_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, VersionStage]:
    rows = await session.scalars(select(VersionStage).where(VersionStage.version_id.in_(version_ids)))
    return {r.version_id: r for r in rows}


async def shadow_version_ids(session: AsyncSession, model_id: uuid.UUID) -> list[uuid.UUID]:
    """The model's SHADOW versions (their rows are the registry's: see upstream.shadow_versions)."""
    stmt = select(VersionStage.version_id).where(
        VersionStage.model_id == model_id, VersionStage.stage == Stage.SHADOW.value
    )
    return list(await session.scalars(stmt))


async def models_with_shadows(session: AsyncSession) -> list[uuid.UUID]:
    """Every model with at least one SHADOW version."""
    stmt = select(VersionStage.model_id).where(VersionStage.stage == Stage.SHADOW.value).distinct()
    return list(await session.scalars(stmt))


async def live_of_versions(session: AsyncSession, version_ids: Sequence[uuid.UUID]) -> list[Deployment]:
    stmt = select(Deployment).where(
        Deployment.version_id.in_(version_ids), Deployment.status == DeploymentStatus.LIVE.value
    )
    return list(await session.scalars(stmt))


async def needing_attention(session: AsyncSession, *, idle_before: datetime) -> list[Deployment]:
    """Rollouts nobody moved since `idle_before`, and rollbacks or retirements not yet carried out."""
    stmt = select(Deployment).where(
        (
            (Deployment.status.in_([s.value for s in IN_FLIGHT]))
            | ((Deployment.status == DeploymentStatus.LIVE.value) & (Deployment.desired != DeploymentStatus.LIVE.value))
        )
        & (Deployment.updated_at < idle_before)
    )
    return list(await session.scalars(stmt))


async def live_environments(session: AsyncSession) -> list[tuple[uuid.UUID, str]]:
    """(model id, environment) of every LIVE deployment, every tenant: the routes to re-assert."""
    stmt = (
        select(Deployment.model_id, Deployment.environment)
        .where(Deployment.status == DeploymentStatus.LIVE.value)
        .distinct()
    )
    return [(r[0], r[1]) for r in await session.execute(stmt)]


async def live_since(session: AsyncSession, deployment_id: uuid.UUID) -> datetime | None:
    """When the deployment first became LIVE (its timeline's first LIVE entry)."""
    stmt = select(func.min(DeploymentEvent.at)).where(
        DeploymentEvent.deployment_id == deployment_id, DeploymentEvent.status == DeploymentStatus.LIVE.value
    )
    return await session.scalar(stmt)
