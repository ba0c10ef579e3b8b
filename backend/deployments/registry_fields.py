"""What the registry's ModelVersion and Model types show about deployments (resolved through loaders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from backend.deployments import permissions
from backend.deployments.lifecycle import Environment, Stage
from backend.identity.roles import Permission

if TYPE_CHECKING:
    from backend.deployments.types import DeploymentNode
    from backend.registry.models import ModelVersion, RegisteredModel


def _readable(info: strawberry.Info) -> bool:
    return info.context.viewer.can(Permission.READ_DEPLOYMENTS)


async def stage(info: strawberry.Info, version: ModelVersion) -> Stage:
    return await info.context.loaders.deployments.stage.load(version.id)


async def of_version(info: strawberry.Info, version: ModelVersion) -> list[DeploymentNode]:
    from backend.deployments.types import DeploymentNode

    if not _readable(info):
        return []
    return [DeploymentNode.from_row(r) for r in await info.context.loaders.deployments.of_version.load(version.id)]


async def of_model(info: strawberry.Info, model: RegisteredModel) -> list[DeploymentNode]:
    from backend.deployments.types import DeploymentNode

    if not _readable(info):
        return []
    return [DeploymentNode.from_row(r) for r in await info.context.loaders.deployments.of_model.load(model.id)]


def can_deploy_staging(info: strawberry.Info, version: ModelVersion) -> bool:
    return permissions.can_deploy_staging(info.context.viewer, version)


async def can_deploy_production(info: strawberry.Info, version: ModelVersion) -> bool:
    viewer = info.context.viewer
    if not viewer.can(Permission.DEPLOY_PRODUCTION):
        return False
    rows = await info.context.loaders.deployments.of_version.load(version.id)
    live_in_staging = any(r.environment == Environment.STAGING.value and r.status == "LIVE" for r in rows)
    return permissions.can_deploy_production(viewer, version, live_in_staging=live_in_staging)


async def can_set_stage(info: strawberry.Info, version: ModelVersion) -> bool:
    """True when the viewer can take the version out of shadow, or move it into a shadow `setModelVersionStage` accepts."""
    if not permissions.can_set_stage(info.context.viewer, version):
        return False
    if await stage(info, version) is Stage.SHADOW:
        return True
    # A shadow runs beside a LIVE production version other than itself; without one the button would only fail.
    rows = await info.context.loaders.deployments.of_model.load(version.model_id)
    production = next((r for r in rows if r.environment == Environment.PRODUCTION.value and r.status == "LIVE"), None)
    return production is not None and production.version_id != version.id
