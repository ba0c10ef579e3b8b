"""Every ORM model, imported in one place so Alembic and the mappers see them all."""

from backend.audit.models import AuditEntry, AuditHead
from backend.db.base import Base
from backend.diagnostics.models import Ping
from backend.identity.models import Tenant, User

__all__ = ["AuditEntry", "AuditHead", "Base", "Ping", "Tenant", "User"]
