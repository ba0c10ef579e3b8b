"""assets: assets, tags, samples (partitioned), events, history exports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=f"fk_{table}_tenant_id_tenants", ondelete="RESTRICT"
    )


def upgrade() -> None:
    op.create_table(
        "assets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("site", sa.String(200), nullable=False, server_default=""),
        sa.Column("kind", sa.String(100), nullable=False, server_default=""),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assets"),
        _tenant_fk("assets"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_assets_tenant_name"),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Uuid(), nullable=False),
        # The compact key samples carry: 4 bytes per row instead of a 16-byte uuid.
        sa.Column("series_id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(50), nullable=False, server_default=""),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        _tenant_fk("tags"),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name="fk_tags_asset_id_assets", ondelete="RESTRICT"),
        sa.UniqueConstraint("series_id", name="uq_tags_series_id"),
        sa.UniqueConstraint("asset_id", "name", name="uq_tags_asset_name"),
    )
    op.create_index("ix_tags_tenant_asset", "tags", ["tenant_id", "asset_id"])
    _create_samples()
    # One-minute rollups, filled when samples are loaded: charts of long ranges read these
    # (a TimescaleDB continuous aggregate would do the same where the extension exists).
    op.execute("""
        CREATE TABLE samples_1m (
            series_id integer NOT NULL,
            bucket timestamptz NOT NULL,
            min double precision NOT NULL,
            max double precision NOT NULL,
            sum double precision NOT NULL,
            count integer NOT NULL,
            last double precision NOT NULL,
            last_ts timestamptz NOT NULL,
            CONSTRAINT pk_samples_1m PRIMARY KEY (series_id, bucket)
        )
    """)
    op.create_table(
        "events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("tag_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("details", postgresql.JSONB(), nullable=False, server_default="{}"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        _tenant_fk("events"),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name="fk_events_asset_id_assets", ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name="fk_events_tag_id_tags", ondelete="RESTRICT"),
        sa.CheckConstraint("starts_at < ends_at", name="ck_events_range"),
    )
    op.create_index("ix_events_tenant_asset_starts", "events", ["tenant_id", "asset_id", "starts_at"])
    op.create_table(
        "history_exports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("tag_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("from_ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("to_ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False, server_default="0"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("object_key", sa.String(1024), nullable=True),
        # The multipart upload in flight (or left behind by a failure until it is aborted).
        sa.Column("upload_id", sa.String(1024), nullable=True),
        sa.Column("row_count", sa.BigInteger(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_history_exports"),
        _tenant_fk("history_exports"),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name="fk_history_exports_requested_by_users", ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name="fk_history_exports_asset_id_assets", ondelete="RESTRICT"
        ),
        sa.UniqueConstraint("tenant_id", "requested_by", "idempotency_key", name="uq_history_exports_idempotency"),
        sa.CheckConstraint("status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')", name="ck_history_exports_status"),
        sa.CheckConstraint("from_ts < to_ts", name="ck_history_exports_range"),
    )
    op.create_index("ix_history_exports_tenant_created", "history_exports", ["tenant_id", "created_at"])


def _create_samples() -> None:
    """Samples: TimescaleDB hypertable when the extension is installable, native partitions otherwise.

    No foreign key to tags: a per-row FK check would halve COPY speed, and samples are written
    only by the loader, which resolves tags inside the tenant first. They are tenant-scoped
    through their tag (tags.tenant_id); every read joins through a tag of the caller's tenant.
    """
    bind = op.get_bind()
    timescale = (
        bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")).scalar() is not None
    )
    columns = """
        series_id integer NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        quality smallint NOT NULL DEFAULT 0,
        CONSTRAINT pk_samples PRIMARY KEY (series_id, ts)
    """
    if timescale:
        op.execute("CREATE EXTENSION IF NOT EXISTS timescaledb")
        op.execute(f"CREATE TABLE samples ({columns})")
        op.execute("SELECT create_hypertable('samples', 'ts', chunk_time_interval => interval '1 day')")
        op.execute(
            "ALTER TABLE samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',"
            " timescaledb.compress_orderby = 'ts')"
        )
        op.execute("SELECT add_compression_policy('samples', interval '7 days')")
    else:
        # Daily partitions are created by the loader as data arrives (repository.ensure_partitions);
        # the default partition catches anything outside them so a load never fails on a gap.
        op.execute(f"CREATE TABLE samples ({columns}) PARTITION BY RANGE (ts)")
        op.execute("CREATE TABLE samples_default PARTITION OF samples DEFAULT")


def downgrade() -> None:
    op.drop_index("ix_history_exports_tenant_created", table_name="history_exports")
    op.drop_table("history_exports")
    op.drop_index("ix_events_tenant_asset_starts", table_name="events")
    op.drop_table("events")
    op.execute("DROP TABLE samples_1m")
    op.execute("DROP TABLE samples CASCADE")
    op.drop_index("ix_tags_tenant_asset", table_name="tags")
    op.drop_table("tags")
    op.drop_table("assets")
