"""All SQL about tenants and users."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from backend.identity.models import Tenant, User


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


async def get_user_in_tenant(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID) -> User | None:
    return await session.scalar(select(User).where(User.tenant_id == tenant_id, User.id == user_id))


async def page_users(session: AsyncSession, tenant_id: uuid.UUID, *, after_email: str | None, limit: int) -> list[User]:
    """Users of a tenant by email, keyset-paginated."""
    stmt = select(User).where(User.tenant_id == tenant_id)
    if after_email is not None:
        stmt = stmt.where(User.email > after_email)
    return list(await session.scalars(stmt.order_by(User.email).limit(limit)))


async def users_by_id(session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]) -> dict[uuid.UUID, User]:
    """The users of the tenant among `ids`; a foreign or unknown id is left out."""
    rows = await session.scalars(select(User).where(User.tenant_id == tenant_id, User.id.in_(ids)))
    return {row.id: row for row in rows}


async def get_tenants(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Tenant]:
    rows = await session.scalars(select(Tenant).where(Tenant.id.in_(ids)))
    return {t.id: t for t in rows}


async def add(session: AsyncSession, row: Tenant | User) -> None:
    session.add(row)
    await session.flush()
