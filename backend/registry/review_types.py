"""GraphQL types of what approvals bind to: card changes, approvers' votes, and promotion policies."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from backend.audit.models import AuditEntry
from backend.identity.roles import Principal, Role
from backend.identity.types import UserNode
from backend.kit import ids
from backend.registry import policies
from backend.registry.models import ApprovalDecision


@strawberry.enum(description="A user-written field of the model card a policy may require.")
class CardField(enum.Enum):
    INTENDED_USE = "intended_use"
    TRAINING_DATA = "training_data"
    METRICS = "metrics"
    LIMITATIONS = "limitations"


@strawberry.enum(description="A role a promotion policy may allow to approve.")
class ApproverRole(enum.Enum):
    ADMIN = Role.ADMIN.value
    ML_ENGINEER = Role.ML_ENGINEER.value


@strawberry.type(description="One field of the card that differs: `metrics.<key>` for a metric, JSON values.")
class CardChange:
    field: str
    before: JSON | None
    after: JSON | None

    @classmethod
    def of(cls, change: dict) -> CardChange:
        return cls(field=change["field"], before=change.get("before"), after=change.get("after"))


@strawberry.type(name="CardEdit", description="One change of a version's card, from the audit chain.")
class CardEditNode:
    revision: int | None
    at: datetime
    by_email: str | None
    correction: bool = strawberry.field(description="A correction of an APPROVED card (it needs a new approval).")
    withdrew_approval: bool = strawberry.field(description="The edit withdrew a pending approval request.")
    reason: str | None
    changes: list[CardChange]

    @classmethod
    def from_audit(cls, row: AuditEntry) -> CardEditNode:
        details = row.details or {}
        correction = row.action == "model.card_revised"
        return cls(
            revision=details.get("revision"),
            at=row.occurred_at,
            by_email=row.actor_email,
            correction=correction,
            withdrew_approval=not correction and details.get("status") == "PENDING_APPROVAL",
            reason=details.get("reason"),
            # Rows written before edits kept their diff name only the fields.
            changes=[CardChange.of(c) for c in details.get("changes") or []]
            or [CardChange(field=f, before=None, after=None) for f in details.get("fields") or []],
        )


@strawberry.type(name="ApprovalDecision", description="One approver's vote on a request.")
class ApprovalDecisionNode:
    approve: bool
    comment: str
    created_at: datetime
    row: strawberry.Private[ApprovalDecision]

    @classmethod
    def from_row(cls, row: ApprovalDecision) -> ApprovalDecisionNode:
        return cls(approve=row.approve, comment=row.comment, created_at=row.created_at, row=row)

    @strawberry.field
    async def user(self, info: strawberry.Info) -> UserNode | None:
        user = await info.context.loaders.identity.user.load(self.row.user_id)
        return UserNode.from_row(user) if user else None


@strawberry.enum(description="Where a policy comes from: the model's own, the tenant's default, or the built-in one.")
class PolicySource(enum.Enum):
    MODEL = "MODEL"
    TENANT = "TENANT"
    BUILT_IN = "BUILT_IN"


@strawberry.type(name="PromotionPolicy", description="How versions reach production: approvers, then gates.")
class PromotionPolicyNode:
    model_id: strawberry.ID | None = strawberry.field(description="Null for the tenant default.")
    source: PolicySource
    required_approvals: int = strawberry.field(description="Distinct people who must approve (never the submitter).")
    approver_roles: list[ApproverRole]
    require_validation: bool
    required_card_fields: list[CardField]
    min_staging_seconds: int = strawberry.field(description="How long a version is LIVE in staging first.")
    shadow_min_windows: int = strawberry.field(description="Scoring windows as SHADOW needed; 0: no shadow gate.")
    shadow_min_agreement: float = strawberry.field(description="Agreement with production needed, 0 to 1.")
    block_on_open_findings: bool
    updated_at: datetime | None
    viewer: strawberry.Private[Principal]

    @classmethod
    def of(cls, policy: policies.Policy, *, model_id: uuid.UUID | None, viewer: Principal) -> PromotionPolicyNode:
        row = policy.row
        return cls(
            model_id=strawberry.ID(ids.encode("Model", model_id)) if model_id is not None else None,
            source=PolicySource(policy.source),
            required_approvals=policy.required_approvals,
            approver_roles=[ApproverRole(r) for r in policy.approver_roles],
            require_validation=policy.require_validation,
            required_card_fields=[CardField(f) for f in policy.required_card_fields],
            min_staging_seconds=policy.min_staging_seconds,
            shadow_min_windows=policy.shadow_min_windows,
            shadow_min_agreement=policy.shadow_min_agreement,
            block_on_open_findings=policy.block_on_open_findings,
            updated_at=row.updated_at if row is not None else None,
            viewer=viewer,
        )

    @strawberry.field(description="Whether you may change policies (admins).")
    def viewer_can_edit(self) -> bool:
        return policies.can_edit(self.viewer)


@strawberry.input(description="A whole policy: every field is written.")
class PromotionPolicyInput:
    required_approvals: int = 1
    approver_roles: list[ApproverRole] = strawberry.field(default_factory=lambda: [ApproverRole.ADMIN])
    require_validation: bool = True
    required_card_fields: list[CardField] = strawberry.field(default_factory=list)
    min_staging_seconds: int = 0
    shadow_min_windows: int = 0
    shadow_min_agreement: float = 0.0
    block_on_open_findings: bool = True

    def to_policy(self) -> policies.Policy:
        return policies.Policy(
            required_approvals=self.required_approvals,
            approver_roles=tuple(dict.fromkeys(r.value for r in self.approver_roles)),
            require_validation=self.require_validation,
            required_card_fields=tuple(dict.fromkeys(f.value for f in self.required_card_fields)),
            min_staging_seconds=self.min_staging_seconds,
            shadow_min_windows=self.shadow_min_windows,
            shadow_min_agreement=self.shadow_min_agreement,
            block_on_open_findings=self.block_on_open_findings,
        )
