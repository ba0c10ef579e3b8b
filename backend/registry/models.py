"""Registered models, their numbered versions (with model card and validation report) and approval requests."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.registry.lifecycle import VersionStatus

_STATUSES = ", ".join(repr(s.value) for s in VersionStatus)


class RegisteredModel(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "registered_models"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name", name="uq_registered_models_tenant_name"),
        Index("ix_registered_models_tenant_created", "tenant_id", "created_at", "id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # Bumped under the row lock when a version is added: numbers are 1, 2, 3… without gaps.
    latest_version: Mapped[int] = mapped_column(Integer, default=0)


class ModelVersion(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "model_versions"
    __table_args__ = (
        UniqueConstraint("model_id", "version", name="uq_model_versions_model_version"),
        UniqueConstraint("model_id", "idempotency_key", name="uq_model_versions_model_idempotency_key"),
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        Index("ix_model_versions_model_sha256", "model_id", "sha256"),
        Index("ix_model_versions_tenant_status", "tenant_id", "status"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    model_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registered_models.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32), default=VersionStatus.VALIDATING.value)
    description: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict] = mapped_column("metadata", JSONB, default=dict)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    s3_key: Mapped[str] = mapped_column(String(500))
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # Filled by validation: the report (every check) and the facts read from the model.
    report: Mapped[list | None] = mapped_column(JSONB)
    facts: Mapped[dict | None] = mapped_column(JSONB)
    validated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What people write on the card.
    intended_use: Mapped[str] = mapped_column(Text, default="")
    training_data: Mapped[str] = mapped_column(Text, default="")
    metrics: Mapped[dict] = mapped_column(JSONB, default=dict)
    limitations: Mapped[str] = mapped_column(Text, default="")
    # Bumped by every card edit: an approval names the revision it froze.
    card_revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ApprovalRequest(UUIDPrimaryKey, CreatedAt, Base):
    """One submission of a version, with the card, report and file it froze (approvals.py)."""

    __tablename__ = "approval_requests"
    __table_args__ = (
        CheckConstraint("status IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')", name="status"),
        Index("ix_approval_requests_tenant_status", "tenant_id", "status", "created_at"),
        Index("ix_approval_requests_version", "version_id", "created_at"),
        # A card edit withdraws a request and the version may be submitted again: one PENDING at a time.
        Index(
            "uq_approval_requests_one_pending", "version_id", unique=True, postgresql_where=text("status = 'PENDING'")
        ),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id", ondelete="RESTRICT"))
    submitted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="PENDING")
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decision_comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What was reviewed, frozen at submission (null on requests made before approvals were bound).
    card: Mapped[dict | None] = mapped_column(JSONB)
    card_revision: Mapped[int | None] = mapped_column(Integer)
    card_sha256: Mapped[str | None] = mapped_column(String(64))
    report_sha256: Mapped[str | None] = mapped_column(String(64))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    # The policy in force at submission: a later policy change does not move the goalposts of a pending request.
    required_approvals: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    approver_roles: Mapped[list[str]] = mapped_column(
        ARRAY(String(32)), default=lambda: ["admin"], server_default="{admin}"
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The field-by-field changes of the card edit that withdrew the request.
    withdrawal_changes: Mapped[list | None] = mapped_column(JSONB)


class ApprovalDecision(UUIDPrimaryKey, CreatedAt, Base):
    """One approver's vote on a request; a person votes once per request."""

    __tablename__ = "approval_decisions"
    __table_args__ = (UniqueConstraint("request_id", "user_id", name="uq_approval_decisions_request_user"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("approval_requests.id", ondelete="RESTRICT"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    approve: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")


class PromotionPolicy(UUIDPrimaryKey, CreatedAt, Base):
    """How a version of a model reaches production: approvers, then gates. `model_id` null: the tenant default."""

    __tablename__ = "promotion_policies"
    __table_args__ = (
        CheckConstraint("required_approvals BETWEEN 1 AND 10", name="approvals"),
        Index(
            "uq_promotion_policies_tenant_default", "tenant_id", unique=True, postgresql_where=text("model_id IS NULL")
        ),
        Index("uq_promotion_policies_model", "model_id", unique=True, postgresql_where=text("model_id IS NOT NULL")),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    model_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("registered_models.id", ondelete="RESTRICT"))
    required_approvals: Mapped[int] = mapped_column(Integer)
    approver_roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    require_validation: Mapped[bool] = mapped_column(Boolean)
    required_card_fields: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    min_staging_seconds: Mapped[int] = mapped_column(Integer)
    shadow_min_windows: Mapped[int] = mapped_column(Integer)  # 0: no shadow gate
    shadow_min_agreement: Mapped[float] = mapped_column(Float)
    block_on_open_findings: Mapped[bool] = mapped_column(Boolean)
    updated_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ModelVersionInput(Base):
    """What a version was trained on: one history export or one label set (lineage). Rows are only added
    while the version has not been submitted; the export or set cannot be deleted while a row names it."""

    __tablename__ = "model_version_inputs"
    __table_args__ = (
        CheckConstraint("(export_id IS NULL) <> (label_set_id IS NULL)", name="one_input"),
        UniqueConstraint("version_id", "export_id", name="uq_model_version_inputs_export"),
        UniqueConstraint("version_id", "label_set_id", name="uq_model_version_inputs_label_set"),
        Index("ix_model_version_inputs_export", "export_id"),
        Index("ix_model_version_inputs_label_set", "label_set_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"))
    export_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("history_exports.id", ondelete="RESTRICT"))
    label_set_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("label_sets.id", ondelete="RESTRICT"))
