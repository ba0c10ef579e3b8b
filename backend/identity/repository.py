"""All SQL about tenants, users, refresh sessions and personal access tokens."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from backend.identity.models import PersonalAccessToken, RefreshSession, Tenant, User
from backend.kit.db import contains


async def get_tenant_by_slug(session: AsyncSession, slug: str) -> Tenant | None:
    return await session.scalar(select(Tenant).where(Tenant.slug == slug))


async def get_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> Tenant | None:
    return await session.get(Tenant, tenant_id)


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    stmt = select(User).options(joinedload(User.tenant)).where(User.email == email.lower())
    return await session.scalar(stmt)


async def get_user_with_tenant(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.scalar(select(User).options(joinedload(User.tenant)).where(User.id == user_id))


async def active_roles(session: AsyncSession, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The role of each of these users that is still active (disabled and deleted users are left out)."""
    rows = await session.execute(select(User.id, User.role).where(User.id.in_(user_ids), User.is_active))
    return {user_id: role for user_id, role in rows}


async def revoked_access_tokens(session: AsyncSession, token_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Those of these personal access tokens that were revoked (or deleted)."""
    live = set(
        await session.scalars(
            select(PersonalAccessToken.id).where(
                PersonalAccessToken.id.in_(token_ids), PersonalAccessToken.revoked_at.is_(None)
            )
        )
    )
    return token_ids - live


async def get_user_in_tenant(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID) -> User | None:
    return await session.scalar(select(User).where(User.tenant_id == tenant_id, User.id == user_id))


async def page_users(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    after_email: str | None,
    limit: int,
    descending: bool = False,
    search: str | None = None,
    role: str | None = None,
) -> list[User]:
    """Users of a tenant by email (either way), keyset-paginated on the unique email index; `search`
    matches part of the email, `role` keeps one role."""
    stmt = select(User).where(User.tenant_id == tenant_id)
    if search:
        stmt = stmt.where(contains(User.email, search))
    if role:
        stmt = stmt.where(User.role == role)
    if after_email is not None:
        stmt = stmt.where(User.email < after_email if descending else User.email > after_email)
    return list(await session.scalars(stmt.order_by(User.email.desc() if descending else User.email).limit(limit)))


async def users_by_id(session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]) -> dict[uuid.UUID, User]:
    """The users of the tenant among `ids`; a foreign or unknown id is left out."""
    rows = await session.scalars(select(User).where(User.tenant_id == tenant_id, User.id.in_(ids)))
    return {row.id: row for row in rows}


async def get_tenants(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Tenant]:
    rows = await session.scalars(select(Tenant).where(Tenant.id.in_(ids)))
    return {t.id: t for t in rows}


async def add(session: AsyncSession, row: Tenant | User | RefreshSession | PersonalAccessToken) -> None:
    session.add(row)
    await session.flush()


# --- refresh sessions -----------------------------------------------------


async def lock_refresh_session(session: AsyncSession, token_hash: str) -> RefreshSession | None:
    """The refresh session with this hash, locked: two refreshes with one token are decided one after the other."""
    stmt = select(RefreshSession).where(RefreshSession.token_hash == token_hash).with_for_update()
    return await session.scalar(stmt)


async def get_refresh_session(session: AsyncSession, token_hash: str) -> RefreshSession | None:
    return await session.scalar(select(RefreshSession).where(RefreshSession.token_hash == token_hash))


async def revoke_refresh_family(session: AsyncSession, family_id: uuid.UUID, *, at: datetime) -> int:
    """Revoke every live token of a sign-in; how many were live."""
    stmt = (
        update(RefreshSession)
        .where(RefreshSession.family_id == family_id, RefreshSession.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    result = await session.execute(stmt, execution_options={"synchronize_session": False})
    return int(result.rowcount)  # type: ignore[attr-defined]


# --- personal access tokens -----------------------------------------------


async def get_access_token_by_hash(session: AsyncSession, token_hash: str) -> PersonalAccessToken | None:
    """The token with this hash, its user and the user's tenant loaded."""
    stmt = (
        select(PersonalAccessToken)
        .options(joinedload(PersonalAccessToken.user).joinedload(User.tenant))
        .where(PersonalAccessToken.token_hash == token_hash)
    )
    return await session.scalar(stmt)


async def touch_access_token(session: AsyncSession, token_id: uuid.UUID, *, every: timedelta) -> None:
    """Set last_used_at to now unless it was set within `every`, never waiting for a lock.

    Concurrent requests with one token skip the row another holds, instead of queueing behind its transaction.
    """
    stale = (
        select(PersonalAccessToken.id)
        .where(
            PersonalAccessToken.id == token_id,
            (PersonalAccessToken.last_used_at.is_(None)) | (PersonalAccessToken.last_used_at < func.now() - every),
        )
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    stmt = update(PersonalAccessToken).where(PersonalAccessToken.id == stale).values(last_used_at=func.now())
    await session.execute(stmt, execution_options={"synchronize_session": False})


async def access_tokens_of(session: AsyncSession, user_id: uuid.UUID) -> list[PersonalAccessToken]:
    """A user's tokens, newest first."""
    stmt = (
        select(PersonalAccessToken)
        .where(PersonalAccessToken.user_id == user_id)
        .order_by(PersonalAccessToken.created_at.desc(), PersonalAccessToken.id)
    )
    return list(await session.scalars(stmt))


async def count_live_access_tokens(session: AsyncSession, user_id: uuid.UUID, *, now: datetime) -> int:
    stmt = select(func.count()).where(
        PersonalAccessToken.user_id == user_id,
        PersonalAccessToken.revoked_at.is_(None),
        PersonalAccessToken.expires_at > now,
    )
    return int(await session.scalar(stmt) or 0)


async def lock_access_token_of(
    session: AsyncSession, user_id: uuid.UUID, token_id: uuid.UUID
) -> PersonalAccessToken | None:
    stmt = (
        select(PersonalAccessToken)
        .where(PersonalAccessToken.user_id == user_id, PersonalAccessToken.id == token_id)
        .with_for_update()
    )
    return await session.scalar(stmt)


async def delete_spent_sessions(session: AsyncSession, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` refresh sessions that expired or were revoked before `before`; how many went."""
    spent = (
        select(RefreshSession.id)
        .where((RefreshSession.expires_at < before) | (RefreshSession.revoked_at < before))
        .limit(limit)
    )
    result = await session.execute(delete(RefreshSession).where(RefreshSession.id.in_(spent)))
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_spent_access_tokens(session: AsyncSession, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` personal access tokens that expired or were revoked before `before`; how many went."""
    spent = (
        select(PersonalAccessToken.id)
        .where((PersonalAccessToken.expires_at < before) | (PersonalAccessToken.revoked_at < before))
        .limit(limit)
    )
    result = await session.execute(delete(PersonalAccessToken).where(PersonalAccessToken.id.in_(spent)))
    return int(getattr(result, "rowcount", 0) or 0)
