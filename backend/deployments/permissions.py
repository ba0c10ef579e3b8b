"""Who may deploy, roll back, retire and set stages, in one place for the services and `viewerCan…` fields."""

from __future__ import annotations

from backend.deployments.lifecycle import DeploymentStatus, Environment
from backend.deployments.models import Deployment
from backend.identity.roles import Permission, Principal
from backend.kit.errors import Forbidden
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ModelVersion

# Staging takes any version that passed validation; production only an approved one.
STAGING_READY = frozenset(
    {VersionStatus.VALIDATED.value, VersionStatus.PENDING_APPROVAL.value, VersionStatus.APPROVED.value}
)

_DEPLOY = {Environment.STAGING: Permission.DEPLOY_STAGING, Environment.PRODUCTION: Permission.DEPLOY_PRODUCTION}


def deploy_permission(environment: Environment | str) -> Permission:
    return _DEPLOY[Environment(environment)]


def require_deploy(principal: Principal, environment: Environment | str) -> None:
    env = Environment(environment)
    if not principal.can(deploy_permission(env)):
        who = "an ml_engineer or an admin" if env is Environment.STAGING else "an admin"
        raise Forbidden(f"Your role `{principal.role}` may not deploy to {env.value.lower()}: ask {who}.")


def can_deploy_staging(principal: Principal, version: ModelVersion) -> bool:
    return principal.can(Permission.DEPLOY_STAGING) and version.status in STAGING_READY


def can_deploy_production(principal: Principal, version: ModelVersion, *, live_in_staging: bool) -> bool:
    return (
        principal.can(Permission.DEPLOY_PRODUCTION)
        and version.status == VersionStatus.APPROVED.value
        and live_in_staging
    )


def can_set_stage(principal: Principal, version: ModelVersion) -> bool:
    return principal.can(Permission.SET_STAGE) and version.status in STAGING_READY


def can_rollback(principal: Principal, row: Deployment) -> bool:
    return (
        principal.can(deploy_permission(row.environment))
        and row.desired == DeploymentStatus.LIVE.value
        and row.status
        in (DeploymentStatus.PENDING.value, DeploymentStatus.ROLLING_OUT.value, DeploymentStatus.LIVE.value)
        and (row.status != DeploymentStatus.LIVE.value or row.previous_id is not None)
    )


def can_retire(principal: Principal, row: Deployment) -> bool:
    return (
        principal.can(deploy_permission(row.environment))
        and row.desired == DeploymentStatus.LIVE.value
        and row.status == DeploymentStatus.LIVE.value
    )
