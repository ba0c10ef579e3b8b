"""GraphQL entry points of the assets area: translate, call the service, map nothing else."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.connection import Connection
from backend.api.live import follow
from backend.assets import export_service, service
from backend.assets.export_types import ExportNode, ExportStatus
from backend.assets.types import (
    AssetNode,
    CreateAssetInput,
    CreateTagInput,
    ExportFormat,
    TagNode,
    UpdateAssetInput,
    UpdateTagInput,
)
from backend.kit import ids
from backend.kit.pagination import PageRequest


@strawberry.type
class AssetsQuery:
    @strawberry.field(description="An asset of your tenant.")
    async def asset(self, info: strawberry.Info, id: strawberry.ID) -> AssetNode:
        ctx = info.context
        return AssetNode.from_row(await service.get_asset(ctx.session, ctx.viewer, ids.decode("Asset", id)))

    @strawberry.field(description="Your tenant's assets by name; `search` matches name, site or kind.")
    async def assets(
        self, info: strawberry.Info, search: str | None = None, first: int | None = 50, after: str | None = None
    ) -> Connection[AssetNode]:
        ctx = info.context
        page = await service.list_assets(ctx.session, ctx.viewer, page=PageRequest.parse(first, after), search=search)
        return Connection.from_page(page, AssetNode.from_row)

    @strawberry.field(description="One history export: yours, or any of the tenant's for admins.")
    async def history_export(self, info: strawberry.Info, id: strawberry.ID) -> ExportNode:
        ctx = info.context
        row = await export_service.get_export(ctx.session, ctx.viewer, ids.decode("HistoryExport", id))
        return ExportNode.from_row(row)

    @strawberry.field(
        description="Your history exports, newest first, optionally in one `status`; admins may ask for "
        "everyone's (`allUsers`)."
    )
    async def my_exports(
        self,
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        all_users: bool = False,
        status: ExportStatus | None = None,
    ) -> Connection[ExportNode]:
        ctx = info.context
        page = await export_service.list_exports(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            all_users=all_users,
            status=status.value if status else None,
        )
        return Connection.from_page(page, ExportNode.from_row)


@strawberry.type
class AssetsMutation:
    @strawberry.mutation(description="Add an asset to your tenant (admins only).")
    async def create_asset(self, info: strawberry.Info, input: CreateAssetInput) -> AssetNode:
        ctx = info.context
        row = await service.create_asset(
            ctx.session, ctx.viewer, name=input.name, site=input.site, kind=input.kind, description=input.description
        )
        return AssetNode.from_row(row)

    @strawberry.mutation(description="Change an asset (admins only).")
    async def update_asset(self, info: strawberry.Info, input: UpdateAssetInput) -> AssetNode:
        ctx = info.context
        row = await service.update_asset(
            ctx.session,
            ctx.viewer,
            ids.decode("Asset", input.id),
            name=input.name,
            site=input.site,
            kind=input.kind,
            description=input.description,
        )
        return AssetNode.from_row(row)

    @strawberry.mutation(description="Add a tag (a measured signal) to an asset (admins only).")
    async def create_tag(self, info: strawberry.Info, input: CreateTagInput) -> TagNode:
        ctx = info.context
        row = await service.create_tag(
            ctx.session,
            ctx.viewer,
            asset_id=ids.decode("Asset", input.asset_id),
            name=input.name,
            unit=input.unit,
            description=input.description,
        )
        return TagNode.from_row(row)

    @strawberry.mutation(description="Change a tag's name, unit or description (admins only).")
    async def update_tag(self, info: strawberry.Info, input: UpdateTagInput) -> TagNode:
        ctx = info.context
        row = await service.update_tag(
            ctx.session,
            ctx.viewer,
            ids.decode("Tag", input.id),
            name=input.name,
            unit=input.unit,
            description=input.description,
        )
        return TagNode.from_row(row)

    @strawberry.mutation(
        description="Export raw samples of [from, to) as CSV into your sandbox; returns at once "
        "(QUEUED). The same `idempotencyKey` returns the same export."
    )
    async def export_history(
        self,
        info: strawberry.Info,
        asset_id: strawberry.ID,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        idempotency_key: str,
        tags: list[str] | None = None,
        format: ExportFormat = ExportFormat.CSV,
    ) -> ExportNode:
        ctx = info.context
        row = await export_service.request_export(
            ctx.session,
            ctx.viewer,
            settings=ctx.state.settings,
            asset_id=ids.decode("Asset", asset_id),
            start=from_,
            end=to,
            tags=tags,
            format=format.value,
            idempotency_key=idempotency_key,
        )
        return ExportNode.from_row(row)

    @strawberry.mutation(
        description="Delete a finished export (yours, or any for admins) that no model version was trained on "
        "(CONFLICT otherwise); its file goes with the next storage housekeeping."
    )
    async def delete_export(self, info: strawberry.Info, id: strawberry.ID) -> strawberry.ID:
        ctx = info.context
        await export_service.delete_export(ctx.session, ctx.viewer, ids.decode("HistoryExport", id))
        return id

    @strawberry.mutation(description="Run a FAILED export again under the same id.")
    async def retry_export(self, info: strawberry.Info, id: strawberry.ID) -> ExportNode:
        ctx = info.context
        row = await export_service.retry_export(ctx.session, ctx.viewer, export_id=ids.decode("HistoryExport", id))
        return ExportNode.from_row(row)


@strawberry.type
class AssetsSubscription:
    @strawberry.subscription(description="The export now, then each change until it SUCCEEDED or FAILED.")
    async def export_updated(self, info: strawberry.Info, id: strawberry.ID) -> AsyncGenerator[ExportNode, None]:
        ctx = info.context
        export_id = ids.decode("HistoryExport", id)

        async def load(session: AsyncSession) -> ExportNode:
            return ExportNode.from_row(await export_service.get_export(session, ctx.viewer, export_id))

        return follow(
            ctx,
            topic=export_service.TOPIC,
            id=export_id,
            load=load,
            final=lambda node: node.status in (ExportStatus.SUCCEEDED, ExportStatus.FAILED),
        )
