"""Cases (an image and its current mask), every saved mask version, and idempotency keys of saves."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Identity,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey

CASE_STATUSES = ("OPEN", "IN_REVIEW", "DONE")


class Case(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "cases"
    __table_args__ = (CheckConstraint(f"status IN ({', '.join(repr(s) for s in CASE_STATUSES)})", name="status"),)
    # Server-made columns (seq, timestamps) come back with the INSERT: the answer shows them.
    __mapper_args__ = {"eager_defaults": True}

    # Orders the `cases` list (newest first) with an integer cursor.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="OPEN")
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    image_key: Mapped[str] = mapped_column(Text)
    image_size: Mapped[int] = mapped_column(BigInteger)
    image_sha256: Mapped[str] = mapped_column(String(64))
    # Kept from the image header so a save is checked without fetching the image again.
    shape: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    affine: Mapped[list[float]] = mapped_column(ARRAY(Double))  # 4x4, row-major
    label_values: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    # A name per label value ({"1": "liver"}); unnamed values are absent. Set with `legend.name_labels`.
    label_names: Mapped[dict[str, str]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # The label whose mask is current; NULL until the first mask. Moves only under the row lock.
    current_label_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("labels.id", ondelete="RESTRICT", use_alter=True, name="fk_cases_current_label_id_labels")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Label(UUIDPrimaryKey, CreatedAt, Base):
    """One saved mask version; never updated or deleted (a trigger refuses it)."""

    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("case_id", "version", name="uq_labels_case_version"),)
    __mapper_args__ = {"eager_defaults": True}

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"))
    version: Mapped[int]
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    base_label_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    old_mask_key: Mapped[str | None] = mapped_column(Text)
    mask_key: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(String(2000), default="")


class IdempotencyKey(Base):
    """A save's key, per tenant and user: the same request replays its label, another is a CONFLICT."""

    __tablename__ = "label_idempotency_keys"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    label_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LabelSet(UUIDPrimaryKey, CreatedAt, Base):
    """A frozen choice of one saved label per case: the labels a model was trained on. Never changed."""

    __tablename__ = "label_sets"
    __table_args__ = (UniqueConstraint("tenant_id", "name", name="uq_label_sets_tenant_name"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    case_count: Mapped[int] = mapped_column(Integer)
    # sha256 over the canonical JSON of its items (case, label, the label's file sha256), in case order.
    sha256: Mapped[str] = mapped_column(String(64))


class LabelSetItem(Base):
    __tablename__ = "label_set_items"

    label_set_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("label_sets.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), primary_key=True)
    label_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
