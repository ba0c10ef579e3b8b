"""Scoring runs: the rules for starting one and reading them. The worker side is runner.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import repository as assets
from backend.assets.service import check_range
from backend.audit import service as audit
from backend.config import Settings
from backend.deployments import repository as deployments
from backend.deployments import upstream
from backend.deployments.lifecycle import Environment
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.jobs import enqueue
from backend.kit.pagination import Page, PageRequest, time_key
from backend.registry import repository as registry
from backend.registry.models import ModelVersion
from backend.scoring import repository
from backend.scoring.models import ScoringRun

TOPIC = "scoringRun"
FLOAT_TYPES = frozenset({"float", "double", "float16"})


@dataclass(frozen=True)
class Signature:
    """What a scoring window turns into: one float row of `width` features for input `name`."""

    name: str
    dtype: str
    width: int
    batched: bool  # the first dimension is free: several windows per request


def signature(version: ModelVersion) -> Signature:
    """The model's one input as [batch, features]; BAD_USER_INPUT when it is not that shape."""
    inputs = (version.facts or {}).get("inputs") or []
    if len(inputs) != 1:
        raise BadInput(
            f"Version {version.version} has {len(inputs)} inputs; scoring feeds one [windows, features] float input.",
            field="modelName",
        )
    spec = inputs[0]
    shape = spec.get("shape") or []
    if spec.get("dtype") not in FLOAT_TYPES or len(shape) != 2 or not str(shape[1]).isdigit():
        raise BadInput(
            f"Version {version.version} takes {spec.get('name')!r} as {spec.get('dtype')} "
            f"{shape}; scoring feeds a float input shaped [windows, features] with a fixed "
            "feature count.",
            field="modelName",
        )
    return Signature(spec["name"], spec["dtype"], int(shape[1]), batched=not str(shape[0]).isdigit())


async def start_run(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    *,
    model_name: str,
    asset_id: uuid.UUID,
    start: datetime,
    end: datetime,
) -> ScoringRun:
    """A QUEUED run over [start, end) of the asset's history, and its job."""
    principal.require(Permission.SET_STAGE)
    model = await registry.model_by_name(session, principal.tenant_id, model_name)
    if model is None:
        raise NotFound("RegisteredModel", model_name)
    asset = await assets.get_asset(session, principal.tenant_id, asset_id)
    if asset is None:
        raise NotFound("Asset")
    return await queue_run(session, settings, model_id=model.id, asset=asset, start=start, end=end, principal=principal)


async def queue_run(
    session: AsyncSession,
    settings: Settings,
    *,
    model_id: uuid.UUID,
    asset,
    start: datetime,
    end: datetime,
    principal: Principal | None,
) -> ScoringRun:
    check_range(start, end, max_days=settings.history_max_range_days, what="A scoring run")
    windows = int((end - start).total_seconds() // settings.scoring_window_seconds)
    if windows < 1 or windows > settings.scoring_max_windows:
        raise BadInput(
            f"A scoring run covers 1 to {settings.scoring_max_windows} windows of "
            f"{settings.scoring_window_seconds} s; this range has {windows}.",
            field="to",
        )
    live = await deployments.live(session, model_id, Environment.PRODUCTION.value)
    if live is None:
        raise Conflict("The model has no LIVE production deployment to score against; deploy one first.")
    shadows = await upstream.shadow_versions(session, model_id)
    if not shadows:
        raise Conflict(
            "The model has no SHADOW version to compare with production; set one with "
            "setModelVersionStage(stage: SHADOW)."
        )
    tags = await assets.tags_of_asset(session, asset.tenant_id, asset.id)
    for version in [await upstream.version(session, live.version_id), *shadows]:
        expected = signature(version)
        if expected.width != len(tags):
            names = ", ".join(t.name for t in sorted(tags, key=lambda t: t.name)) or "none"
            raise BadInput(
                f"Version {version.version} expects {expected.width} input features "
                f"({expected.name!r} shaped [windows, {expected.width}]); asset {asset.name!r} has "
                f"{len(tags)} tags ({names}), fed in name order.",
                field="assetId",
            )
    run = ScoringRun(
        tenant_id=asset.tenant_id,
        model_id=model_id,
        asset_id=asset.id,
        start=start,
        end=end,
        status="QUEUED",
        message="Waiting for a worker.",
        production_version_id=live.version_id,
        shadow_version_ids=[v.id for v in shadows],
        window_seconds=settings.scoring_window_seconds,
        windows=0,
        skipped_windows=0,
        metrics={},
        created_by=principal.user_id if principal else None,
    )
    session.add(run)
    await session.flush()
    await enqueue(session, "deployments.score", str(run.id))
    await audit.record(
        session,
        tenant_id=asset.tenant_id,
        actor=principal,
        action="scoring_run.started",
        target_type="ScoringRun",
        target_id=str(run.id),
        details={"asset": asset.name, "from": start.isoformat(), "to": end.isoformat()},
    )
    await publish(session, tenant_id=asset.tenant_id, topic=TOPIC, id=str(run.id))
    return run


async def get_run(session: AsyncSession, principal: Principal, run_id: uuid.UUID) -> ScoringRun:
    principal.require(Permission.READ_DEPLOYMENTS)
    run = await repository.run_in_tenant(session, principal.tenant_id, run_id)
    if run is None:
        raise NotFound("ScoringRun")
    return run


async def list_runs(
    session: AsyncSession, principal: Principal, *, page: PageRequest, model_id: uuid.UUID | None
) -> Page[ScoringRun]:
    principal.require(Permission.READ_DEPLOYMENTS)
    if page.after is not None and (not isinstance(page.after, str) or "|" not in page.after):
        raise BadInput("`after` is not a cursor of the scoring runs list.", field="after")
    rows = await repository.page_runs(
        session, principal.tenant_id, model_id=model_id, after=page.after, limit=page.first + 1
    )
    return page.page_of(rows, key=time_key)


def is_final(status: str) -> bool:
    return status in ("SUCCEEDED", "FAILED")
