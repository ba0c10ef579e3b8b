"""GraphQL types of promotion gates and security findings, and the ModelVersion fields of this area."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.governance import findings, gates
from backend.governance.gates import Evaluation
from backend.governance.models import SecurityFinding
from backend.identity.types import UserNode
from backend.kit import ids
from backend.registry.models import ModelVersion
from backend.registry.review_types import PromotionPolicyNode


@strawberry.enum(description="A gate before production.")
class GateKind(enum.Enum):
    APPROVAL = "APPROVAL"
    VALIDATION = "VALIDATION"
    CARD_FIELDS = "CARD_FIELDS"
    STAGING = "STAGING"
    SHADOW = "SHADOW"
    SECURITY = "SECURITY"


@strawberry.type(description="One gate's verdict now, with a sentence a person can act on.")
class PromotionGate:
    gate: GateKind
    title: str
    passed: bool
    reason: str


@strawberry.type(description="Whether a version may go to production now, gate by gate (the policy in force).")
class PromotionGates:
    version_id: strawberry.ID
    passed: bool
    gates: list[PromotionGate]
    policy: PromotionPolicyNode
    evaluated_at: datetime

    @classmethod
    def of(cls, found: Evaluation, info: strawberry.Info) -> PromotionGates:
        return cls(
            version_id=strawberry.ID(ids.encode("ModelVersion", found.version.id)),
            passed=found.passed,
            gates=[
                PromotionGate(gate=GateKind(g.key), title=g.title, passed=g.passed, reason=g.reason)
                for g in found.gates
            ],
            policy=PromotionPolicyNode.of(
                found.policy,
                model_id=found.version.model_id if found.policy.source == "MODEL" else None,
                viewer=info.context.viewer,
            ),
            evaluated_at=found.evaluated_at,
        )


@strawberry.enum
class FindingSeverity(enum.Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


@strawberry.enum
class FindingStatus(enum.Enum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


@strawberry.type(
    name="SecurityFinding", description="A security problem found in a version (blocks production while open)."
)
class SecurityFindingNode:
    id: strawberry.ID
    severity: FindingSeverity
    title: str
    detail: str
    status: FindingStatus
    resolution: str | None
    created_at: datetime
    resolved_at: datetime | None
    row: strawberry.Private[SecurityFinding]

    @classmethod
    def from_row(cls, row: SecurityFinding) -> SecurityFindingNode:
        return cls(
            id=strawberry.ID(ids.encode("SecurityFinding", row.id)),
            severity=FindingSeverity(row.severity),
            title=row.title,
            detail=row.detail,
            status=FindingStatus(row.status),
            resolution=row.resolution,
            created_at=row.created_at,
            resolved_at=row.resolved_at,
            row=row,
        )

    @strawberry.field(description="Whether you may resolve it (admins, while it is open).")
    def viewer_can_resolve(self, info: strawberry.Info) -> bool:
        return self.row.status == "OPEN" and findings.can_resolve(info.context.viewer)

    @strawberry.field
    async def reported_by(self, info: strawberry.Info) -> UserNode | None:
        user = await info.context.loaders.identity.user.load(self.row.reported_by)
        return UserNode.from_row(user) if user else None


@strawberry.type
class VersionGovernanceFields:
    """This area's fields of the schema's ModelVersion (composed in backend/api/types.py)."""

    row: strawberry.Private[ModelVersion]

    @strawberry.field(description="The gates before production, evaluated now (the version page's checklist).")
    async def promotion_gates(self, info: strawberry.Info) -> PromotionGates:
        return PromotionGates.of(await gates.evaluate(info.context.session, self.row), info)

    @strawberry.field(description="Security findings on this version, newest first.")
    async def security_findings(self, info: strawberry.Info) -> list[SecurityFindingNode]:
        rows = await info.context.loaders.governance.findings_of_version.load(self.row.id)
        return [SecurityFindingNode.from_row(r) for r in rows]

    @strawberry.field(description="Whether you may report a security finding on this version (ml_engineer, admin).")
    def viewer_can_report_finding(self, info: strawberry.Info) -> bool:
        return findings.can_report(info.context.viewer)
