"""lineage: label sets (frozen labels per case) and what each model version was trained on

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "label_sets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.String(2000), nullable=False),
        sa.Column("created_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_label_sets_tenant_name"),
    )
    op.create_table(
        "label_set_items",
        sa.Column("label_set_id", sa.Uuid(), sa.ForeignKey("label_sets.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id", ondelete="RESTRICT"), primary_key=True),
        sa.Column("label_id", sa.Uuid(), sa.ForeignKey("labels.id", ondelete="RESTRICT"), nullable=False),
    )
    op.create_table(
        "model_version_inputs",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("version_id", sa.Uuid(), sa.ForeignKey("model_versions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("export_id", sa.Uuid(), sa.ForeignKey("history_exports.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("label_set_id", sa.Uuid(), sa.ForeignKey("label_sets.id", ondelete="RESTRICT"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("(export_id IS NULL) <> (label_set_id IS NULL)", name="ck_model_version_inputs_one_input"),
        sa.UniqueConstraint("version_id", "export_id", name="uq_model_version_inputs_export"),
        sa.UniqueConstraint("version_id", "label_set_id", name="uq_model_version_inputs_label_set"),
    )
    op.create_index("ix_model_version_inputs_export", "model_version_inputs", ["export_id"])
    op.create_index("ix_model_version_inputs_label_set", "model_version_inputs", ["label_set_id"])


def downgrade() -> None:
    op.drop_table("model_version_inputs")
    op.drop_table("label_set_items")
    op.drop_table("label_sets")
