"""The monitoring report of one deployment over a range: drift series per feature, traffic per version."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments.permissions import deploy_permission
from backend.identity.roles import Principal
from backend.monitoring import repository
from backend.monitoring.drift import Thresholds
from backend.monitoring.models import DeploymentMonitoring, DriftResult
from backend.monitoring.reference import Reference, reference_of
from backend.monitoring.service import check_range, deployment_in_tenant, thresholds

MAX_RESULTS = 20_000  # drift points in one report: 50 features x 400 windows
TRAFFIC_BUCKETS = 60  # points of the latency and error-rate series


@dataclass
class FeatureSeries:
    feature: str
    kind: str
    feature_type: str
    points: list[DriftResult] = field(default_factory=list)


@dataclass(frozen=True)
class TrafficPoint:
    at: datetime
    requests: int
    errors: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None


@dataclass
class VersionTraffic:
    version: str
    points: list[TrafficPoint] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    deployment_id: uuid.UUID
    monitoring: DeploymentMonitoring | None
    thresholds: Thresholds
    features: list[FeatureSeries]
    versions: list[VersionTraffic]
    reference: Reference  # what the drift job compares the live traffic with now
    viewer_can_configure: bool  # may set the sampling rate and the reference (who may deploy there)


async def report(
    session: AsyncSession, principal: Principal, *, deployment_id: uuid.UUID, start: datetime, end: datetime
) -> Report:
    deployment = await deployment_in_tenant(session, principal, deployment_id)
    check_range(start, end)
    series: dict[tuple[str, str], FeatureSeries] = {}
    for row in await repository.results(session, deployment.id, start, end, MAX_RESULTS):
        key = (row.kind, row.feature)
        series.setdefault(key, FeatureSeries(row.feature, row.kind, row.feature_type)).points.append(row)
    bucket = max(timedelta(seconds=1), (end - start) / TRAFFIC_BUCKETS)
    versions: dict[str, VersionTraffic] = {}
    for version, at, requests, errors, p50, p95 in await repository.traffic_by_version(
        session, deployment.id, start, end, bucket
    ):
        versions.setdefault(version, VersionTraffic(version)).points.append(
            TrafficPoint(at, requests, errors, p50, p95)
        )
    monitoring = await repository.monitoring_of(session, deployment.id)
    return Report(
        deployment_id=deployment.id,
        monitoring=monitoring,
        thresholds=await thresholds(session, deployment.model_id),
        features=list(series.values()),
        versions=list(versions.values()),
        reference=await reference_of(session, monitoring, deployment),
        viewer_can_configure=principal.can(deploy_permission(deployment.environment)),
    )
