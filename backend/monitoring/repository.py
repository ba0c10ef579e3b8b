"""All SQL of the monitoring area: settings per deployment and model, payload windows, drift results, alerts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments.lifecycle import DeploymentStatus
from backend.deployments.models import Deployment
from backend.kit.pagination import by_creation
from backend.monitoring.models import DeploymentMonitoring, DriftAlert, DriftResult, ModelDriftThresholds
from backend.monitoring.payloads import TABLE
from backend.registry.models import RegisteredModel


@dataclass(frozen=True)
class LoggingTarget:
    """A route whose requests the model server samples into the payload log."""

    tenant_id: uuid.UUID
    route: str
    deployment_id: uuid.UUID
    sample_percent: float


async def route_deployments(session: AsyncSession, deployment: Deployment) -> list[uuid.UUID]:
    """Every deployment that has answered `deployment`'s route (its model in its environment), itself included:
    a reference window is the route's traffic, whichever deployment served it. Read through them, the payload
    log needs one index (deployment, time) where a second one, by route, cost each logged row its upkeep."""
    found = await session.scalars(
        select(Deployment.id).where(
            Deployment.tenant_id == deployment.tenant_id,
            Deployment.model_id == deployment.model_id,
            Deployment.environment == deployment.environment,
        )
    )
    return list(found)


def _route(model_name: str, environment: str) -> str:
    return f"{model_name}-{environment.lower()}"  # as deployments.runtimes.base.Route.name


async def logging_targets(session: AsyncSession) -> list[LoggingTarget]:
    """Every LIVE deployment that logs payloads (the model server's query, handed in by `slipway serve`)."""
    rows = await session.execute(
        select(Deployment.tenant_id, RegisteredModel.name, Deployment.environment, Deployment.id, DeploymentMonitoring)
        .join(DeploymentMonitoring, DeploymentMonitoring.deployment_id == Deployment.id)
        .join(RegisteredModel, RegisteredModel.id == Deployment.model_id)
        .where(Deployment.status == DeploymentStatus.LIVE.value, DeploymentMonitoring.sample_percent > 0)
    )
    return [
        LoggingTarget(tenant, _route(name, environment), deployment_id, monitoring.sample_percent)
        for tenant, name, environment, deployment_id, monitoring in rows
    ]


async def monitoring_of(
    session: AsyncSession, deployment_id: uuid.UUID, *, lock: bool = False
) -> DeploymentMonitoring | None:
    stmt = select(DeploymentMonitoring).where(DeploymentMonitoring.deployment_id == deployment_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def thresholds_of(
    session: AsyncSession, model_id: uuid.UUID, *, lock: bool = False
) -> ModelDriftThresholds | None:
    stmt = select(ModelDriftThresholds).where(ModelDriftThresholds.model_id == model_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def watched(
    session: AsyncSession, *, deployment_id: uuid.UUID | None = None
) -> list[tuple[DeploymentMonitoring, Deployment, str]]:
    """LIVE deployments that log payloads or have a reference window: (monitoring, deployment, model name),
    for the drift job (which finds each one's reference: the window, or the version's training exports).
    With `deployment_id`, that one alone, if it is still watched."""
    stmt = (
        select(DeploymentMonitoring, Deployment, RegisteredModel.name)
        .join(Deployment, Deployment.id == DeploymentMonitoring.deployment_id)
        .join(RegisteredModel, RegisteredModel.id == Deployment.model_id)
        .where(
            Deployment.status == DeploymentStatus.LIVE.value,
            or_(DeploymentMonitoring.sample_percent > 0, DeploymentMonitoring.reference_from.is_not(None)),
        )
        .order_by(Deployment.id)
    )
    if deployment_id is not None:
        stmt = stmt.where(Deployment.id == deployment_id)
    return [(m, d, name) for m, d, name in await session.execute(stmt)]


async def payload_columns(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    deployment_ids: list[uuid.UUID],
    start: datetime,
    end: datetime,
    limit: int,
) -> list[tuple[dict | None, dict | None]]:
    """(inputs, outputs) of the newest `limit` successful logged requests in [start, end) of these deployments:
    one for the live window, a route's all (`route_deployments`) for a reference window."""
    where = (
        "tenant_id = :tenant AND deployment_id = ANY(:deployments) AND logged_at >= :start AND logged_at < :end "
        "AND outcome = 'ok'"
    )
    params = {"tenant": tenant_id, "deployments": deployment_ids, "start": start, "end": end, "limit": limit}
    rows = await session.execute(
        text(f"SELECT inputs, outputs FROM {TABLE} WHERE {where} ORDER BY logged_at DESC LIMIT :limit"), params
    )
    return [(inputs, outputs) for inputs, outputs in rows]


async def traffic_by_version(
    session: AsyncSession, deployment_id: uuid.UUID, start: datetime, end: datetime, bucket: timedelta
) -> list[tuple[str, datetime, int, int, float | None, float | None]]:
    """(version, bucket start, requests, errors, latency p50 ms, p95 ms) of the logged requests, per bucket."""
    rows = await session.execute(
        text(
            f"""
            SELECT version, date_bin(:bucket, logged_at, :start) AS at, count(*),
                   count(*) FILTER (WHERE outcome <> 'ok'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
            FROM {TABLE}
            WHERE deployment_id = :deployment AND logged_at >= :start AND logged_at < :end
            GROUP BY version, at ORDER BY version, at
            """
        ),
        {"bucket": bucket, "start": start, "end": end, "deployment": deployment_id},
    )
    return [tuple(row) for row in rows]


async def add_results(session: AsyncSession, rows: Sequence[DriftResult]) -> None:
    session.add_all(rows)
    await session.flush()


async def results(
    session: AsyncSession, deployment_id: uuid.UUID, start: datetime, end: datetime, limit: int
) -> list[DriftResult]:
    """The drift time series of every feature in [start, end], oldest first per feature."""
    stmt = (
        select(DriftResult)
        .where(DriftResult.deployment_id == deployment_id, DriftResult.window_to >= start, DriftResult.window_to <= end)
        .order_by(DriftResult.kind, DriftResult.feature, DriftResult.window_to)
        .limit(limit)
    )
    return list(await session.scalars(stmt))


async def open_alerts(session: AsyncSession, deployment_id: uuid.UUID, *, lock: bool = False) -> dict[str, DriftAlert]:
    stmt = select(DriftAlert).where(DriftAlert.deployment_id == deployment_id, DriftAlert.status == "OPEN")
    return {a.feature: a for a in await session.scalars(stmt.with_for_update() if lock else stmt)}


async def alert_in_tenant(
    session: AsyncSession, tenant_id: uuid.UUID, alert_id: uuid.UUID, *, lock: bool = False
) -> DriftAlert | None:
    stmt = select(DriftAlert).where(DriftAlert.tenant_id == tenant_id, DriftAlert.id == alert_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def page_alerts(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    deployment_id: uuid.UUID | None,
    status: str | None,
    after: str | None,
    limit: int,
) -> list[DriftAlert]:
    """Newest first; the cursor is `created_at|id`."""
    stmt = select(DriftAlert).where(DriftAlert.tenant_id == tenant_id)
    if deployment_id is not None:
        stmt = stmt.where(DriftAlert.deployment_id == deployment_id)
    if status is not None:
        stmt = stmt.where(DriftAlert.status == status)
    return list(await session.scalars(by_creation(stmt, DriftAlert, after).limit(limit)))
