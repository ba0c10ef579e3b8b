"""Deployments of model versions, their timelines, and version stages (shadow)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.deployments.lifecycle import DeploymentStatus, Environment, Stage, Strategy


def _in(enum_cls: type[enum.Enum]) -> str:
    return ", ".join(repr(s.value) for s in enum_cls)


class Deployment(UUIDPrimaryKey, CreatedAt, Base):
    """Desired state of one version in one environment; the rollout worker converges the runtime to it."""

    __tablename__ = "deployments"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(DeploymentStatus)})", name="status"),
        CheckConstraint(f"environment IN ({_in(Environment)})", name="environment"),
        CheckConstraint(f"strategy IN ({_in(Strategy)})", name="strategy"),
        CheckConstraint("traffic_percent BETWEEN 0 AND 100", name="traffic"),
        # One rollout at a time per model and environment, and one LIVE deployment.
        Index(
            "uq_deployments_one_rollout",
            "model_id",
            "environment",
            unique=True,
            postgresql_where=text("status IN ('PENDING', 'ROLLING_OUT')"),
        ),
        Index(
            "uq_deployments_one_live", "model_id", "environment", unique=True, postgresql_where=text("status = 'LIVE'")
        ),
        Index("ix_deployments_tenant_created", "tenant_id", "created_at"),
        Index("ix_deployments_version", "version_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    model_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registered_models.id", ondelete="RESTRICT"))
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id", ondelete="RESTRICT"))
    environment: Mapped[str] = mapped_column(String(16))
    strategy: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=DeploymentStatus.PENDING.value)
    # What a person asked for: LIVE, or ROLLED_BACK / RETIRED after rollbackDeployment / retireDeployment.
    desired: Mapped[str] = mapped_column(String(16), default=DeploymentStatus.LIVE.value)
    canary_steps: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    # Where the rollout is: phase (load, ready, smoke, canary, switch) and canary step index.
    phase: Mapped[str] = mapped_column(String(16), default="load")
    step: Mapped[int] = mapped_column(Integer, default=0)
    phase_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    baseline: Mapped[dict] = mapped_column(JSONB, default=dict)  # runtime counters when the canary step began
    traffic_percent: Mapped[int] = mapped_column(Integer, default=0)
    # The LIVE deployment this one replaces (rollback goes back to it).
    previous_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("deployments.id", ondelete="RESTRICT"))
    endpoint_url: Mapped[str | None] = mapped_column(String(1000))
    message: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Bumped with every enqueued reconcile: only the newest message acts, older chains die out.
    ticket: Mapped[int] = mapped_column(Integer, default=0)


class DeploymentEvent(Base):
    """One entry of a deployment's timeline."""

    __tablename__ = "deployment_events"
    __table_args__ = (Index("ix_deployment_events_deployment", "deployment_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    deployment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.clock_timestamp())
    status: Mapped[str] = mapped_column(String(16))
    traffic_percent: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)


class VersionStage(Base):
    """A stage set by hand (SHADOW, ARCHIVED); STAGING and PRODUCTION follow from LIVE deployments."""

    __tablename__ = "model_version_stages"
    __table_args__ = (
        CheckConstraint(f"stage IN ({_in(Stage)})", name="stage"),
        Index("ix_model_version_stages_model", "model_id", "stage"),
    )

    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    model_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registered_models.id", ondelete="RESTRICT"))
    stage: Mapped[str] = mapped_column(String(16))
    updated_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
