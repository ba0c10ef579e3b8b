"""object key indexes: storage housekeeping asks which listed keys some row still holds

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# One index per key column that backend/storage/repository.py reads, so each page of a bucket listing
# (up to 1,000 keys) is a handful of index probes instead of a scan of every area's table.
KEY_COLUMNS = [
    ("model_versions", "s3_key"),
    ("history_exports", "object_key"),
    ("cases", "image_key"),
    ("labels", "mask_key"),
    ("labels", "old_mask_key"),
]


def upgrade() -> None:
    for table, column in KEY_COLUMNS:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in KEY_COLUMNS:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
