"""GraphQL type of a history export."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.assets import export_service
from backend.assets.export_files import download_filename
from backend.assets.models import HistoryExport
from backend.assets.types import AssetNode, ExportFormat, TagNode
from backend.kit import ids


@strawberry.enum
class ExportStatus(enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@strawberry.type(name="HistoryExport", description="Raw samples of an asset as a CSV file in your sandbox.")
class ExportNode:
    id: strawberry.ID
    status: ExportStatus
    progress: float = strawberry.field(description="0 to 1, while RUNNING (an estimate).")
    format: ExportFormat
    from_: datetime = strawberry.field(name="from")
    to: datetime
    row_count: int | None = strawberry.field(description="Rows written so far; final once SUCCEEDED.")
    size_bytes: int | None
    sha256: str | None = strawberry.field(description="Hex SHA-256 of the whole file, once SUCCEEDED.")
    error: str | None = strawberry.field(description="Why it FAILED and what to do.")
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    row: strawberry.Private[HistoryExport]

    @classmethod
    def from_row(cls, row: HistoryExport) -> ExportNode:
        return cls(
            id=strawberry.ID(ids.encode("HistoryExport", row.id)),
            status=ExportStatus(row.status),
            progress=row.progress,
            format=ExportFormat(row.format),
            from_=row.from_ts,
            to=row.to_ts,
            row_count=row.row_count,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            error=row.error,
            attempts=row.attempts,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            row=row,
        )

    @strawberry.field
    async def asset(self, info: strawberry.Info) -> AssetNode:
        return AssetNode.from_row(await info.context.loaders.assets.asset.load(self.row.asset_id))

    @strawberry.field(description="The exported tags, in file order (by name).")
    async def tags(self, info: strawberry.Info) -> list[TagNode]:
        found = await info.context.loaders.assets.tag.load_many(self.row.tag_ids)
        return sorted((TagNode.from_row(t) for t in found if t is not None), key=lambda t: t.name)

    @strawberry.field(description="A short-lived download link, new on each read; null until SUCCEEDED.")
    async def download_url(self, info: strawberry.Info) -> str | None:
        if self.row.status != "SUCCEEDED":
            return None  # no asset to load for a link that does not exist yet
        state = info.context.state
        asset = await info.context.loaders.assets.asset.load(self.row.asset_id)
        return await export_service.download_url(
            state.store,
            self.row,
            ttl=state.settings.export_url_ttl_seconds,
            filename=download_filename(asset.name, self.row.from_ts, self.row.to_ts),
        )

    @strawberry.field(description="Seconds the download link stays valid.")
    def download_url_expires_in(self, info: strawberry.Info) -> int:
        return info.context.state.settings.export_url_ttl_seconds
