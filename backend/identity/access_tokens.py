"""Personal access tokens: named, expiring secrets for scripts and notebooks, shown once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity import repository
from backend.identity.models import PersonalAccessToken
from backend.identity.roles import Principal, Role
from backend.identity.secrets import PAT_PREFIX, digest, new_secret
from backend.kit.errors import BadInput, Forbidden, NotFound, Unauthenticated

MAX_DAYS = 366
MAX_LIVE_PER_USER = 50
MAX_NAME = 100
# last_used_at is written at most this often per token: a notebook's every request would otherwise write a row.
TOUCH_EVERY = timedelta(minutes=1)


async def create(
    session: AsyncSession, principal: Principal, *, name: str, expires_in_days: int
) -> tuple[PersonalAccessToken, str]:
    """A new token of the caller's and its secret, which is never readable again."""
    if principal.personal_token_id is not None:
        # A leaked token must not be able to outlive its own revocation by minting others.
        raise Forbidden("Create access tokens from a signed-in session, not with another access token.")
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"Name the token (1 to {MAX_NAME} characters), e.g. after the notebook it is for.", field="name")
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise BadInput(f"A token expires in 1 to {MAX_DAYS} days.", field="expiresInDays")
    now = datetime.now(UTC)
    if await repository.count_live_access_tokens(session, principal.user_id, now=now) >= MAX_LIVE_PER_USER:
        raise BadInput(f"You have {MAX_LIVE_PER_USER} live access tokens; revoke one you no longer use.")
    secret = new_secret(PAT_PREFIX)
    row = PersonalAccessToken(
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        name=name,
        token_hash=digest(secret),
        display_prefix=secret[: len(PAT_PREFIX) + 4],
        expires_at=now + timedelta(days=expires_in_days),
    )
    await repository.add(session, row)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="access_token.created",
        target_type="PersonalAccessToken",
        target_id=str(row.id),
        details={"name": name, "expires_at": row.expires_at.isoformat()},
    )
    return row, secret


async def list_mine(session: AsyncSession, principal: Principal) -> list[PersonalAccessToken]:
    """The caller's tokens, newest first (expired and revoked ones included)."""
    return await repository.access_tokens_of(session, principal.user_id)


async def revoke(session: AsyncSession, principal: Principal, token_id: uuid.UUID) -> PersonalAccessToken:
    """Revoke one of the caller's tokens; revoking it again changes nothing."""
    row = await repository.lock_access_token_of(session, principal.user_id, token_id)
    if row is None:
        raise NotFound("PersonalAccessToken")
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        await session.flush()
        await audit.record(
            session,
            tenant_id=principal.tenant_id,
            actor=principal,
            action="access_token.revoked",
            target_type="PersonalAccessToken",
            target_id=str(row.id),
            details={"name": row.name},
        )
    return row


async def authenticate(session: AsyncSession, secret: str) -> Principal:
    """The principal a `slw_pat_…` secret stands for; refused once expired, revoked or its user disabled."""
    row = await repository.get_access_token_by_hash(session, digest(secret))
    if row is None or row.revoked_at is not None:
        raise Unauthenticated("This access token is unknown or revoked; create another under Access tokens.")
    if row.expires_at <= datetime.now(UTC):
        raise Unauthenticated("This access token has expired; create another under Access tokens.")
    user = row.user
    if not user.is_active:
        raise Unauthenticated("The bearer token names no active Slipway user; ask an admin to add you.")
    await repository.touch_access_token(session, row.id, every=TOUCH_EVERY)
    return Principal(
        user_id=user.id,
        tenant_id=user.tenant_id,
        tenant_slug=user.tenant.slug,
        email=user.email,
        role=Role(user.role),
        expires_at=row.expires_at.timestamp(),
        personal_token_id=row.id,
    )
