"""labels: cases, artifacts, labels, idempotency keys

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("image_key", sa.Text(), nullable=False),
        sa.Column("image_size", sa.BigInteger(), nullable=False),
        sa.Column("image_sha256", sa.String(length=64), nullable=False),
        sa.Column("shape", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("affine", postgresql.ARRAY(sa.Double()), nullable=False),
        sa.Column("label_values", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("current_label_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("status IN ('OPEN', 'IN_REVIEW', 'DONE')", name=op.f("ck_cases_status")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_cases_tenant_id_tenants"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_cases_assignee_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_cases_created_by_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("seq", name=op.f("uq_cases_seq")),
    )
    op.create_index(op.f("ix_cases_tenant_id"), "cases", ["tenant_id"], unique=False)
    op.create_table(
        "labels",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("base_label_id", sa.Uuid(), nullable=True),
        sa.Column("old_mask_key", sa.Text(), nullable=True),
        sa.Column("mask_key", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_labels_tenant_id_tenants"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_labels_case_id_cases"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_labels_author_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["base_label_id"], ["labels.id"], name=op.f("fk_labels_base_label_id_labels"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
        # The case's history in version order is this index; it also numbers versions uniquely.
        sa.UniqueConstraint("case_id", "version", name="uq_labels_case_version"),
    )
    op.create_foreign_key(
        "fk_cases_current_label_id_labels", "cases", "labels", ["current_label_id"], ["id"], ondelete="RESTRICT"
    )
    op.create_table(
        "label_idempotency_keys",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("label_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_label_idempotency_keys_tenant_id_tenants"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_label_idempotency_keys_user_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_label_idempotency_keys_label_id_labels"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "user_id", "key", name=op.f("pk_label_idempotency_keys")),
    )
    op.create_index(
        op.f("ix_label_idempotency_keys_expires_at"), "label_idempotency_keys", ["expires_at"], unique=False
    )

    # Label history is evidence: nobody rewrites or deletes a saved version, not even the app.
    op.execute("""
        CREATE FUNCTION labels_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'labels are append-only: % is not allowed', TG_OP;
        END $$;
    """)
    op.execute("""
        CREATE TRIGGER labels_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON labels
        FOR EACH STATEMENT EXECUTE FUNCTION labels_append_only();
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER labels_append_only ON labels")
    op.execute("DROP FUNCTION labels_append_only()")
    op.drop_index(op.f("ix_label_idempotency_keys_expires_at"), table_name="label_idempotency_keys")
    op.drop_table("label_idempotency_keys")
    op.drop_constraint("fk_cases_current_label_id_labels", "cases", type_="foreignkey")
    op.drop_table("labels")
    op.drop_index(op.f("ix_cases_tenant_id"), table_name="cases")
    op.drop_table("cases")
