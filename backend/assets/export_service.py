"""History exports: request, read, list, retry. The worker's half is export_job.py."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import exports_repository as repository
from backend.assets import service as assets
from backend.assets.models import HistoryExport
from backend.audit import service as audit
from backend.config import Settings
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.jobs import enqueue
from backend.kit.pagination import Page, PageRequest, time_key
from backend.storage.s3 import ObjectStore

TOPIC = "history_export"
FORMATS = ("CSV",)
DONE = ("SUCCEEDED", "FAILED")


def object_key(row: HistoryExport) -> str:
    """Exports land in the requesting user's sandbox of their tenant."""
    return f"{row.tenant_id}/sandbox/{row.requested_by}/exports/{row.id}.csv"


async def request_export(
    session: AsyncSession,
    principal: Principal,
    *,
    settings: Settings,
    asset_id: uuid.UUID,
    start: datetime,
    end: datetime,
    tags: list[str] | None,
    format: str,
    idempotency_key: str,
) -> HistoryExport:
    """Record an export and queue its job in this transaction; the same key returns the same export."""
    principal.require(Permission.EXPORT_HISTORY)
    asset = await assets.get_asset(session, principal, asset_id)
    key = idempotency_key.strip()
    if not 1 <= len(key) <= 200:
        raise BadInput(
            "`idempotencyKey` must be 1 to 200 characters (a UUID the client makes is ideal).", field="idempotencyKey"
        )
    if format not in FORMATS:
        raise BadInput(f"Unknown export format {format!r}; use one of {', '.join(FORMATS)}.", field="format")
    assets.check_range(start, end, max_days=settings.export_max_range_days, what="An export")
    chosen = await assets.select_tags(session, asset, tags)
    if not chosen:
        raise BadInput(f"Asset {asset.name!r} has no tags, so there is nothing to export.", field="tags")
    tag_ids = [t.id for t in chosen]
    values = dict(
        id=uuid.uuid4(),
        tenant_id=principal.tenant_id,
        requested_by=principal.user_id,
        asset_id=asset.id,
        tag_ids=tag_ids,
        from_ts=start,
        to_ts=end,
        format=format,
        idempotency_key=key,
        status="QUEUED",
    )
    row = await repository.insert_once(session, values)
    if row is None:
        existing = await repository.get_by_key(session, principal.tenant_id, principal.user_id, key)
        assert existing is not None
        same = (existing.asset_id, sorted(existing.tag_ids), existing.from_ts, existing.to_ts, existing.format) == (
            asset.id,
            sorted(tag_ids),
            start,
            end,
            format,
        )
        if not same:
            raise Conflict(f"Idempotency key {key!r} was already used for a different export; use a new key.")
        return existing
    row.object_key = object_key(row)
    await session.flush()
    await enqueue_run(session, row)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="history.export.requested",
        target_type="HistoryExport",
        target_id=str(row.id),
        details={
            "asset": str(asset.id),
            "tags": [t.name for t in chosen],
            "from": start.isoformat(),
            "to": end.isoformat(),
            "format": format,
        },
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC, id=str(row.id))
    return row


async def enqueue_run(session: AsyncSession, row: HistoryExport) -> None:
    # Its queue is SLIPWAY_EXPORT_QUEUE, so exports can be routed to workers of their own.
    await enqueue(session, "assets.export", str(row.id))


async def retry_export(session: AsyncSession, principal: Principal, *, export_id: uuid.UUID) -> HistoryExport:
    """Run a FAILED export again under the same id (the old reason is cleared)."""
    principal.require(Permission.EXPORT_HISTORY)
    row = await get_export(session, principal, export_id)
    requeued = await repository.requeue_failed(session, row.id)
    if requeued is None:
        raise Conflict(f"Only a FAILED export can be retried; this one is {row.status}.")
    await enqueue_run(session, requeued)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="history.export.retried",
        target_type="HistoryExport",
        target_id=str(row.id),
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC, id=str(row.id))
    return requeued


async def get_export(session: AsyncSession, principal: Principal, export_id: uuid.UUID) -> HistoryExport:
    """One export: the requester's own, or any of the tenant's for admins; NOT_FOUND otherwise."""
    row = await repository.get_in_tenant(session, principal.tenant_id, export_id)
    if row is None or (row.requested_by != principal.user_id and not principal.can(Permission.READ_ALL_EXPORTS)):
        raise NotFound("HistoryExport")
    return row


async def list_exports(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    all_users: bool = False,
    status: str | None = None,
) -> Page[HistoryExport]:
    """The caller's exports newest first, optionally in one status; `all_users` (admins only) lists the
    whole tenant's."""
    if all_users:
        principal.require(Permission.READ_ALL_EXPORTS)
    if page.after is not None and (not isinstance(page.after, str) or "|" not in page.after):
        raise BadInput("`after` is not a cursor of the export list.", field="after")
    rows = await repository.page(
        session,
        principal.tenant_id,
        user_id=None if all_users else principal.user_id,
        after=page.after,
        limit=page.first + 1,
        status=status,
    )
    return page.page_of(rows, key=time_key)


async def download_url(store: ObjectStore, row: HistoryExport, *, ttl: int, filename: str) -> str | None:
    """A fresh presigned GET for a SUCCEEDED export; None before that."""
    if row.status != "SUCCEEDED" or row.object_key is None:
        return None
    return await store.download_url(row.object_key, ttl=ttl, filename=filename)


async def delete_export(session: AsyncSession, principal: Principal, export_id: uuid.UUID) -> uuid.UUID:
    """Delete a finished export that no model version was trained on; storage housekeeping removes its file."""
    row = await get_export(session, principal, export_id)
    if row.status in ("QUEUED", "RUNNING"):
        raise Conflict(f"The export is {row.status}; wait until it ends, then delete it.", currentStatus=row.status)
    try:
        async with session.begin_nested():
            await repository.remove(session, row.id)
    except IntegrityError:
        raise Conflict(
            "This export is the training data of a model version (see the version's lineage); it stays as long "
            "as that version exists.",
            currentStatus=row.status,
        ) from None
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="export.deleted",
        target_type="HistoryExport",
        target_id=str(row.id),
        details={"rows": row.row_count, "sha256": row.sha256},
    )
    return row.id
