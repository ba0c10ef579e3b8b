"""label names: a name per label value of a case, shown with its colour in the labeling legend

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # {"1": "liver", "2": "tumour"}: keys are label values as text (JSON keys are strings); values
    # without a name are left out. Existing cases start with no names.
    op.add_column(
        "cases",
        sa.Column("label_names", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("cases", "label_names")
