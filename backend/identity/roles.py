"""Roles and what each may do (DESIGN.md, "Who uses it")."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from backend.kit.errors import Forbidden


class Role(enum.StrEnum):
    ADMIN = "admin"
    ML_ENGINEER = "ml_engineer"
    DATA_SCIENTIST = "data_scientist"
    LABELER = "labeler"
    VIEWER = "viewer"


class Permission(enum.StrEnum):
    READ = "read"
    RUN_DIAGNOSTICS = "run_diagnostics"
    MANAGE_USERS = "manage_users"
    READ_AUDIT_LOG = "read_audit_log"
    READ_HISTORY = "read_history"  # assets, tags, events and sample history
    EXPORT_HISTORY = "export_history"
    MANAGE_ASSETS = "manage_assets"  # create and change assets and tags
    READ_ALL_EXPORTS = "read_all_exports"  # every export of the tenant, not only one's own
    READ_CASES = "read_cases"  # labeling cases, their artifacts and label history
    LABEL_CASES = "label_cases"  # save mask edits (labelers: only cases assigned to them or to nobody)
    MANAGE_CASES = "manage_cases"  # create cases, assign them, change their status
    READ_MODELS = "read_models"  # registered models, versions, cards, download links
    MANAGE_MODELS = "manage_models"  # register, upload versions, edit cards, submit for approval
    APPROVE_MODELS = "approve_models"  # approve or reject submitted versions (four-eyes: never one's own)
    MANAGE_WEBHOOKS = "manage_webhooks"  # register webhooks, read their deliveries and secrets once (admins)
    READ_DEPLOYMENTS = "read_deployments"  # deployments, active endpoints, scoring runs and shadow reports
    DEPLOY_STAGING = "deploy_staging"  # deploy to staging, roll back or retire staging deployments
    DEPLOY_PRODUCTION = "deploy_production"  # the same for production
    SET_STAGE = "set_stage"  # run a version as SHADOW beside production, archive it, start scoring runs


_EVERYONE = {Permission.READ, Permission.RUN_DIAGNOSTICS, Permission.READ_CASES}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ML_ENGINEER: frozenset(
        _EVERYONE
        | {Permission.READ_HISTORY, Permission.EXPORT_HISTORY, Permission.MANAGE_CASES, Permission.LABEL_CASES}
    ),
    Role.DATA_SCIENTIST: frozenset(_EVERYONE | {Permission.READ_HISTORY, Permission.EXPORT_HISTORY}),
    Role.LABELER: frozenset(_EVERYONE | {Permission.LABEL_CASES}),
    Role.VIEWER: frozenset(_EVERYONE | {Permission.READ_HISTORY}),
}

# Model registry (issue 4): scientists and engineers upload and submit, viewers read, admins approve.
_MODEL_GRANTS = {
    Role.ML_ENGINEER: {Permission.READ_MODELS, Permission.MANAGE_MODELS},
    Role.DATA_SCIENTIST: {Permission.READ_MODELS, Permission.MANAGE_MODELS},
    Role.VIEWER: {Permission.READ_MODELS},
}
GRANTS = {role: grants | _MODEL_GRANTS.get(role, set()) for role, grants in GRANTS.items()}

# Deployments (issue 6): engineers run staging and shadows, admins production; scientists and viewers
# read (every role that reads models), and never change a deployment.
_DEPLOYMENT_GRANTS = {
    Role.ML_ENGINEER: {Permission.READ_DEPLOYMENTS, Permission.DEPLOY_STAGING, Permission.SET_STAGE},
    Role.DATA_SCIENTIST: {Permission.READ_DEPLOYMENTS},
    Role.VIEWER: {Permission.READ_DEPLOYMENTS},
}
GRANTS = {role: grants | _DEPLOYMENT_GRANTS.get(role, set()) for role, grants in GRANTS.items()}


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user of exactly one tenant, with one role."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    tenant_slug: str
    email: str
    role: Role
    expires_at: float | None = None  # when the token it came from expires (epoch seconds): sockets close then
    # Set when the caller signed with a personal access token: such a caller may not mint more of them.
    personal_token_id: uuid.UUID | None = None
    # The tenant's display name when it was read with the user: `me { tenant }` then needs no database.
    tenant_name: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise Forbidden unless this principal's role grants `permission`."""
        if not self.can(permission):
            raise Forbidden(f"Your role `{self.role}` may not {permission.value.replace('_', ' ')}; ask an admin.")
