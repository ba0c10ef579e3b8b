"""model name search: a trigram index serving `name ILIKE '%part%'` where pg_trgm is available

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A B-tree cannot serve a pattern with a leading `%`. Without pg_trgm (the embedded pgserver build has
    # none), search walks uq_registered_models_tenant_name in name order and stops at the page's last match:
    # bounded by the tenant's models, not the table's.
    bind = op.get_bind()
    available = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    if bind.execute(sa.text(available)).scalar() is None:
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_registered_models_name_trgm ON registered_models USING gin (name gin_trgm_ops)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_registered_models_name_trgm")
