"""All SQL about scoring runs and the predictions they stored (production and shadow apart)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit.pagination import by_creation
from backend.scoring.models import ProductionPrediction, ScoringRun, ShadowPrediction


async def run_in_tenant(session: AsyncSession, tenant_id: uuid.UUID, run_id: uuid.UUID) -> ScoringRun | None:
    return await session.scalar(select(ScoringRun).where(ScoringRun.tenant_id == tenant_id, ScoringRun.id == run_id))


async def run_for_worker(session: AsyncSession, run_id: uuid.UUID, *, lock: bool = True) -> ScoringRun | None:
    stmt = select(ScoringRun).where(ScoringRun.id == run_id)
    return await session.scalar(stmt.with_for_update() if lock else stmt)


async def runs_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ScoringRun]:
    return {r.id: r for r in await session.scalars(select(ScoringRun).where(ScoringRun.id.in_(ids)))}


async def page_runs(
    session: AsyncSession, tenant_id: uuid.UUID, *, model_id: uuid.UUID | None, after: str | None, limit: int
) -> list[ScoringRun]:
    """Newest first; the cursor is `created_at|id`."""
    stmt = select(ScoringRun).where(ScoringRun.tenant_id == tenant_id)
    if model_id is not None:
        stmt = stmt.where(ScoringRun.model_id == model_id)
    return list(await session.scalars(by_creation(stmt, ScoringRun, after).limit(limit)))


async def runs_of_version(session: AsyncSession, version_id: uuid.UUID, *, limit: int) -> list[ScoringRun]:
    """The newest runs that scored the version, as production or as a shadow."""
    stmt = (
        select(ScoringRun)
        .where((ScoringRun.production_version_id == version_id) | ScoringRun.shadow_version_ids.contains([version_id]))
        .order_by(ScoringRun.created_at.desc())
        .limit(limit)
    )
    return list(await session.scalars(stmt))


async def latest_runs(session: AsyncSession, model_id: uuid.UUID, limit: int) -> list[ScoringRun]:
    stmt = (
        select(ScoringRun)
        .where(ScoringRun.model_id == model_id)
        .order_by(ScoringRun.created_at.desc(), ScoringRun.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(stmt))


async def clear_predictions(session: AsyncSession, run_id: uuid.UUID) -> None:
    """A redelivered run starts over: forget what the killed attempt stored."""
    from sqlalchemy import delete

    for table in (ProductionPrediction, ShadowPrediction):
        await session.execute(delete(table).where(table.run_id == run_id))


async def store(session: AsyncSession, *, shadow: bool, rows: list[dict]) -> None:
    if rows:
        await session.execute(insert(ShadowPrediction if shadow else ProductionPrediction), rows)


async def predictions(
    session: AsyncSession, run_id: uuid.UUID, *, shadow: bool, limit: int, offset: int = 0
) -> list[ProductionPrediction | ShadowPrediction]:
    table = ShadowPrediction if shadow else ProductionPrediction
    stmt = (
        select(table).where(table.run_id == run_id).order_by(table.window_start, table.id).offset(offset).limit(limit)
    )
    return list(await session.scalars(stmt))


async def shadow_predictions_between(
    session: AsyncSession, run_id: uuid.UUID, *, versions: Sequence[uuid.UUID], first: datetime, last: datetime
) -> list[ShadowPrediction]:
    """The shadows' predictions for the windows from `first` to `last`, both included (one page of a chart)."""
    stmt = (
        select(ShadowPrediction)
        .where(
            ShadowPrediction.run_id == run_id,
            ShadowPrediction.version_id.in_(versions),
            ShadowPrediction.window_start >= first,
            ShadowPrediction.window_start <= last,
        )
        .order_by(ShadowPrediction.window_start, ShadowPrediction.id)
    )
    return list(await session.scalars(stmt))


async def count_production_predictions(session: AsyncSession, run_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(ProductionPrediction).where(ProductionPrediction.run_id == run_id)
    return int(await session.scalar(stmt) or 0)


async def latest_run_locked(session: AsyncSession, model_id: uuid.UUID) -> ScoringRun | None:
    """The model's newest run, locked, so two sweeps cannot both find it due."""
    stmt = (
        select(ScoringRun)
        .where(ScoringRun.model_id == model_id)
        .order_by(ScoringRun.created_at.desc())
        .limit(1)
        .with_for_update()
    )
    return await session.scalar(stmt)


async def shadow_results(session: AsyncSession, version_id: uuid.UUID) -> list[ScoringRun]:
    """The finished runs that scored `version_id` as a shadow, oldest first (their metrics hold its agreement)."""
    stmt = select(ScoringRun).where(
        ScoringRun.status == "SUCCEEDED", ScoringRun.shadow_version_ids.contains([version_id])
    )
    return list(await session.scalars(stmt.order_by(ScoringRun.created_at)))
