"""GraphQL types of scoring runs and the shadow report (production vs shadow, per run and over time)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.scalars import FloatColumn, TimeColumn
from backend.kit import ids
from backend.registry.types import ModelRef, ModelVersionRef, model_node, version_node
from backend.scoring import report as reports
from backend.scoring.models import ScoringRun
from backend.scoring.report import Comparison, Report, Trend

if TYPE_CHECKING:
    from backend.assets.types import AssetNode

LazyAsset = Annotated["AssetNode", strawberry.lazy("backend.assets.types")]  # resolved lazily by Strawberry


@strawberry.enum(description="Where a scoring run stands.")
class ScoringRunStatus(enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


async def _load_version(info: strawberry.Info, version_id: str | uuid.UUID):
    return version_node(await info.context.loaders.registry.version.load(uuid.UUID(str(version_id))))


@strawberry.type(description="How one shadow version compared with production over a run's windows.")
class ShadowMetrics:
    windows: int
    agreement_rate: float | None = strawberry.field(
        description="Share of windows where the shadow agreed: same class, or within the tolerance."
    )
    mean_abs_difference: float | None
    latency_p50_ms: float | None = strawberry.field(description="Of the shadow's requests.")
    latency_p95_ms: float | None
    version_id: strawberry.Private[str]

    @strawberry.field
    async def version(self, info: strawberry.Info) -> ModelVersionRef:
        return await _load_version(info, self.version_id)


@strawberry.type(description="A shadow's outputs per window, next to production's (first output value).")
class ShadowSeries:
    values: FloatColumn
    version_id: strawberry.Private[str]

    @strawberry.field
    async def version(self, info: strawberry.Info) -> ModelVersionRef:
        return await _load_version(info, self.version_id)


@strawberry.type(
    description="Per window: production's prediction and each shadow's, for a chart; one page of the run's windows."
)
class WindowComparison:
    windows: TimeColumn
    production: FloatColumn
    shadows: list[ShadowSeries]
    total_windows: int = strawberry.field(
        description="Windows the run stored; `windows` holds the page of them that starts at `offset`."
    )
    offset: int = strawberry.field(description="Windows skipped before this page, from the run's first.")

    @classmethod
    def of(cls, found: Comparison) -> WindowComparison:
        return cls(
            windows=TimeColumn(found.windows),
            production=FloatColumn(found.production),
            shadows=[ShadowSeries(values=FloatColumn(v), version_id=k) for k, v in found.shadows.items()],
            total_windows=found.total,
            offset=found.offset,
        )


@strawberry.type(name="ScoringRun", description="Windows of an asset's history fed to production and its shadows.")
class ScoringRunNode:
    id: strawberry.ID
    status: ScoringRunStatus
    message: str = strawberry.field(description="Why it FAILED, or what it is doing.")
    from_: datetime = strawberry.field(name="from")
    to: datetime
    window_seconds: int
    windows: int = strawberry.field(description="Windows scored.")
    skipped_windows: int = strawberry.field(description="Windows left out because a tag had no samples in them.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    production_latency_p50_ms: float | None
    production_latency_p95_ms: float | None
    row: strawberry.Private[ScoringRun]

    @classmethod
    def from_row(cls, row: ScoringRun) -> ScoringRunNode:
        production = (row.metrics or {}).get("production", {})
        return cls(
            id=strawberry.ID(ids.encode("ScoringRun", row.id)),
            status=ScoringRunStatus(row.status),
            message=row.message,
            from_=row.start,
            to=row.end,
            window_seconds=row.window_seconds,
            windows=row.windows,
            skipped_windows=row.skipped_windows,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            production_latency_p50_ms=production.get("latencyP50Ms"),
            production_latency_p95_ms=production.get("latencyP95Ms"),
            row=row,
        )

    @strawberry.field
    async def model(self, info: strawberry.Info) -> ModelRef:
        return model_node(await info.context.loaders.registry.model.load(self.row.model_id))

    @strawberry.field
    async def asset(self, info: strawberry.Info) -> LazyAsset | None:
        from backend.assets.types import AssetNode as Node

        row = await info.context.loaders.assets.asset.load(self.row.asset_id)
        return Node.from_row(row) if row else None

    @strawberry.field
    async def production_version(self, info: strawberry.Info) -> ModelVersionRef:
        return await _load_version(info, self.row.production_version_id)

    @strawberry.field
    async def shadow_versions(self, info: strawberry.Info) -> list[ModelVersionRef]:
        return [await _load_version(info, v) for v in self.row.shadow_version_ids]

    @strawberry.field(description="One entry per shadow version.")
    def metrics(self) -> list[ShadowMetrics]:
        shadows = (self.row.metrics or {}).get("shadows", {})
        return [
            ShadowMetrics(
                windows=m.get("windows", 0),
                agreement_rate=m.get("agreementRate"),
                mean_abs_difference=m.get("meanAbsDifference"),
                latency_p50_ms=m.get("latencyP50Ms"),
                latency_p95_ms=m.get("latencyP95Ms"),
                version_id=k,
            )
            for k, m in shadows.items()
        ]

    @strawberry.field(
        description="Per window: production's and each shadow's first output value; `first` (at most 10,000) "
        "windows from `offset`."
    )
    async def comparison(self, info: strawberry.Info, first: int = 1000, offset: int = 0) -> WindowComparison:
        return WindowComparison.of(await reports.comparison(info.context.session, self.row, limit=first, offset=offset))


@strawberry.type(description="One shadow version over time: a point per scoring run.")
class ShadowTrend:
    at: TimeColumn
    agreement_rate: FloatColumn
    mean_abs_difference: FloatColumn
    latency_p95_ms: FloatColumn
    production_latency_p95_ms: FloatColumn
    version_id: strawberry.Private[str]

    @strawberry.field
    async def version(self, info: strawberry.Info) -> ModelVersionRef:
        return await _load_version(info, self.version_id)

    @classmethod
    def of(cls, found: Trend) -> ShadowTrend:
        return cls(
            at=TimeColumn(found.at),
            agreement_rate=FloatColumn(found.agreement_rate),
            mean_abs_difference=FloatColumn(found.mean_abs_difference),
            latency_p95_ms=FloatColumn(found.latency_p95_ms),
            production_latency_p95_ms=FloatColumn(found.production_latency_p95_ms),
            version_id=found.version_id,
        )


@strawberry.type(description="Production next to its shadows: the latest runs and how agreement moved over time.")
class ShadowReport:
    model_name: str
    report: strawberry.Private[Report]

    @strawberry.field
    def production(self) -> ModelVersionRef | None:
        return version_node(self.report.production) if self.report.production else None

    @strawberry.field
    def shadows(self) -> list[ModelVersionRef]:
        return [version_node(v) for v in self.report.shadows]

    @strawberry.field(description="The latest runs, newest first.")
    def runs(self) -> list[ScoringRunNode]:
        return [ScoringRunNode.from_row(r) for r in self.report.runs]

    @strawberry.field
    def latest_run(self) -> ScoringRunNode | None:
        return ScoringRunNode.from_row(self.report.runs[0]) if self.report.runs else None

    @strawberry.field(description="Per shadow version, one point per finished run, oldest first.")
    def trend(self) -> list[ShadowTrend]:
        return [ShadowTrend.of(t) for t in self.report.trend]

    @strawberry.field(
        description="The latest finished run's per-window predictions: `first` (at most 10,000) windows from `offset`."
    )
    async def latest_comparison(
        self, info: strawberry.Info, first: int = 1000, offset: int = 0
    ) -> WindowComparison | None:
        finished = next((r for r in self.report.runs if r.status == "SUCCEEDED"), None)
        if finished is None:
            return None
        return WindowComparison.of(await reports.comparison(info.context.session, finished, limit=first, offset=offset))


@strawberry.input
class StartScoringRunInput:
    model_name: str
    asset_id: strawberry.ID
    from_: datetime = strawberry.field(name="from")
    to: datetime
