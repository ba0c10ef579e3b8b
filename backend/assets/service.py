"""Assets, tags, events and downsampled history: the rules. Exports live in export_service.py."""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import repository, samples_repository
from backend.assets.models import Asset, Event, Tag
from backend.assets.samples_repository import Downsampled
from backend.audit import service as audit
from backend.config import Settings
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.pagination import Page, PageRequest

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Widths a person reads easily; the automatic bucket is the narrowest that keeps a chart small.
NICE_BUCKETS = (
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
    43200,
    86400,
    172800,
    604800,
)
MAX_EVENTS = 500


def clean_name(value: str, *, field: str, limit: int = 200) -> str:
    value = value.strip()
    if not value or len(value) > limit or _CONTROL.search(value):
        raise BadInput(f"`{field}` must be 1 to {limit} printable characters; got {value[:50]!r}.", field=field)
    return value


def _text(value: str, *, field: str, limit: int) -> str:
    if len(value) > limit:
        raise BadInput(f"`{field}` holds at most {limit} characters.", field=field)
    return value


async def create_asset(
    session: AsyncSession, principal: Principal, *, name: str, site: str = "", kind: str = "", description: str = ""
) -> Asset:
    """A new asset of the caller's tenant (admins only)."""
    principal.require(Permission.MANAGE_ASSETS)
    name = clean_name(name, field="name")
    if await repository.get_asset_by_name(session, principal.tenant_id, name) is not None:
        raise Conflict(f"An asset named {name!r} already exists; pick another name or update that one.")
    asset = Asset(
        tenant_id=principal.tenant_id,
        name=name,
        site=_text(site, field="site", limit=200),
        kind=_text(kind, field="kind", limit=100),
        description=_text(description, field="description", limit=10_000),
    )
    await repository.add(session, asset)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="asset.created",
        target_type="Asset",
        target_id=str(asset.id),
        details={"name": name},
    )
    return asset


async def update_asset(
    session: AsyncSession,
    principal: Principal,
    asset_id: uuid.UUID,
    *,
    name: str | None = None,
    site: str | None = None,
    kind: str | None = None,
    description: str | None = None,
) -> Asset:
    """Change the given fields of an asset (admins only)."""
    principal.require(Permission.MANAGE_ASSETS)
    asset = await get_asset(session, principal, asset_id)
    changes: dict[str, str] = {}
    if name is not None and (name := clean_name(name, field="name")) != asset.name:
        if await repository.get_asset_by_name(session, principal.tenant_id, name) is not None:
            raise Conflict(f"An asset named {name!r} already exists.")
        changes["name"] = name
    for field, value, limit in (("site", site, 200), ("kind", kind, 100), ("description", description, 10_000)):
        if value is not None and _text(value, field=field, limit=limit) != getattr(asset, field):
            changes[field] = value
    for field, value in changes.items():
        setattr(asset, field, value)
    asset.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="asset.updated",
        target_type="Asset",
        target_id=str(asset.id),
        details={"changed": sorted(changes)},
    )
    return asset


async def get_asset(session: AsyncSession, principal: Principal, asset_id: uuid.UUID) -> Asset:
    principal.require(Permission.READ_HISTORY)
    asset = await repository.get_asset(session, principal.tenant_id, asset_id)
    if asset is None:
        raise NotFound("Asset")
    return asset


async def list_assets(
    session: AsyncSession, principal: Principal, *, page: PageRequest, search: str | None = None
) -> Page[Asset]:
    """A page of the tenant's assets by name; `search` matches name, site or kind."""
    principal.require(Permission.READ_HISTORY)
    if page.after is not None and not isinstance(page.after, str):
        raise BadInput("`after` is not a cursor of the asset list.", field="after")
    rows = await repository.page_assets(
        session, principal.tenant_id, search=(search or "").strip() or None, after_name=page.after, limit=page.first + 1
    )
    return page.page_of(rows, key=lambda a: a.name)


async def create_tag(
    session: AsyncSession,
    principal: Principal,
    *,
    asset_id: uuid.UUID,
    name: str,
    unit: str = "",
    description: str = "",
) -> Tag:
    """A new tag (a measured signal) on an asset (admins only)."""
    principal.require(Permission.MANAGE_ASSETS)
    asset = await get_asset(session, principal, asset_id)
    name = clean_name(name, field="name")
    if any(t.name == name for t in await repository.tags_of_asset(session, principal.tenant_id, asset.id)):
        raise Conflict(f"Asset {asset.name!r} already has a tag named {name!r}.")
    tag = Tag(
        tenant_id=principal.tenant_id,
        asset_id=asset.id,
        name=name,
        unit=_text(unit, field="unit", limit=50),
        description=_text(description, field="description", limit=10_000),
    )
    await repository.add(session, tag)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="tag.created",
        target_type="Tag",
        target_id=str(tag.id),
        details={"asset": str(asset.id), "name": name},
    )
    return tag


async def update_tag(
    session: AsyncSession,
    principal: Principal,
    tag_id: uuid.UUID,
    *,
    name: str | None = None,
    unit: str | None = None,
    description: str | None = None,
) -> Tag:
    """Change a tag's name, unit or description (admins only); its samples stay as they are."""
    principal.require(Permission.MANAGE_ASSETS)
    tag = await repository.get_tag(session, principal.tenant_id, tag_id)
    if tag is None:
        raise NotFound("Tag")
    changed = []
    if name is not None and (name := clean_name(name, field="name")) != tag.name:
        if any(t.name == name for t in await repository.tags_of_asset(session, principal.tenant_id, tag.asset_id)):
            raise Conflict(f"The asset already has a tag named {name!r}.")
        tag.name = name
        changed.append("name")
    if unit is not None:
        tag.unit = _text(unit, field="unit", limit=50)
        changed.append("unit")
    if description is not None:
        tag.description = _text(description, field="description", limit=10_000)
        changed.append("description")
    tag.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="tag.updated",
        target_type="Tag",
        target_id=str(tag.id),
        details={"changed": changed},
    )
    return tag


async def select_tags(session: AsyncSession, asset: Asset, names: list[str] | None) -> list[Tag]:
    """The asset's tags named in `names` (all of them when None), sorted by name; unknown names are bad input."""
    tags = await repository.tags_of_asset(session, asset.tenant_id, asset.id)
    if names is None:
        return tags
    by_name = {t.name: t for t in tags}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name)) or "none"
        raise BadInput(
            f"Asset {asset.name!r} has no tag {', '.join(map(repr, unknown))}; its tags: {known}.", field="tags"
        )
    if not names:
        raise BadInput("`tags` is empty: name at least one tag, or leave it out for all.", field="tags")
    return sorted({by_name[n] for n in names}, key=lambda t: t.name)


def check_range(start: datetime, end: datetime, *, max_days: float, what: str) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise BadInput("`from` and `to` need a time zone (e.g. 2026-01-01T00:00:00Z).", field="from")
    if start >= end:
        raise BadInput(f"`from` ({start.isoformat()}) must be before `to` ({end.isoformat()}).", field="from")
    if (end - start).total_seconds() > max_days * 86400:
        raise BadInput(f"{what} spans at most {max_days:g} days; split the range.", field="to")


def choose_bucket(start: datetime, end: datetime, bucket: int | None, settings: Settings) -> int:
    span = (end - start).total_seconds()
    if bucket is None:
        fit = (b for b in NICE_BUCKETS if math.ceil(span / b) <= settings.history_auto_points)
        return next(fit, NICE_BUCKETS[-1])
    if bucket < 1:
        raise BadInput(f"`bucket` is a width in seconds, at least 1; got {bucket}.", field="bucket")
    if math.ceil(span / bucket) > settings.history_max_points:
        raise BadInput(
            f"A {bucket}-second bucket gives {math.ceil(span / bucket)} points per tag; the most is "
            f"{settings.history_max_points}. Use a wider bucket or leave it out.",
            field="bucket",
        )
    return bucket


@dataclass(frozen=True)
class TagSeries:
    tag: Tag
    series: Downsampled | None  # None: no samples in range


@dataclass(frozen=True)
class History:
    start: datetime
    end: datetime
    bucket_seconds: int
    series: list[TagSeries]


async def history(
    session: AsyncSession,
    principal: Principal,
    asset: Asset,
    *,
    settings: Settings,
    start: datetime,
    end: datetime,
    tags: list[str] | None,
    bucket: int | None,
) -> History:
    """Per tag, min/max/avg/last per bucket over [start, end)."""
    principal.require(Permission.READ_HISTORY)
    check_range(start, end, max_days=settings.history_max_range_days, what="A history query")
    width = choose_bucket(start, end, bucket, settings)
    chosen = await select_tags(session, asset, tags)
    found = (
        await samples_repository.downsample(session, [t.series_id for t in chosen], start, end, width) if chosen else {}
    )
    return History(start, end, width, [TagSeries(t, found.get(t.series_id)) for t in chosen])


async def events_of(
    session: AsyncSession, principal: Principal, asset: Asset, *, start: datetime | None, end: datetime | None
) -> list[Event]:
    principal.require(Permission.READ_HISTORY)
    return await repository.events_of_asset(
        session, principal.tenant_id, asset.id, start=start, end=end, limit=MAX_EVENTS
    )
