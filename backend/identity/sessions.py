"""Browser sessions: a rotating refresh token that buys short-lived access tokens.

Each sign-in starts a family; each refresh spends its token and issues a successor in the same family.
A spent token presented again means two parties hold the family (a stolen cookie, or a replay): the
whole family is revoked and both must sign in again (OAuth 2.0 Security BCP, refresh token rotation).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity import repository
from backend.identity.models import RefreshSession, User
from backend.identity.secrets import REFRESH_PREFIX, digest, new_secret
from backend.identity.tokens import Issuer
from backend.kit.errors import Unauthenticated

log = logging.getLogger(__name__)

SIGN_IN_AGAIN = "Your session has ended; sign in again."


class RefreshTokenReused(Unauthenticated):
    """A spent refresh token came back: its family is revoked (the caller commits that, then refuses)."""


@dataclass(frozen=True)
class Grant:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_at: datetime


async def start(session: AsyncSession, issuer: Issuer, *, user: User, user_agent: str | None) -> Grant:
    """A new family for a user who just proved who they are."""
    expires_at = _now() + timedelta(seconds=issuer.settings.session_ttl_seconds)
    return await _grant(
        session, issuer, user=user, family_id=uuid.uuid4(), expires_at=expires_at, user_agent=user_agent
    )


async def refresh(session: AsyncSession, issuer: Issuer, *, refresh_token: str, user_agent: str | None) -> Grant:
    """Spend `refresh_token` for an access token and its successor; a reused one revokes its family."""
    now = _now()
    row = await repository.lock_refresh_session(session, digest(refresh_token))
    if row is None or row.revoked_at is not None:
        raise Unauthenticated(SIGN_IN_AGAIN)
    if row.used_at is not None:
        await _revoke_family(session, row, reason="reused")
        raise RefreshTokenReused(
            "This session was refreshed elsewhere with the same token, so it has been ended everywhere; sign in again."
        )
    if row.expires_at <= now:
        raise Unauthenticated(SIGN_IN_AGAIN)
    user = await repository.get_user_with_tenant(session, row.user_id)
    if user is None or not user.is_active:
        await _revoke_family(session, row, reason="user inactive")
        raise Unauthenticated("Your account is disabled; ask an admin.")
    row.used_at = now
    # The family keeps the sign-in's deadline: refreshing never extends a session past session_ttl_seconds.
    return await _grant(
        session,
        issuer,
        user=user,
        family_id=row.family_id,
        expires_at=row.expires_at,
        user_agent=user_agent,
        rotated_from=row.id,
    )


async def end(session: AsyncSession, *, refresh_token: str) -> None:
    """Sign out: revoke the family of `refresh_token` (unknown or already revoked: nothing to do)."""
    row = await repository.get_refresh_session(session, digest(refresh_token))
    if row is not None:
        await repository.revoke_refresh_family(session, row.family_id, at=_now())


async def _grant(
    session: AsyncSession,
    issuer: Issuer,
    *,
    user: User,
    family_id: uuid.UUID,
    expires_at: datetime,
    user_agent: str | None,
    rotated_from: uuid.UUID | None = None,
) -> Grant:
    secret = new_secret(REFRESH_PREFIX)
    row = RefreshSession(
        tenant_id=user.tenant_id,
        user_id=user.id,
        family_id=family_id,
        token_hash=digest(secret),
        rotated_from=rotated_from,
        expires_at=expires_at,
        user_agent=(user_agent or "")[:300] or None,
    )
    await repository.add(session, row)
    ttl = issuer.settings.session_access_ttl_seconds
    access = issuer.issue(user_id=user.id, email=user.email, tenant=user.tenant.slug, role=user.role, ttl=ttl)
    return Grant(access_token=access, expires_in=ttl, refresh_token=secret, refresh_expires_at=expires_at)


async def _revoke_family(session: AsyncSession, row: RefreshSession, *, reason: str) -> None:
    revoked = await repository.revoke_refresh_family(session, row.family_id, at=_now())
    if reason == "reused":
        log.warning("refresh token reused: session family %s revoked (%d live tokens)", row.family_id, revoked)
        await audit.record(
            session,
            tenant_id=row.tenant_id,
            actor=None,
            action="session.reuse_detected",
            target_type="User",
            target_id=str(row.user_id),
            details={"family": str(row.family_id), "revoked": revoked},
        )


def _now() -> datetime:
    return datetime.now(UTC)
