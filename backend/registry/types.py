"""GraphQL types of registered models, versions, model cards and approval requests.

The schema's `ModelVersion` and `Model` also show fields of areas downstream of this one (deployments), so
they are composed in the API layer (backend/api/types.py) from `ModelVersionFields` / `ModelFields` here
and those areas' mixins, the way backend/api/schema.py composes Query. Code of this area names the
composed types only through `ModelVersionRef` / `ModelRef` (lazy references Strawberry resolves when the
schema is built) and builds them with `version_node` / `model_node`: it never imports a downstream area.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry.scalars import JSON

from backend.api.scalars import BigInt
from backend.identity.roles import Principal
from backend.identity.types import UserNode
from backend.kit import ids
from backend.kit.errors import BadInput
from backend.registry import permissions
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ApprovalRequest, ModelVersion, RegisteredModel
from backend.registry.review_types import ApprovalDecisionNode, CardChange, CardEditNode

if TYPE_CHECKING:
    from backend.api.types import ModelNode, ModelVersionNode
    from backend.registry.card import CardEdit

# The composed types, named lazily: backend/api/types.py imports this module, and downstream areas.
ModelVersionRef = Annotated["ModelVersionNode", strawberry.lazy("backend.api.types")]
ModelRef = Annotated["ModelNode", strawberry.lazy("backend.api.types")]

# strawberry.enum registers the GraphQL name on the domain enum itself: fields are annotated with that class
# (mypy takes the result of a call for a variable, not a type).
strawberry.enum(VersionStatus, name="ModelVersionStatus", description="Where a model version is in its lifecycle.")
ModelVersionStatus = VersionStatus


@strawberry.enum(description="Where an approval request stands.")
class ApprovalStatus(enum.Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


@strawberry.enum(description="Outcome of one validation check.")
class CheckStatus(enum.Enum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"


@strawberry.type(description="One check of the validation report, with a sentence a person can act on.")
class ValidationCheck:
    name: str
    status: CheckStatus
    message: str


@strawberry.type(description="An input or output of the model's graph.")
class TensorSpec:
    name: str
    dtype: str
    shape: list[str] = strawberry.field(description="Each dimension: a number, or the symbol of a free one.")


@strawberry.type
class OpsetImport:
    domain: str
    version: int


def version_node(row: ModelVersion) -> ModelVersionNode:
    """The schema's ModelVersion for `row` (the type composed in the API layer)."""
    from backend.api.types import ModelVersionNode

    return ModelVersionNode.from_row(row)


def model_node(row: RegisteredModel) -> ModelNode:
    """The schema's Model for `row` (the type composed in the API layer)."""
    from backend.api.types import ModelNode

    return ModelNode.from_row(row)


async def _detail(info: strawberry.Info, row: ModelVersion, name: str) -> Any:
    """A detail column of `row` (repository.DETAIL_COLUMNS): off the row when it was read whole, else read for
    all the versions of the request that show it at once (lists leave these columns out)."""
    if name in row.__dict__:
        return row.__dict__[name]
    return await info.context.loaders.registry.version_column(name).load(row.id)


async def _facts(info: strawberry.Info, row: ModelVersion) -> dict[str, Any]:
    return await _detail(info, row, "facts") or {}


async def _report(info: strawberry.Info, row: ModelVersion) -> list[ValidationCheck]:
    return [
        ValidationCheck(name=c["name"], status=CheckStatus(c["status"]), message=c["message"])
        for c in await _detail(info, row, "report") or []
    ]


@strawberry.type(description="What is known about one model version: measured facts and what people wrote.")
class ModelCard:
    row: strawberry.Private[ModelVersion]
    viewer: strawberry.Private[Principal]

    @strawberry.field
    async def inputs(self, info: strawberry.Info) -> list[TensorSpec]:
        return [TensorSpec(**t) for t in (await _facts(info, self.row)).get("inputs", [])]

    @strawberry.field
    async def outputs(self, info: strawberry.Info) -> list[TensorSpec]:
        return [TensorSpec(**t) for t in (await _facts(info, self.row)).get("outputs", [])]

    @strawberry.field
    async def opsets(self, info: strawberry.Info) -> list[OpsetImport]:
        return [OpsetImport(**o) for o in (await _facts(info, self.row)).get("opsets", [])]

    @strawberry.field
    async def producer(self, info: strawberry.Info) -> str | None:
        return (await _facts(info, self.row)).get("producer")

    @strawberry.field
    async def ir_version(self, info: strawberry.Info) -> int | None:
        return (await _facts(info, self.row)).get("irVersion")

    @strawberry.field
    async def parameter_count(self, info: strawberry.Info) -> BigInt | None:
        return (await _facts(info, self.row)).get("parameterCount")

    @strawberry.field
    def size_bytes(self) -> BigInt:
        return BigInt(self.row.size_bytes)

    @strawberry.field
    def sha256(self) -> str:
        return self.row.sha256

    @strawberry.field(description="Median latency of the smoke inference, in milliseconds.")
    async def latency_p50_ms(self, info: strawberry.Info) -> float | None:
        return (await _facts(info, self.row)).get("latencyP50Ms")

    @strawberry.field
    async def latency_p95_ms(self, info: strawberry.Info) -> float | None:
        return (await _facts(info, self.row)).get("latencyP95Ms")

    @strawberry.field
    async def report(self, info: strawberry.Info) -> list[ValidationCheck]:
        return await _report(info, self.row)

    @strawberry.field
    async def intended_use(self, info: strawberry.Info) -> str:
        return await _detail(info, self.row, "intended_use")

    @strawberry.field(description="What the model was trained on, e.g. the history export id.")
    async def training_data(self, info: strawberry.Info) -> str:
        return await _detail(info, self.row, "training_data")

    @strawberry.field
    async def metrics(self, info: strawberry.Info) -> JSON:
        return JSON(await _detail(info, self.row, "metrics"))

    @strawberry.field
    async def limitations(self, info: strawberry.Info) -> str:
        return await _detail(info, self.row, "limitations")

    @strawberry.field(description="False once the version is approved or rejected: the card is the record.")
    def editable(self) -> bool:
        return permissions.card_open(self.row)

    @strawberry.field
    def viewer_can_edit(self) -> bool:
        return permissions.can_edit_card(self.viewer, self.row)

    @strawberry.field
    def viewer_can_submit(self) -> bool:
        return permissions.can_submit(self.viewer, self.row)

    @strawberry.field(description="False once you voted on the pending request, or your role may not approve.")
    async def viewer_can_approve(self, info: strawberry.Info) -> bool:
        request = await info.context.loaders.registry.request_of_version.load(self.row.id)
        if not permissions.can_decide(self.viewer, self.row, request):
            return False
        assert request is not None
        votes = await info.context.loaders.registry.decisions_of_request.load(request.id)
        return all(v.user_id != self.viewer.user_id for v in votes)

    @strawberry.field(description="Whether you may correct this APPROVED card (a new revision, a new approval).")
    def viewer_can_revise(self) -> bool:
        return permissions.can_revise_card(self.viewer, self.row)

    @strawberry.field(description="Bumped by every edit; an approval names the revision it froze.")
    def revision(self) -> int:
        return self.row.card_revision


async def _metadata(root: ModelVersionFields, info: strawberry.Info) -> JSON:
    return JSON(await _detail(info, root.row, "extra"))


@strawberry.type
class ModelVersionFields:
    """The registry's fields of the schema's ModelVersion (composed in backend/api/types.py)."""

    id: strawberry.ID
    version: int
    status: ModelVersionStatus
    description: str
    metadata: JSON = strawberry.field(resolver=_metadata)
    size_bytes: BigInt
    sha256: str
    created_at: datetime
    validated_at: datetime | None
    card_revision: int
    row: strawberry.Private[ModelVersion]

    @classmethod
    def from_row(cls, row: ModelVersion) -> Self:
        return cls(
            id=strawberry.ID(ids.encode("ModelVersion", row.id)),
            version=row.version,
            status=VersionStatus(row.status),
            description=row.description,
            size_bytes=BigInt(row.size_bytes),
            sha256=row.sha256,
            created_at=row.created_at,
            validated_at=row.validated_at,
            card_revision=row.card_revision,
            row=row,
        )

    @strawberry.field
    async def model(self, info: strawberry.Info) -> ModelRef:
        return model_node(await info.context.loaders.registry.model.load(self.row.model_id))

    @strawberry.field
    def card(self, info: strawberry.Info) -> ModelCard:
        return ModelCard(row=self.row, viewer=info.context.viewer)

    @strawberry.field
    async def report(self, info: strawberry.Info) -> list[ValidationCheck]:
        return await _report(info, self.row)

    @strawberry.field(description="The newest submission (pending, decided or withdrawn); null if never submitted.")
    async def approval_request(self, info: strawberry.Info) -> ApprovalRequestNode | None:
        row = await info.context.loaders.registry.request_of_version.load(self.row.id)
        return ApprovalRequestNode.from_row(row) if row else None

    @strawberry.field(description="Every change of the card, oldest first (read from the audit chain).")
    async def card_history(self, info: strawberry.Info) -> list[CardEditNode]:
        from backend.registry import repository

        rows = await repository.card_edits(info.context.session, self.row.tenant_id, self.row.id)
        return [CardEditNode.from_audit(r) for r in rows]

    @strawberry.field(description="Every submission of this version, oldest first, each with what it froze.")
    async def approval_history(self, info: strawberry.Info) -> list[ApprovalRequestNode]:
        rows = await info.context.loaders.registry.requests_of_version.load(self.row.id)
        return [ApprovalRequestNode.from_row(r) for r in rows]

    # Through the tenant-scoped users loader, as ApprovalRequest.submittedBy: a page of versions costs one query.
    @strawberry.field(description="Who uploaded this version.")
    async def uploaded_by(self, info: strawberry.Info) -> UserNode | None:
        user = await info.context.loaders.identity.user.load(self.row.uploaded_by)
        return UserNode.from_row(user) if user else None

    @strawberry.field(description="A presigned link to the .onnx file; it expires after a few minutes.")
    async def download_url(self, info: strawberry.Info) -> str:
        from backend.registry import service

        ctx = info.context
        # Named after the model: a downloads folder of "3.onnx" files says nothing of what they are.
        model = await ctx.loaders.registry.model.load(self.row.model_id)
        name = model.name if model is not None else "model"  # a version always has its model; the type allows None
        return await service.download_url(ctx.state.store, ctx.state.settings, self.row, model_name=name)


@strawberry.type
class ModelFields:
    """The registry's fields of the schema's Model (composed in backend/api/types.py)."""

    id: strawberry.ID
    name: str
    description: str
    tags: list[str]
    created_at: datetime
    latest_version: int
    row: strawberry.Private[RegisteredModel]

    @classmethod
    def from_row(cls, row: RegisteredModel) -> Self:
        return cls(
            id=strawberry.ID(ids.encode("Model", row.id)),
            name=row.name,
            description=row.description,
            tags=list(row.tags),
            created_at=row.created_at,
            latest_version=row.latest_version,
            row=row,
        )

    @strawberry.field(description="Every version, newest first; with `first`, only the newest `first` of them.")
    async def versions(self, info: strawberry.Info, first: int | None = None) -> list[ModelVersionRef]:
        if first is not None and first < 0:
            raise BadInput("`first` cannot be negative.", field="first")
        rows = await info.context.loaders.registry.versions_of_model.load((self.row.id, first))
        return [version_node(r) for r in rows]


@strawberry.type(
    name="ApprovalRequest",
    description="One submission of a version, with the card, report and file it froze and their sha256 "
    "(of canonical JSON: docs/governance.md).",
)
class ApprovalRequestNode:
    id: strawberry.ID
    status: ApprovalStatus
    comment: str
    submitted_by_id: strawberry.ID
    created_at: datetime
    decided_by_id: strawberry.ID | None
    decision_comment: str | None
    decided_at: datetime | None
    card_revision: int | None = strawberry.field(description="The card revision frozen at submission.")
    card_sha256: str | None
    report_sha256: str | None
    file_sha256: str | None
    frozen_card: JSON | None = strawberry.field(description="The card the approvers review, as submitted.")
    required_approvals: int = strawberry.field(description="Distinct approvers needed (the policy at submission).")
    approver_roles: list[str]
    withdrawn_at: datetime | None
    row: strawberry.Private[ApprovalRequest]

    @classmethod
    def from_row(cls, row: ApprovalRequest) -> ApprovalRequestNode:
        return cls(
            id=strawberry.ID(ids.encode("ApprovalRequest", row.id)),
            status=ApprovalStatus(row.status),
            comment=row.comment,
            submitted_by_id=strawberry.ID(ids.encode("User", row.submitted_by)),
            created_at=row.created_at,
            decided_by_id=strawberry.ID(ids.encode("User", row.decided_by)) if row.decided_by else None,
            decision_comment=row.decision_comment,
            decided_at=row.decided_at,
            card_revision=row.card_revision,
            card_sha256=row.card_sha256,
            report_sha256=row.report_sha256,
            file_sha256=row.file_sha256,
            frozen_card=JSON(row.card) if row.card is not None else None,
            required_approvals=row.required_approvals,
            approver_roles=[r.upper() for r in row.approver_roles],
            withdrawn_at=row.withdrawn_at,
            row=row,
        )

    @strawberry.field(description="Each approver's vote so far, oldest first.")
    async def decisions(self, info: strawberry.Info) -> list[ApprovalDecisionNode]:
        rows = await info.context.loaders.registry.decisions_of_request.load(self.row.id)
        return [ApprovalDecisionNode.from_row(r) for r in rows]

    @strawberry.field(description="Approvals so far (distinct people).")
    async def approvals(self, info: strawberry.Info) -> int:
        rows = await info.context.loaders.registry.decisions_of_request.load(self.row.id)
        return sum(r.approve for r in rows)

    @strawberry.field(
        description="What the reviewer looks at: the frozen card against the one last approved or rejected for "
        "this model, field by field (every filled field when nothing was decided before)."
    )
    async def changes_since_last_decision(self, info: strawberry.Info) -> list[CardChange]:
        from backend.registry import approvals

        return [CardChange.of(c) for c in await approvals.changes_since_last_decision(info.context.session, self.row)]

    @strawberry.field(description="WITHDRAWN: the card edit that withdrew the request, field by field.")
    def withdrawal_changes(self) -> list[CardChange]:
        return [CardChange.of(c) for c in self.row.withdrawal_changes or []]

    @strawberry.field
    async def version(self, info: strawberry.Info) -> ModelVersionRef:
        return version_node(await info.context.loaders.registry.version.load(self.row.version_id))

    # Through the tenant-scoped users loader: a page of requests costs one users query, and anyone who
    # may read the request sees who asked and who decided (`user(id)` shows others only to admins).
    @strawberry.field(description="Who submitted the version for approval.")
    async def submitted_by(self, info: strawberry.Info) -> UserNode:
        return UserNode.from_row(await info.context.loaders.identity.user.load(self.row.submitted_by))

    @strawberry.field(description="Who approved or rejected it; null while pending.")
    async def decided_by(self, info: strawberry.Info) -> UserNode | None:
        if self.row.decided_by is None:
            return None
        user = await info.context.loaders.identity.user.load(self.row.decided_by)
        return UserNode.from_row(user) if user else None


@strawberry.type
class UploadModelVersionPayload:
    version: ModelVersionRef
    replayed: bool = strawberry.field(description="True when the idempotency key named an earlier, identical upload.")


@strawberry.input
class ModelCardInput:
    intended_use: str | None = None
    training_data: str | None = None
    metrics: JSON | None = None
    limitations: str | None = None

    def to_edit(self) -> CardEdit:
        from backend.registry.card import CardEdit

        return CardEdit(
            intended_use=self.intended_use,
            training_data=self.training_data,
            metrics=self.metrics,
            limitations=self.limitations,
        )
