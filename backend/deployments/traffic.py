"""Traffic routes from rows: each environment's `{model}-{environment}` split over served versions, applied to the runtime.

A traffic route is what callers reach; it is not an HTTP route of the API or of the model server.
"""

from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments import repository, upstream
from backend.deployments.lifecycle import IN_FLIGHT, DeploymentStatus, Environment
from backend.deployments.runtimes.base import Route, RouteTarget, Runtime, ServedVersion
from backend.registry.models import ModelVersion

LIVE = DeploymentStatus.LIVE.value


class Serving(Protocol):
    """What the traffic rule reads of a deployment: a row, or its state replayed from the timeline."""

    @property
    def version_id(self) -> uuid.UUID: ...

    @property
    def traffic_percent(self) -> int: ...


S = TypeVar("S", bound=Serving)


def split(live: S | None, rolling: S | None) -> list[tuple[S, int]]:
    """The traffic rule: a rollout with a share takes it, the LIVE deployment the rest; alone, either takes 100 %."""
    if rolling is not None and rolling.traffic_percent > 0:
        share = rolling.traffic_percent
        if live is not None and share < 100:
            return [(live, 100 - share), (rolling, share)]
        return [(rolling, 100)]
    return [(live, 100)] if live is not None else []


async def served(session: AsyncSession, version: ModelVersion | uuid.UUID) -> ServedVersion:
    row = version if isinstance(version, ModelVersion) else await upstream.version(session, version)
    model = await upstream.model(session, row.model_id)
    return ServedVersion(
        tenant_id=row.tenant_id,
        tenant_slug=await upstream.tenant_slug(session, row.tenant_id),
        model_id=model.id,
        model_name=model.name,
        version_id=row.id,
        version=row.version,
        storage_key=row.s3_key,
        sha256=row.sha256,
    )


async def desired(session: AsyncSession, model_id: uuid.UUID, environment: str) -> Route:
    """The stable LIVE version and a rollout's share of traffic (+ shadows in production); no targets: no route."""
    model = await upstream.model(session, model_id)
    live = [d for d in await repository.in_environment(session, model_id, environment, [LIVE]) if d.desired == LIVE]
    rolling = [
        d
        for d in await repository.in_environment(session, model_id, environment, [s.value for s in IN_FLIGHT])
        if d.desired == LIVE and d.traffic_percent > 0
    ]
    weights = [(d.version_id, share) for d, share in split(live[0] if live else None, rolling[0] if rolling else None)]
    targets = tuple([RouteTarget(await served(session, v), w) for v, w in weights])
    shadows: tuple[ServedVersion, ...] = ()
    if targets and environment == Environment.PRODUCTION.value:
        routed = {v for v, _ in weights}
        shadows = tuple(
            [await served(session, v) for v in await upstream.shadow_versions(session, model_id) if v.id not in routed]
        )
    return Route(
        tenant_id=model.tenant_id,
        tenant_slug=await upstream.tenant_slug(session, model.tenant_id),
        model_name=model.name,
        environment=Environment(environment).route_suffix,
        targets=targets,
        shadows=shadows,
    )


async def live_routes(session: AsyncSession) -> list[Route]:
    """Every route the rows say answers now: what a restarted model server loads before it says ready."""
    return [await desired(session, model_id, env) for model_id, env in await repository.live_environments(session)]


async def apply(session: AsyncSession, runtime: Runtime, model_id: uuid.UUID, environment: str) -> Route:
    """Make the runtime's route what the rows say (loading what it names first); idempotent."""
    route = await desired(session, model_id, environment)
    if not route.targets:
        await runtime.remove_route(route)
        return route
    for version in [*(t.version for t in route.targets), *route.shadows]:
        await runtime.load(version)
    await runtime.apply_route(route)
    return route


async def unload_unused(
    session: AsyncSession, runtime: Runtime, model_id: uuid.UUID, version_ids: list[uuid.UUID]
) -> None:
    """Unload the versions no route, rollout or shadow needs any more (staging and production share them)."""
    await session.flush()
    in_use = await repository.versions_in_use(session, model_id)
    for version_id in version_ids:
        if version_id not in in_use:
            await runtime.unload(await served(session, version_id))
