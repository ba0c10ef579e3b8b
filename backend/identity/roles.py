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


_EVERYONE = {Permission.READ, Permission.RUN_DIAGNOSTICS}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ML_ENGINEER: frozenset(_EVERYONE),
    Role.DATA_SCIENTIST: frozenset(_EVERYONE),
    Role.LABELER: frozenset(_EVERYONE),
    Role.VIEWER: frozenset(_EVERYONE),
}


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user of exactly one tenant, with one role."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    tenant_slug: str
    email: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise Forbidden unless this principal's role grants `permission`."""
        if not self.can(permission):
            raise Forbidden(f"Your role `{self.role}` may not {permission.value.replace('_', ' ')}; ask an admin.")
