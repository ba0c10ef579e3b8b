"""deployments: rollouts per environment, their timelines, version stages, scoring runs and predictions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATUSES = "'PENDING', 'ROLLING_OUT', 'LIVE', 'FAILED', 'ROLLED_BACK', 'RETIRED'"
STAGES = "'NONE', 'STAGING', 'SHADOW', 'PRODUCTION', 'ARCHIVED'"


def _fk(column: str, target: str, ondelete: str = "RESTRICT", nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.Uuid(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _deployments() -> None:
    op.create_table(
        "deployments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        _fk("tenant_id", "tenants.id"),
        _fk("model_id", "registered_models.id"),
        _fk("version_id", "model_versions.id"),
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("strategy", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("desired", sa.String(16), nullable=False),
        sa.Column("canary_steps", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("phase_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("baseline", postgresql.JSONB(), nullable=False),
        sa.Column("traffic_percent", sa.Integer(), nullable=False),
        _fk("previous_id", "deployments.id", nullable=True),
        sa.Column("endpoint_url", sa.String(1000), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        _fk("created_by", "users.id"),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("ticket", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deployments"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_deployments_status"),
        sa.CheckConstraint("environment IN ('STAGING', 'PRODUCTION')", name="ck_deployments_environment"),
        sa.CheckConstraint("strategy IN ('DIRECT', 'BLUE_GREEN', 'CANARY')", name="ck_deployments_strategy"),
        sa.CheckConstraint("traffic_percent BETWEEN 0 AND 100", name="ck_deployments_traffic"),
    )
    op.create_index(
        "uq_deployments_one_rollout",
        "deployments",
        ["model_id", "environment"],
        unique=True,
        postgresql_where=sa.text("status IN ('PENDING', 'ROLLING_OUT')"),
    )
    op.create_index(
        "uq_deployments_one_live",
        "deployments",
        ["model_id", "environment"],
        unique=True,
        postgresql_where=sa.text("status = 'LIVE'"),
    )
    op.create_index("ix_deployments_tenant_created", "deployments", ["tenant_id", "created_at"])
    op.create_index("ix_deployments_version", "deployments", ["version_id"])
    op.create_table(
        "deployment_events",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        _fk("tenant_id", "tenants.id"),
        _fk("deployment_id", "deployments.id", ondelete="CASCADE"),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("traffic_percent", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deployment_events"),
    )
    op.create_index("ix_deployment_events_deployment", "deployment_events", ["deployment_id", "id"])
    op.create_table(
        "model_version_stages",
        _fk("version_id", "model_versions.id", ondelete="CASCADE"),
        _fk("tenant_id", "tenants.id"),
        _fk("model_id", "registered_models.id"),
        sa.Column("stage", sa.String(16), nullable=False),
        _fk("updated_by", "users.id"),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("version_id", name="pk_model_version_stages"),
        sa.CheckConstraint(f"stage IN ({STAGES})", name="ck_model_version_stages_stage"),
    )
    op.create_index("ix_model_version_stages_model", "model_version_stages", ["model_id", "stage"])


def _scoring() -> None:
    op.create_table(
        "scoring_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        _fk("tenant_id", "tenants.id"),
        _fk("model_id", "registered_models.id"),
        _fk("asset_id", "assets.id"),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _fk("production_version_id", "model_versions.id"),
        sa.Column("shadow_version_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("window_seconds", sa.Integer(), nullable=False),
        sa.Column("windows", sa.Integer(), nullable=False),
        sa.Column("skipped_windows", sa.Integer(), nullable=False),
        sa.Column("metrics", postgresql.JSONB(), nullable=False),
        _fk("created_by", "users.id", nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_scoring_runs"),
        sa.CheckConstraint("status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')", name="ck_scoring_runs_status"),
    )
    op.create_index("ix_scoring_runs_model_created", "scoring_runs", ["model_id", "created_at"])
    for table, index_cols in (
        ("scoring_production_predictions", ["run_id", "window_start"]),
        ("scoring_shadow_predictions", ["run_id", "version_id", "window_start"]),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
            _fk("tenant_id", "tenants.id"),
            _fk("run_id", "scoring_runs.id", ondelete="CASCADE"),
            _fk("version_id", "model_versions.id"),
            sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
            sa.Column("output", postgresql.ARRAY(sa.Float()), nullable=False),
            sa.Column("latency_ms", sa.Float(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        )
        op.create_index(f"ix_{table}_run", table, index_cols)


def upgrade() -> None:
    _deployments()
    _scoring()


def downgrade() -> None:
    for table in (
        "scoring_shadow_predictions",
        "scoring_production_predictions",
        "scoring_runs",
        "model_version_stages",
        "deployment_events",
        "deployments",
    ):
        op.drop_table(table)
