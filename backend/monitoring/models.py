"""Monitoring rows: per-deployment logging and reference, per-model thresholds, drift results and alerts.

The payload log itself is a partitioned table written by the model server (payloads.py), not an ORM model.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey


class DeploymentMonitoring(Base):
    """What is watched of one deployment: the share of requests logged and the reference window."""

    __tablename__ = "deployment_monitoring"
    __table_args__ = (
        CheckConstraint("sample_percent BETWEEN 0 AND 100", name="sample_percent"),
        CheckConstraint("reference_from < reference_to", name="reference_window"),
    )

    deployment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    sample_percent: Mapped[float] = mapped_column(Float, default=0.0)
    # The live traffic (of the deployment's route) the user chose as what "normal" looks like.
    reference_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reference_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))


class ModelDriftThresholds(Base):
    """Per-model thresholds; a model without a row uses the defaults in drift.py."""

    __tablename__ = "model_drift_thresholds"

    model_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("registered_models.id", ondelete="CASCADE"), primary_key=True
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    psi: Mapped[float] = mapped_column(Float)
    ks_statistic: Mapped[float] = mapped_column(Float)
    p_value: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))


class DriftResult(Base):
    """One feature's comparison of one live window with the reference: a point of its time series."""

    __tablename__ = "drift_results"
    __table_args__ = (
        Index("ix_drift_results_deployment_feature", "deployment_id", "feature", "window_to"),
        CheckConstraint("kind IN ('INPUT', 'OUTPUT')", name="kind"),
        CheckConstraint("feature_type IN ('NUMERIC', 'CATEGORICAL')", name="feature_type"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    deployment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    feature: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    feature_type: Mapped[str] = mapped_column(String(12))
    window_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    window_to: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    live_count: Mapped[int] = mapped_column(Integer)
    reference_count: Mapped[int] = mapped_column(Integer)
    psi: Mapped[float] = mapped_column(Float)
    ks_statistic: Mapped[float | None] = mapped_column(Float)
    ks_p_value: Mapped[float | None] = mapped_column(Float)
    chi_square: Mapped[float | None] = mapped_column(Float)
    chi_square_p_value: Mapped[float | None] = mapped_column(Float)
    drifted: Mapped[bool] = mapped_column(Boolean)
    # {"bins": [...edges or categories...], "live": [...counts...], "reference": [...counts...]}
    histogram: Mapped[dict] = mapped_column(JSONB)


class DriftAlert(UUIDPrimaryKey, CreatedAt, Base):
    """A feature of a deployment past its threshold: OPEN until a later window is back under it."""

    __tablename__ = "drift_alerts"
    __table_args__ = (
        CheckConstraint("status IN ('OPEN', 'CLOSED')", name="status"),
        # One open alert per feature: the drift job opens at most one, however often it runs.
        Index(
            "uq_drift_alerts_one_open",
            "deployment_id",
            "feature",
            unique=True,
            postgresql_where=text("status = 'OPEN'"),
        ),
        Index("ix_drift_alerts_tenant_created", "tenant_id", "created_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    deployment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    model_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registered_models.id", ondelete="CASCADE"))
    feature: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default="OPEN")
    # What crossed: the test (PSI, KS or CHI_SQUARE), its value and the threshold, when the alert opened.
    metric: Mapped[str] = mapped_column(String(12))
    value: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
