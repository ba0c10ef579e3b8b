"""audit target index: the audit rows about one deployment or version, found without walking the tenant's chain

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_tenant_target", "audit_log", ["tenant_id", "target_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_tenant_target", table_name="audit_log")
