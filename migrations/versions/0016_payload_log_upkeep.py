"""payload logs: inputs and outputs as json, one index

Every logged request is a row, written at the model server's rate; what each row costs Postgres comes out
of the throughput of whatever shares its cores. jsonb parses each number into a numeric and builds a tree
the readers never use (they read the whole document back), and the (tenant, route, time) index only served
reference windows, which now read through the route's deployments (monitoring.repository.route_deployments)
on the (deployment, time) index. Together they were about half of Postgres's work per row.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_payload_logs_route_at")
    op.execute(
        "ALTER TABLE payload_logs ALTER COLUMN inputs TYPE json USING inputs::json, "
        "ALTER COLUMN outputs TYPE json USING outputs::json"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE payload_logs ALTER COLUMN inputs TYPE jsonb USING inputs::jsonb, "
        "ALTER COLUMN outputs TYPE jsonb USING outputs::jsonb"
    )
    op.execute("CREATE INDEX ix_payload_logs_route_at ON payload_logs (tenant_id, route, logged_at)")
