"""Version stages (SHADOW beside production, ARCHIVED) and the active endpoints an orchestrator asks for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.deployments import permissions, repository, upstream
from backend.deployments.lifecycle import Environment, Stage
from backend.deployments.models import Deployment, VersionStage
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.jobs import enqueue
from backend.registry import repository as registry
from backend.registry.models import ModelVersion, RegisteredModel

TOPIC_VERSION = "modelVersion"  # the registry's topic: a stage change is a change of the version


def derive(explicit: VersionStage | None, live: list[Deployment]) -> Stage:
    """SHADOW and ARCHIVED are set by hand; otherwise the stage follows the LIVE deployments."""
    if explicit is not None and explicit.stage in (Stage.SHADOW.value, Stage.ARCHIVED.value):
        return Stage(explicit.stage)
    environments = {d.environment for d in live}
    if Environment.PRODUCTION.value in environments:
        return Stage.PRODUCTION
    if Environment.STAGING.value in environments:
        return Stage.STAGING
    return Stage.NONE


async def set_stage(session: AsyncSession, principal: Principal, version_id: uuid.UUID, stage: Stage) -> ModelVersion:
    """SHADOW runs the version beside production (copies of its requests); NONE / ARCHIVED takes it out."""
    version = await registry.version_in_tenant(session, principal.tenant_id, version_id)
    if version is None or not principal.can(Permission.READ_MODELS):
        raise NotFound("ModelVersion")
    principal.require(Permission.SET_STAGE)
    if stage in (Stage.STAGING, Stage.PRODUCTION):
        raise BadInput(
            f"A version reaches {stage.value} through `deployModelVersion` to that environment.", field="stage"
        )
    await repository.lock_environment(session, version.model_id, Environment.PRODUCTION.value)
    current = await repository.stage_of(session, version.id, lock=True)
    if stage is Stage.SHADOW:
        await _check_shadow(session, version)
    before = current.stage if current else Stage.NONE.value
    if current is None:
        current = VersionStage(
            version_id=version.id,
            tenant_id=version.tenant_id,
            model_id=version.model_id,
            stage=stage.value,
            updated_by=principal.user_id,
        )
        session.add(current)
    else:
        current.stage, current.updated_by = stage.value, principal.user_id
        current.updated_at = await repository.now(session)
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="model.stage_set",
        target_type="ModelVersion",
        target_id=str(version.id),
        details={"version": version.version, "from": before, "to": stage.value},
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC_VERSION, id=str(version.id))
    if Stage.SHADOW.value in (before, stage.value) and before != stage.value:
        unload = [str(version.id)] if stage is not Stage.SHADOW else []
        await enqueue(session, "deployments.sync_shadows", str(version.model_id), unload)
    return version


async def _check_shadow(session: AsyncSession, version: ModelVersion) -> None:
    if version.status not in permissions.STAGING_READY:
        raise Conflict(
            f"Version {version.version} is {version.status}; a shadow takes a version that passed validation.",
            currentStatus=version.status,
        )
    production = await repository.live(session, version.model_id, Environment.PRODUCTION.value)
    if production is None:
        raise Conflict("The model has no LIVE production deployment for a shadow to run beside; deploy one first.")
    if production.version_id == version.id:
        raise Conflict(f"Version {version.version} is the production version; shadow another version.")


@dataclass(frozen=True)
class Endpoint:
    version: ModelVersion
    deployment: Deployment | None
    traffic_percent: int
    url: str
    canary: Endpoint | None = None


@dataclass(frozen=True)
class ActiveModels:
    model: RegisteredModel
    production: Endpoint | None
    staging: Endpoint | None
    shadows: list[Endpoint]


async def active_models(
    session: AsyncSession, principal: Principal, *, model_name: str, base_url: str, model_prefix: str = ""
) -> ActiveModels:
    """The production and staging endpoints of a model (with a running canary's split) and its shadows."""
    principal.require(Permission.READ_DEPLOYMENTS)
    model = await registry.model_by_name(session, principal.tenant_id, model_name)
    if model is None:
        raise NotFound("RegisteredModel", model_name)

    async def endpoint(environment: Environment) -> Endpoint | None:
        live = await repository.live(session, model.id, environment.value)
        running = await repository.in_flight(session, model.id, environment.value)
        url = f"{base_url}/v2/models/{model.name}-{environment.route_suffix}/infer"
        canary = None
        if running is not None and running.traffic_percent > 0:
            canary = Endpoint(
                await upstream.version(session, running.version_id), running, running.traffic_percent, url
            )
        if live is None:
            return canary
        return Endpoint(
            await upstream.version(session, live.version_id),
            live,
            live.traffic_percent,
            live.endpoint_url or url,
            canary,
        )

    shadows = [
        Endpoint(v, None, 0, f"{base_url}/v2/models/{model.name}-v{v.version}/infer")
        for v in await upstream.shadow_versions(session, model.id)
    ]
    return ActiveModels(model, await endpoint(Environment.PRODUCTION), await endpoint(Environment.STAGING), shadows)
