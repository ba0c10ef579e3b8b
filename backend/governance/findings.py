"""Security findings on a model version: engineers and admins report them, admins resolve them.

An open finding blocks production when the model's promotion policy says so (gates.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.events.publish import publish
from backend.governance import repository
from backend.governance.models import SEVERITIES, SecurityFinding
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.registry import service as registry
from backend.registry.service import TOPIC_VERSION

MAX_TITLE = 300
MAX_DETAIL = 20_000


def can_report(principal: Principal) -> bool:
    return principal.can(Permission.SET_STAGE)


def can_resolve(principal: Principal) -> bool:
    return principal.can(Permission.APPROVE_MODELS)


async def report(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, *, severity: str, title: str, detail: str
) -> SecurityFinding:
    """An OPEN finding on the version (ml_engineer, admin)."""
    version = await registry.get_version(session, principal, version_id)
    principal.require(Permission.SET_STAGE)
    title = title.strip()
    if not 1 <= len(title) <= MAX_TITLE:
        raise BadInput(f"A finding's title has 1 to {MAX_TITLE} characters.", field="title")
    if len(detail) > MAX_DETAIL:
        raise BadInput(f"A finding's detail holds at most {MAX_DETAIL} characters.", field="detail")
    if severity not in SEVERITIES:
        raise BadInput(f"`severity` is one of {', '.join(SEVERITIES)}.", field="severity")
    row = SecurityFinding(
        tenant_id=principal.tenant_id,
        version_id=version.id,
        severity=severity,
        title=title,
        detail=detail,
        status="OPEN",
        reported_by=principal.user_id,
    )
    await repository.add(session, row)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="governance.finding_reported",
        target_type="ModelVersion",
        target_id=str(version.id),
        details={"finding": str(row.id), "severity": severity, "title": title, "version": version.version},
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC_VERSION, id=str(version.id))
    return row


async def resolve(
    session: AsyncSession, principal: Principal, finding_id: uuid.UUID, *, resolution: str
) -> SecurityFinding:
    """OPEN → RESOLVED with a sentence saying how (admins)."""
    principal.require(Permission.READ_MODELS)
    row = await repository.finding_in_tenant(session, principal.tenant_id, finding_id, lock=True)
    if row is None:
        raise NotFound("SecurityFinding")
    principal.require(Permission.APPROVE_MODELS)
    if not resolution.strip() or len(resolution) > MAX_DETAIL:
        raise BadInput("Say how the finding was resolved (a sentence is enough).", field="resolution")
    if row.status != "OPEN":
        raise Conflict("This finding is already RESOLVED.", currentStatus=row.status)
    row.status = "RESOLVED"
    row.resolved_by = principal.user_id
    row.resolution = resolution
    row.resolved_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="governance.finding_resolved",
        target_type="ModelVersion",
        target_id=str(row.version_id),
        details={"finding": str(row.id), "resolution": resolution},
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC_VERSION, id=str(row.version_id))
    return row
