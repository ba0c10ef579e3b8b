"""list orders and webhook attempts: the newest-models order's index; the headers and answer of each attempt

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # models(orderBy: NEWEST) walks this index backwards and stops after a page.
    op.create_index("ix_registered_models_tenant_created", "registered_models", ["tenant_id", "created_at", "id"])
    # What an attempt sent and what came back, for the delivery log; older attempts have neither (null).
    op.add_column("webhook_attempts", sa.Column("request_headers", JSONB(), nullable=True))
    op.add_column("webhook_attempts", sa.Column("response_body", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("webhook_attempts", "response_body")
    op.drop_column("webhook_attempts", "request_headers")
    op.drop_index("ix_registered_models_tenant_created", table_name="registered_models")
