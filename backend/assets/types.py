"""GraphQL types of assets, tags, events, history series and exports."""

from __future__ import annotations

import base64
import enum
from datetime import datetime
from typing import Annotated, NewType

import numpy as np
import strawberry

from backend.api.scalars import FloatColumn, IntColumn, TimeColumn
from backend.assets import service
from backend.assets.models import Asset, Event, Tag
from backend.assets.samples_repository import Downsampled
from backend.identity.roles import Permission
from backend.kit import ids


@strawberry.type(name="Tag", description="A measured signal of an asset.")
class TagNode:
    id: strawberry.ID
    name: str
    unit: str
    description: str
    row: strawberry.Private[Tag]

    @classmethod
    def from_row(cls, row: Tag) -> TagNode:
        return cls(
            id=strawberry.ID(ids.encode("Tag", row.id)),
            name=row.name,
            unit=row.unit,
            description=row.description,
            row=row,
        )

    @strawberry.field
    async def asset(self, info: strawberry.Info) -> AssetNode:
        return AssetNode.from_row(await info.context.loaders.assets.asset.load(self.row.asset_id))


@strawberry.type(name="AssetEvent", description="A labelled episode on an asset, e.g. a bearing failure.")
class EventNode:
    id: strawberry.ID
    kind: str
    label: str
    starts_at: datetime
    ends_at: datetime
    row: strawberry.Private[Event]

    @classmethod
    def from_row(cls, row: Event) -> EventNode:
        return cls(
            id=strawberry.ID(ids.encode("AssetEvent", row.id)),
            kind=row.kind,
            label=row.label,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            row=row,
        )

    @strawberry.field(description="The tag the episode shows on most, when one does.")
    async def tag(self, info: strawberry.Info) -> TagNode | None:
        if self.row.tag_id is None:
            return None
        return TagNode.from_row(await info.context.loaders.assets.tag.load(self.row.tag_id))


# Packed columns cost one numpy copy and one base64 pass each, and a client decodes them without
# parsing a number; JavaScript: `new Float64Array(bytes.buffer)`, Python: `numpy.frombuffer(b, "<f8")`.
Float64Array = NewType("Float64Array", bytes)
_FLOAT64_ARRAY = strawberry.scalar(
    NewType("Float64Array", bytes),
    name="Float64Array",
    description="base64 of little-endian IEEE-754 doubles (8 bytes each), in order.",
    serialize=lambda value: base64.b64encode(value).decode(),
    parse_value=base64.b64decode,
)


@strawberry.type(
    name="HistorySeries",
    description="One tag downsampled: parallel columns, one entry per bucket "
    "that holds samples (empty buckets are left out).",
)
class SeriesNode:
    tag: TagNode
    times_ms: FloatColumn = strawberry.field(
        description="Bucket start times in epoch milliseconds (UTC), ascending: plot them as they are."
    )
    min: FloatColumn
    max: FloatColumn
    avg: FloatColumn
    last: FloatColumn
    count: IntColumn = strawberry.field(description="Samples in each bucket.")
    data: strawberry.Private[Downsampled | None]

    @classmethod
    def from_series(cls, item: service.TagSeries) -> SeriesNode:
        s = item.series
        return cls(
            tag=TagNode.from_row(item.tag),
            times_ms=FloatColumn(s.times_ms if s else []),
            min=FloatColumn(s.min if s else []),
            max=FloatColumn(s.max if s else []),
            avg=FloatColumn(s.avg if s else []),
            last=FloatColumn(s.last if s else []),
            count=IntColumn(s.count if s else []),
            data=s,
        )

    @strawberry.field(
        description="Bucket start times as ISO-8601 UTC, ascending; `timesMs` is smaller and needs no parsing."
    )
    def times(self) -> TimeColumn:
        return TimeColumn(self.data.buckets if self.data else [])

    @strawberry.field(description="The same columns packed as binary doubles: decoded with no number to parse.")
    def packed(self) -> PackedSeriesNode:
        return PackedSeriesNode(data=self.data)


def _pack(column: list[float] | list[int]) -> Float64Array:
    return Float64Array(np.asarray(column, dtype="<f8").tobytes())


@strawberry.type(
    name="PackedHistorySeries",
    description="A downsampled tag's columns, each one Float64Array (base64 of little-endian doubles, one per "
    "bucket); only the columns asked for are packed.",
)
class PackedSeriesNode:
    data: strawberry.Private[Downsampled | None]

    @strawberry.field(
        graphql_type=_FLOAT64_ARRAY, description="Bucket start times in epoch milliseconds (UTC), ascending."
    )
    def times_ms(self) -> Float64Array:
        return _pack(self.data.times_ms if self.data else [])

    @strawberry.field(graphql_type=_FLOAT64_ARRAY)
    def min(self) -> Float64Array:
        return _pack(self.data.min if self.data else [])

    @strawberry.field(graphql_type=_FLOAT64_ARRAY)
    def max(self) -> Float64Array:
        return _pack(self.data.max if self.data else [])

    @strawberry.field(graphql_type=_FLOAT64_ARRAY)
    def avg(self) -> Float64Array:
        return _pack(self.data.avg if self.data else [])

    @strawberry.field(graphql_type=_FLOAT64_ARRAY)
    def last(self) -> Float64Array:
        return _pack(self.data.last if self.data else [])

    @strawberry.field(graphql_type=_FLOAT64_ARRAY, description="Samples in each bucket (exact as doubles up to 2^53).")
    def count(self) -> Float64Array:
        return _pack(self.data.count if self.data else [])


@strawberry.type(name="History")
class HistoryNode:
    from_: datetime = strawberry.field(name="from")
    to: datetime
    bucket_seconds: int = strawberry.field(description="Width of every bucket; buckets align to 2000-01-01 UTC.")
    series: list[SeriesNode]

    @classmethod
    def from_history(cls, found: service.History) -> HistoryNode:
        series = [SeriesNode.from_series(item) for item in found.series]
        return cls(from_=found.start, to=found.end, bucket_seconds=found.bucket_seconds, series=series)


@strawberry.type(name="Asset", description="A machine or unit whose signals are recorded (read-only samples).")
class AssetNode:
    id: strawberry.ID
    name: str
    site: str
    kind: str
    description: str
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[Asset]

    @classmethod
    def from_row(cls, row: Asset) -> AssetNode:
        return cls(
            id=strawberry.ID(ids.encode("Asset", row.id)),
            name=row.name,
            site=row.site,
            kind=row.kind,
            description=row.description,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field
    async def tags(self, info: strawberry.Info) -> list[TagNode]:
        return [TagNode.from_row(t) for t in await info.context.loaders.assets.tags_of_asset.load(self.row.id)]

    @strawberry.field(
        description="Per tag, min/max/avg/last per bucket over [from, to). `tags` are tag names "
        "(default: all); `bucket` is a width in seconds (default: chosen for at most "
        "~2,000 points per tag)."
    )
    async def history(
        self,
        info: strawberry.Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        tags: list[str] | None = None,
        bucket: int | None = None,
    ) -> HistoryNode:
        ctx = info.context
        found = await service.history(
            ctx.session,
            ctx.viewer,
            self.row,
            settings=ctx.state.settings,
            start=from_,
            end=to,
            tags=tags,
            bucket=bucket,
        )
        return HistoryNode.from_history(found)

    @strawberry.field(description="Labelled episodes overlapping [from, to) (all when omitted), oldest first.")
    async def events(
        self,
        info: strawberry.Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
    ) -> list[EventNode]:
        ctx = info.context
        rows = await service.events_of(ctx.session, ctx.viewer, self.row, start=from_, end=to)
        return [EventNode.from_row(r) for r in rows]

    @strawberry.field(description="True when the viewer may export this asset's history.")
    def viewer_can_export(self, info: strawberry.Info) -> bool:
        return info.context.viewer.can(Permission.EXPORT_HISTORY)

    @strawberry.field(description="True when the viewer may change this asset and its tags.")
    def viewer_can_manage(self, info: strawberry.Info) -> bool:
        return info.context.viewer.can(Permission.MANAGE_ASSETS)


@strawberry.input
class CreateAssetInput:
    name: str
    site: str = ""
    kind: str = ""
    description: str = ""


@strawberry.input(description="Only the fields given change.")
class UpdateAssetInput:
    id: strawberry.ID
    name: str | None = None
    site: str | None = None
    kind: str | None = None
    description: str | None = None


@strawberry.input
class CreateTagInput:
    asset_id: strawberry.ID
    name: str
    unit: str = ""
    description: str = ""


@strawberry.input(description="Only the fields given change.")
class UpdateTagInput:
    id: strawberry.ID
    name: str | None = None
    unit: str | None = None
    description: str | None = None


@strawberry.enum
class ExportFormat(enum.Enum):
    CSV = "CSV"
