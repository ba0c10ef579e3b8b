"""The worker side of a scoring run: windows of history → production and shadow versions → predictions, metrics."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import repository as assets
from backend.config import Settings
from backend.deployments import repository as deployments
from backend.deployments import traffic, upstream
from backend.deployments.runtimes.base import RuntimeCheckFailed, RuntimeUnavailable, ServedVersion
from backend.events.publish import publish
from backend.kit.db import transaction
from backend.kit.errors import SlipwayError
from backend.scoring import repository
from backend.scoring.metrics import compare, percentile
from backend.scoring.models import ScoringRun
from backend.scoring.service import TOPIC, signature
from backend.scoring.windows import window_rows
from backend.webhooks.service import emit

log = logging.getLogger(__name__)


class ScoringFailed(Exception):
    """The run cannot finish; the message says why."""


async def run(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, run_id: uuid.UUID) -> None:
    async with transaction(sessionmaker) as session:
        row = await repository.run_for_worker(session, run_id)
        if row is None or row.status in ("SUCCEEDED", "FAILED"):
            return
        # A redelivered run (worker killed) starts over: its predictions were never committed.
        row.status, row.started_at, row.message = "RUNNING", await deployments.now(session), "Scoring windows."
        await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))
    try:
        async with transaction(sessionmaker) as session:
            row = await repository.run_for_worker(session, run_id)
            if row is None:
                return  # deleted with its tenant since it started
            await repository.clear_predictions(session, row.id)
            await _score(session, settings, row)
            await _finish(session, row, "SUCCEEDED", _summary(row))
    except (ScoringFailed, RuntimeCheckFailed, SlipwayError) as exc:
        async with transaction(sessionmaker) as session:
            row = await repository.run_for_worker(session, run_id)
            if row is not None:
                await _finish(session, row, "FAILED", getattr(exc, "message", None) or str(exc))
    except RuntimeUnavailable:
        raise  # the broker retries with backoff; the run is RUNNING meanwhile


async def _finish(session: AsyncSession, row: ScoringRun, status: str, message: str) -> None:
    row.status, row.message, row.finished_at = status, message, await deployments.now(session)
    await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))
    from backend.kit import ids

    await emit(
        session,
        tenant_id=row.tenant_id,
        event="scoring_run.finished",
        payload={
            "scoringRunId": ids.encode("ScoringRun", row.id),
            "status": status,
            "message": message,
            "windows": row.windows,
            "metrics": row.metrics,
        },
    )


async def windows(session: AsyncSession, row: ScoringRun) -> tuple[list[datetime], np.ndarray, int]:
    """The run's range of its asset's history as input rows (see windows.window_rows)."""
    tags = await assets.tags_of_asset(session, row.tenant_id, row.asset_id)
    return await window_rows(session, tags, row.start, row.end, row.window_seconds)


async def _score(session: AsyncSession, settings: Settings, row: ScoringRun) -> None:
    from backend.deployments.rollout import runtime as runtime_of

    runtime = runtime_of(settings)
    if not hasattr(runtime, "infer"):
        raise ScoringFailed(f"The {runtime.name} runtime cannot send scoring requests to single versions.")
    production = await upstream.version(session, row.production_version_id)
    sig = signature(production)
    starts, matrix, skipped = await windows(session, row)
    if not starts:
        raise ScoringFailed("No window of the range has samples of every tag; pick a range with history.")
    row.windows, row.skipped_windows = len(starts), skipped
    dtype = np.float64 if sig.dtype == "double" else np.float16 if sig.dtype == "float16" else np.float32
    batch = settings.scoring_batch_windows if sig.batched else 1
    outputs: dict[uuid.UUID, list[np.ndarray]] = {}
    latencies: dict[uuid.UUID, list[float]] = {}
    versions = [production.id, *row.shadow_version_ids]
    served = {v: await traffic.served(session, v) for v in versions}
    for first in range(0, len(starts), batch):
        chunk = matrix[first : first + batch].astype(dtype)
        for version_id in versions:
            result, ms = await _infer(runtime, served[version_id], sig.name, chunk)
            outputs.setdefault(version_id, []).append(result)
            latencies.setdefault(version_id, []).append(ms)
            await repository.store(
                session,
                shadow=version_id != production.id,
                rows=[
                    {
                        "tenant_id": row.tenant_id,
                        "run_id": row.id,
                        "version_id": version_id,
                        "window_start": starts[first + i],
                        "output": [float(x) for x in result[i]],
                        "latency_ms": ms,
                    }
                    for i in range(len(chunk))
                ],
            )
    reference = np.concatenate(outputs[production.id])
    row.metrics = {
        "production": {
            "versionId": str(production.id),
            "version": production.version,
            "windows": len(starts),
            "latencyP50Ms": percentile(latencies[production.id], 50),
            "latencyP95Ms": percentile(latencies[production.id], 95),
        },
        "shadows": {
            str(v): {
                **compare(reference, np.concatenate(outputs[v]), tolerance=settings.scoring_tolerance),
                "version": served[v].version,
                "windows": len(starts),
                "latencyP50Ms": percentile(latencies[v], 50),
                "latencyP95Ms": percentile(latencies[v], 95),
            }
            for v in row.shadow_version_ids
        },
    }


async def _infer(runtime, version: ServedVersion, name: str, chunk: np.ndarray) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    try:
        answer = await runtime.infer(version, {name: chunk})
    except RuntimeCheckFailed as exc:
        raise ScoringFailed(f"Version {version.version} refused a scoring request: {exc}") from exc
    elapsed = (time.perf_counter() - started) * 1000
    first = next(iter(answer.values()))
    try:
        # Classes stay integers: compare() holds them to an exact match, numbers to the tolerance.
        exact = np.asarray(first).dtype.kind in "iub"
        values = np.asarray(first, dtype=np.int64 if exact else np.float64).reshape(len(chunk), -1)
    except (ValueError, TypeError) as exc:
        raise ScoringFailed(
            f"Version {version.version}'s first output cannot be read as numbers per window (shape {np.shape(first)})."
        ) from exc
    return values, elapsed


def _summary(row: ScoringRun) -> str:
    parts = [
        f"{row.windows} windows scored"
        + (f", {row.skipped_windows} skipped (a tag had no samples)" if row.skipped_windows else "")
    ]
    for version_id, m in (row.metrics or {}).get("shadows", {}).items():
        # Runs stored before the version number was kept name the version by its id.
        name = f"v{m['version']}" if "version" in m else version_id[:8]
        parts.append(f"shadow {name}: agreement {m['agreementRate']:.3f}, mean |Δ| {m['meanAbsDifference']:.4g}")
    return "; ".join(parts) + "."
