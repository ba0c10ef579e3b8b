"""Tenants, their users, and the credentials users hold besides a password."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.identity.roles import Role


class Tenant(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "tenants"

    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class User(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(r.value) for r in Role)})", name="role"),
        CheckConstraint("email = lower(email)", name="email_lower"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    # Globally unique: sign-in by email must name exactly one tenant.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    # NULL for users who only sign in through the external OIDC issuer.
    password_hash: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")

    tenant: Mapped[Tenant] = relationship(lazy="raise")


class RefreshSession(UUIDPrimaryKey, CreatedAt, Base):
    """One refresh token of a browser sign-in; each refresh replaces it with a successor in the same family."""

    __tablename__ = "refresh_sessions"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Every token descended from one sign-in: reuse of any spent one revokes them all.
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    # sha256 of the cookie's value; the value itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    rotated_from: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("refresh_sessions.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class PersonalAccessToken(UUIDPrimaryKey, CreatedAt, Base):
    """A named, expiring bearer secret a user makes for scripts and notebooks."""

    __tablename__ = "personal_access_tokens"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the secret (`slw_pat_ab12`), enough to recognise it in a list.
    display_prefix: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="raise")
