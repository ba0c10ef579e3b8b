"""governance: approvals bound to the reviewed card, N-of-M decisions, promotion policies, security findings

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _common() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
    ]


def upgrade() -> None:
    op.add_column("model_versions", sa.Column("card_revision", sa.Integer(), server_default="1", nullable=False))

    # A version may be submitted again after a card edit withdrew its request: one PENDING request at a time.
    op.drop_constraint("uq_approval_requests_version_id", "approval_requests", type_="unique")
    op.create_index(
        "uq_approval_requests_one_pending",
        "approval_requests",
        ["version_id"],
        unique=True,
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    op.create_index("ix_approval_requests_version", "approval_requests", ["version_id", "created_at"])
    op.drop_constraint("ck_approval_requests_status", "approval_requests", type_="check")
    op.create_check_constraint(
        "ck_approval_requests_status", "approval_requests", "status IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')"
    )
    for column in (
        sa.Column("card", JSONB(), nullable=True),
        sa.Column("card_revision", sa.Integer(), nullable=True),
        sa.Column("card_sha256", sa.String(64), nullable=True),
        sa.Column("report_sha256", sa.String(64), nullable=True),
        sa.Column("file_sha256", sa.String(64), nullable=True),
        sa.Column("required_approvals", sa.Integer(), server_default="1", nullable=False),
        sa.Column("approver_roles", ARRAY(sa.String(32)), server_default="{admin}", nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_changes", JSONB(), nullable=True),
    ):
        op.add_column("approval_requests", column)

    op.create_table(
        "approval_decisions",
        *_common(),
        sa.Column("request_id", sa.Uuid(), sa.ForeignKey("approval_requests.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("approve", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approval_decisions"),
        sa.UniqueConstraint("request_id", "user_id", name="uq_approval_decisions_request_user"),
    )

    op.create_table(
        "promotion_policies",
        *_common(),
        sa.Column("model_id", sa.Uuid(), sa.ForeignKey("registered_models.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("required_approvals", sa.Integer(), nullable=False),
        sa.Column("approver_roles", ARRAY(sa.String(32)), nullable=False),
        sa.Column("require_validation", sa.Boolean(), nullable=False),
        sa.Column("required_card_fields", ARRAY(sa.String(32)), nullable=False),
        sa.Column("min_staging_seconds", sa.Integer(), nullable=False),
        sa.Column("shadow_min_windows", sa.Integer(), nullable=False),
        sa.Column("shadow_min_agreement", sa.Float(), nullable=False),
        sa.Column("block_on_open_findings", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_promotion_policies"),
        sa.CheckConstraint("required_approvals BETWEEN 1 AND 10", name="ck_promotion_policies_approvals"),
    )
    op.create_index(
        "uq_promotion_policies_tenant_default",
        "promotion_policies",
        ["tenant_id"],
        unique=True,
        postgresql_where=sa.text("model_id IS NULL"),
    )
    op.create_index(
        "uq_promotion_policies_model",
        "promotion_policies",
        ["model_id"],
        unique=True,
        postgresql_where=sa.text("model_id IS NOT NULL"),
    )

    op.create_table(
        "security_findings",
        *_common(),
        sa.Column("version_id", sa.Uuid(), sa.ForeignKey("model_versions.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reported_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("resolved_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_security_findings"),
        sa.CheckConstraint("status IN ('OPEN', 'RESOLVED')", name="ck_security_findings_status"),
        sa.CheckConstraint("severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')", name="ck_security_findings_severity"),
    )
    op.create_index("ix_security_findings_version", "security_findings", ["version_id", "status"])


def downgrade() -> None:
    op.drop_table("security_findings")
    op.drop_table("promotion_policies")
    op.drop_table("approval_decisions")
    for name in (
        "withdrawal_changes",
        "withdrawn_at",
        "approver_roles",
        "required_approvals",
        "file_sha256",
        "report_sha256",
        "card_sha256",
        "card_revision",
        "card",
    ):
        op.drop_column("approval_requests", name)
    op.execute("DELETE FROM approval_requests WHERE status = 'WITHDRAWN'")
    op.drop_constraint("ck_approval_requests_status", "approval_requests", type_="check")
    op.create_check_constraint(
        "ck_approval_requests_status", "approval_requests", "status IN ('PENDING', 'APPROVED', 'REJECTED')"
    )
    op.drop_index("ix_approval_requests_version", "approval_requests")
    op.drop_index("uq_approval_requests_one_pending", "approval_requests")
    op.create_unique_constraint("uq_approval_requests_version_id", "approval_requests", ["version_id"])
    op.drop_column("model_versions", "card_revision")
