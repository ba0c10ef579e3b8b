"""Scheduled scoring (`scoring_interval_minutes`): every model with a shadow is scored over the last interval,
on the asset of its latest scoring run (a model is not tied to an asset otherwise)."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import repository as assets
from backend.config import Settings
from backend.deployments import repository as deployments
from backend.kit.db import transaction
from backend.kit.errors import SlipwayError
from backend.scoring import repository, service

log = logging.getLogger(__name__)


async def run_due(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    interval = timedelta(minutes=settings.scoring_interval_minutes or 0)
    async with sessionmaker() as session:
        model_ids = await deployments.models_with_shadows(session)
    for model_id in model_ids:
        try:
            async with transaction(sessionmaker) as session:
                await _score_if_due(session, settings, model_id, interval)
        except SlipwayError as exc:  # no production any more, input width changed…: skip this model
            log.info("scheduled scoring of model %s skipped: %s", model_id, exc.message)


async def _score_if_due(session: AsyncSession, settings: Settings, model_id: uuid.UUID, interval: timedelta) -> None:
    latest = await repository.latest_run_locked(session, model_id)
    now = await deployments.now(session)
    if latest is None or latest.created_at > now - interval:
        return
    asset = await assets.get_asset(session, latest.tenant_id, latest.asset_id)
    if asset is not None:
        await service.queue_run(
            session, settings, model_id=model_id, asset=asset, start=now - interval, end=now, principal=None
        )
