"""All SQL about assets, tags and events (samples: samples_repository.py; exports: exports_repository.py)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets.models import Asset, Event, Tag
from backend.kit.db import contains


async def add(session: AsyncSession, row: Asset | Tag | Event) -> None:
    session.add(row)
    await session.flush()


async def get_asset(session: AsyncSession, tenant_id: uuid.UUID, asset_id: uuid.UUID) -> Asset | None:
    return await session.scalar(select(Asset).where(Asset.tenant_id == tenant_id, Asset.id == asset_id))


async def get_asset_by_name(session: AsyncSession, tenant_id: uuid.UUID, name: str) -> Asset | None:
    return await session.scalar(select(Asset).where(Asset.tenant_id == tenant_id, Asset.name == name))


async def get_assets(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Asset]:
    return {a.id: a for a in await session.scalars(select(Asset).where(Asset.id.in_(ids)))}


async def page_assets(
    session: AsyncSession, tenant_id: uuid.UUID, *, search: str | None, after_name: str | None, limit: int
) -> list[Asset]:
    """Assets of a tenant by name, keyset-paginated; `search` matches name, site or kind."""
    stmt = select(Asset).where(Asset.tenant_id == tenant_id)
    if search:
        stmt = stmt.where(or_(contains(Asset.name, search), contains(Asset.site, search), contains(Asset.kind, search)))
    if after_name is not None:
        stmt = stmt.where(Asset.name > after_name)
    return list(await session.scalars(stmt.order_by(Asset.name).limit(limit)))


async def get_tag(session: AsyncSession, tenant_id: uuid.UUID, tag_id: uuid.UUID) -> Tag | None:
    return await session.scalar(select(Tag).where(Tag.tenant_id == tenant_id, Tag.id == tag_id))


async def tags_of_asset(session: AsyncSession, tenant_id: uuid.UUID, asset_id: uuid.UUID) -> list[Tag]:
    stmt = select(Tag).where(Tag.tenant_id == tenant_id, Tag.asset_id == asset_id).order_by(Tag.name)
    return list(await session.scalars(stmt))


async def tags_of_assets(session: AsyncSession, asset_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Tag]]:
    found: dict[uuid.UUID, list[Tag]] = {i: [] for i in asset_ids}
    for tag in await session.scalars(select(Tag).where(Tag.asset_id.in_(asset_ids)).order_by(Tag.name)):
        found[tag.asset_id].append(tag)
    return found


async def get_tags_by_id(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Tag]:
    return {t.id: t for t in await session.scalars(select(Tag).where(Tag.id.in_(ids)))}


async def events_of_asset(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    asset_id: uuid.UUID,
    *,
    start: datetime | None,
    end: datetime | None,
    limit: int,
) -> list[Event]:
    """Events overlapping [start, end), oldest first."""
    stmt = select(Event).where(Event.tenant_id == tenant_id, Event.asset_id == asset_id)
    if start is not None:
        stmt = stmt.where(Event.ends_at > start)
    if end is not None:
        stmt = stmt.where(Event.starts_at < end)
    return list(await session.scalars(stmt.order_by(Event.starts_at).limit(limit)))
