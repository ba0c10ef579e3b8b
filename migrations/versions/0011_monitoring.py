"""monitoring: payload logs (daily range partitions), per-deployment logging and reference, drift and alerts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Partitioned by day: retention drops whole partitions (no DELETE, no vacuum), and a window reads only
    # the days it covers. The partitions themselves are created ahead by the monitoring.partitions job (and by
    # the model server when a row finds none), so this creates only the parent.
    op.execute(
        """
        CREATE TABLE payload_logs (
            logged_at timestamptz NOT NULL,
            tenant_id uuid NOT NULL,
            deployment_id uuid NOT NULL,
            route varchar(300) NOT NULL,
            version_id uuid NOT NULL,
            version varchar(300) NOT NULL,
            request_id varchar(200) NOT NULL,
            latency_ms real NOT NULL,
            outcome varchar(16) NOT NULL,
            inputs jsonb,
            outputs jsonb
        ) PARTITION BY RANGE (logged_at)
        """
    )
    op.execute("CREATE INDEX ix_payload_logs_deployment_at ON payload_logs (deployment_id, logged_at)")
    op.execute("CREATE INDEX ix_payload_logs_route_at ON payload_logs (tenant_id, route, logged_at)")

    op.create_table(
        "deployment_monitoring",
        sa.Column("deployment_id", sa.Uuid(), sa.ForeignKey("deployments.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("sample_percent", sa.Float(), nullable=False),
        sa.Column("reference_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reference_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("sample_percent BETWEEN 0 AND 100", name="ck_deployment_monitoring_sample_percent"),
        sa.CheckConstraint("reference_from < reference_to", name="ck_deployment_monitoring_reference_window"),
    )
    op.create_table(
        "model_drift_thresholds",
        sa.Column("model_id", sa.Uuid(), sa.ForeignKey("registered_models.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("psi", sa.Float(), nullable=False),
        sa.Column("ks_statistic", sa.Float(), nullable=False),
        sa.Column("p_value", sa.Float(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.create_table(
        "drift_results",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("deployment_id", sa.Uuid(), sa.ForeignKey("deployments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("feature", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("feature_type", sa.String(12), nullable=False),
        sa.Column("window_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("live_count", sa.Integer(), nullable=False),
        sa.Column("reference_count", sa.Integer(), nullable=False),
        sa.Column("psi", sa.Float(), nullable=False),
        sa.Column("ks_statistic", sa.Float(), nullable=True),
        sa.Column("ks_p_value", sa.Float(), nullable=True),
        sa.Column("chi_square", sa.Float(), nullable=True),
        sa.Column("chi_square_p_value", sa.Float(), nullable=True),
        sa.Column("drifted", sa.Boolean(), nullable=False),
        sa.Column("histogram", JSONB(), nullable=False),
        sa.CheckConstraint("kind IN ('INPUT', 'OUTPUT')", name="ck_drift_results_kind"),
        sa.CheckConstraint("feature_type IN ('NUMERIC', 'CATEGORICAL')", name="ck_drift_results_feature_type"),
    )
    op.create_index("ix_drift_results_deployment_feature", "drift_results", ["deployment_id", "feature", "window_to"])
    op.create_table(
        "drift_alerts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("deployment_id", sa.Uuid(), sa.ForeignKey("deployments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("model_id", sa.Uuid(), sa.ForeignKey("registered_models.id", ondelete="CASCADE"), nullable=False),
        sa.Column("feature", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("metric", sa.String(12), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=True),
        sa.CheckConstraint("status IN ('OPEN', 'CLOSED')", name="ck_drift_alerts_status"),
    )
    op.create_index(
        "uq_drift_alerts_one_open",
        "drift_alerts",
        ["deployment_id", "feature"],
        unique=True,
        postgresql_where=sa.text("status = 'OPEN'"),
    )
    op.create_index("ix_drift_alerts_tenant_created", "drift_alerts", ["tenant_id", "created_at"])


def downgrade() -> None:
    op.drop_table("drift_alerts")
    op.drop_table("drift_results")
    op.drop_table("model_drift_thresholds")
    op.drop_table("deployment_monitoring")
    op.execute("DROP TABLE payload_logs")  # its partitions go with it
