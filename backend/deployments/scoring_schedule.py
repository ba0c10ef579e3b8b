"""Scheduled scoring (`scoring_interval_minutes`): every model with a shadow is scored over the last interval,
on the asset of its latest scoring run (a model is not tied to an asset otherwise)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import repository as assets
from backend.config import Settings
from backend.deployments import repository, scoring
from backend.deployments.lifecycle import Stage
from backend.deployments.models import ScoringRun, VersionStage
from backend.kit.db import transaction
from backend.kit.errors import SlipwayError

log = logging.getLogger(__name__)


async def run_due(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    interval = timedelta(minutes=settings.scoring_interval_minutes or 0)
    async with sessionmaker() as session:
        model_ids = list(await session.scalars(select(VersionStage.model_id)
                                               .where(VersionStage.stage == Stage.SHADOW.value).distinct()))
    for model_id in model_ids:
        try:
            async with transaction(sessionmaker) as session:
                await _score_if_due(session, settings, model_id, interval)
        except SlipwayError as exc:  # no production any more, input width changed…: skip this model
            log.info("scheduled scoring of model %s skipped: %s", model_id, exc.message)


async def _score_if_due(session: AsyncSession, settings: Settings, model_id, interval: timedelta) -> None:  # noqa: ANN001
    latest = await session.scalar(select(ScoringRun).where(ScoringRun.model_id == model_id)
                                  .order_by(ScoringRun.created_at.desc()).limit(1).with_for_update())
    now = await repository.now(session)
    if latest is None or latest.created_at > now - interval:
        return
    asset = await assets.get_asset(session, latest.tenant_id, latest.asset_id)
    if asset is not None:
        await scoring.queue_run(session, settings, model_id=model_id, asset=asset, start=now - interval, end=now,
                                principal=None)
