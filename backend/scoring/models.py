"""Scoring runs and the predictions they stored (production and shadow in tables of their own)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey


class ScoringRun(UUIDPrimaryKey, CreatedAt, Base):
    """Windows of an asset's history fed to production and shadow versions, and how they agreed."""

    __tablename__ = "scoring_runs"
    __table_args__ = (
        CheckConstraint("status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')", name="status"),
        Index("ix_scoring_runs_model_created", "model_id", "created_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    model_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registered_models.id", ondelete="RESTRICT"))
    asset_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assets.id", ondelete="RESTRICT"))
    start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="QUEUED")
    message: Mapped[str] = mapped_column(Text, default="")
    production_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id", ondelete="RESTRICT"))
    shadow_version_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    window_seconds: Mapped[int] = mapped_column(Integer, default=60)
    windows: Mapped[int] = mapped_column(Integer, default=0)
    skipped_windows: Mapped[int] = mapped_column(Integer, default=0)
    metrics: Mapped[dict] = mapped_column(JSONB, default=dict)  # per version id: agreement, latency…
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class _Prediction:
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scoring_runs.id", ondelete="CASCADE"))
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id", ondelete="RESTRICT"))
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    output: Mapped[list[float]] = mapped_column(ARRAY(Float))  # the first output of the window, flattened
    latency_ms: Mapped[float] = mapped_column(Float)  # of the request that carried the window


class ProductionPrediction(_Prediction, Base):
    """What the production version answered: the reference a shadow is compared with."""

    __tablename__ = "scoring_production_predictions"
    __table_args__ = (Index("ix_scoring_production_predictions_run", "run_id", "window_start"),)


class ShadowPrediction(_Prediction, Base):
    """What a shadow version answered; kept in its own table, never mixed with production results."""

    __tablename__ = "scoring_shadow_predictions"
    __table_args__ = (Index("ix_scoring_shadow_predictions_run", "run_id", "version_id", "window_start"),)
