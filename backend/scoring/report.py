"""Reading scoring runs back: the per-window comparison of one run and the shadow report of a model."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments import repository as deployments
from backend.deployments import upstream
from backend.deployments.lifecycle import Environment
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, NotFound
from backend.registry import repository as registry
from backend.registry.models import ModelVersion
from backend.scoring import repository
from backend.scoring.models import ScoringRun

REPORT_RUNS = 20
MAX_COMPARISON_WINDOWS = 10_000


@dataclass
class Comparison:
    windows: list[str] = field(default_factory=list)
    production: list[float | None] = field(default_factory=list)
    shadows: dict[str, list[float | None]] = field(default_factory=dict)
    total: int = 0
    """Windows the run stored; `windows` is the page of them from `offset`."""
    offset: int = 0


@dataclass
class Trend:
    version_id: str
    at: list[str] = field(default_factory=list)
    agreement_rate: list[float | None] = field(default_factory=list)
    mean_abs_difference: list[float | None] = field(default_factory=list)
    latency_p95_ms: list[float | None] = field(default_factory=list)
    production_latency_p95_ms: list[float | None] = field(default_factory=list)


@dataclass
class Report:
    production: ModelVersion | None
    shadows: list[ModelVersion]
    runs: list[ScoringRun]
    trend: list[Trend]


def _iso(t) -> str:
    return t.isoformat().replace("+00:00", "Z")


async def comparison(session: AsyncSession, run: ScoringRun, *, limit: int, offset: int = 0) -> Comparison:
    """One page of windows: production's first output per window, and each shadow's for the same windows (None where missing)."""
    if not 1 <= limit <= MAX_COMPARISON_WINDOWS:
        raise BadInput(f"first must be from 1 to {MAX_COMPARISON_WINDOWS:,} windows; page with offset.", field="first")
    if offset < 0:
        raise BadInput("offset must be 0 or more (windows to skip from the run's first).", field="offset")
    production = await repository.predictions(session, run.id, shadow=False, limit=limit, offset=offset)
    found = Comparison(
        windows=[_iso(p.window_start) for p in production],
        production=[p.output[0] if p.output else None for p in production],
        total=await repository.count_production_predictions(session, run.id),
        offset=offset,
    )
    by_version: dict[str, dict] = {str(v): {} for v in run.shadow_version_ids}
    if production:
        shadow_rows = await repository.shadow_predictions_between(
            session,
            run.id,
            versions=[uuid.UUID(str(v)) for v in run.shadow_version_ids],
            first=production[0].window_start,
            last=production[-1].window_start,
        )
        for row in shadow_rows:
            by_version.setdefault(str(row.version_id), {})[row.window_start] = row.output[0] if row.output else None
    found.shadows = {k: [v.get(p.window_start) for p in production] for k, v in by_version.items()}
    return found


async def report(session: AsyncSession, principal: Principal, *, model_name: str) -> Report:
    principal.require(Permission.READ_DEPLOYMENTS)
    model = await registry.model_by_name(session, principal.tenant_id, model_name)
    if model is None:
        raise NotFound("RegisteredModel", model_name)
    live = await deployments.live(session, model.id, Environment.PRODUCTION.value)
    production = await upstream.version(session, live.version_id) if live else None
    runs = await repository.latest_runs(session, model.id, REPORT_RUNS)
    trends: dict[str, Trend] = {}
    for run in reversed(runs):
        if run.status != "SUCCEEDED":
            continue
        production_metrics = (run.metrics or {}).get("production", {})
        for version_id, m in (run.metrics or {}).get("shadows", {}).items():
            trend = trends.setdefault(version_id, Trend(version_id))
            trend.at.append(_iso(run.finished_at or run.created_at))
            trend.agreement_rate.append(m.get("agreementRate"))
            trend.mean_abs_difference.append(m.get("meanAbsDifference"))
            trend.latency_p95_ms.append(m.get("latencyP95Ms"))
            trend.production_latency_p95_ms.append(production_metrics.get("latencyP95Ms"))
    return Report(production, await upstream.shadow_versions(session, model.id), runs, list(trends.values()))
