"""GraphQL entry points of governance: promotion gates and security findings."""

from __future__ import annotations

import strawberry

from backend.governance import findings, gates
from backend.governance.types import FindingSeverity, PromotionGates, SecurityFindingNode
from backend.kit import ids


@strawberry.type
class GovernanceQuery:
    @strawberry.field(
        description="Whether a version may go to production now, gate by gate: the same evaluation "
        "`deployModelVersion(PRODUCTION)` runs."
    )
    async def promotion_gates(self, info: strawberry.Info, version_id: strawberry.ID) -> PromotionGates:
        ctx = info.context
        found = await gates.evaluate_for(ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id))
        return PromotionGates.of(found, info)


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(description="Record a security finding on a version (ml_engineer, admin; audited).")
    async def report_security_finding(
        self,
        info: strawberry.Info,
        version_id: strawberry.ID,
        severity: FindingSeverity,
        title: str,
        detail: str = "",
    ) -> SecurityFindingNode:
        ctx = info.context
        row = await findings.report(
            ctx.session,
            ctx.viewer,
            ids.decode("ModelVersion", version_id),
            severity=severity.value,
            title=title,
            detail=detail,
        )
        return SecurityFindingNode.from_row(row)

    @strawberry.mutation(description="Resolve an open security finding, saying how (admins; audited).")
    async def resolve_security_finding(
        self, info: strawberry.Info, id: strawberry.ID, resolution: str
    ) -> SecurityFindingNode:
        ctx = info.context
        row = await findings.resolve(ctx.session, ctx.viewer, ids.decode("SecurityFinding", id), resolution=resolution)
        return SecurityFindingNode.from_row(row)
