"""The monitoring jobs, as the worker runs them (tasks/monitoring_actors.py): drift, and payload partitions."""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings, settings
from backend.deployments.models import Deployment
from backend.events.publish import publish
from backend.kit import ids
from backend.kit.db import transaction
from backend.kit.jobs import enqueue
from backend.monitoring import drift, payloads, repository
from backend.monitoring.models import DriftAlert, DriftResult
from backend.monitoring.reference import LIVE_WINDOW, NONE, reference_of, training_columns
from backend.monitoring.service import TOPIC, thresholds
from backend.webhooks.service import emit

log = logging.getLogger(__name__)

DRIFT_EVENT = "monitoring.drift_detected"
PARTITIONS_AHEAD = 3  # days of partitions created ahead of today: a worker away for a weekend loses nothing
PARTITIONS_PERIOD = 3600.0


@dataclass(frozen=True)
class DriftRun:
    deployments: int
    results: int
    opened: list[str]  # "deployment/feature" of the alerts opened
    closed: list[str]


async def run_drift(
    sessionmaker: async_sessionmaker[AsyncSession], config: Settings, *, now: datetime | None = None
) -> DriftRun:
    """`monitoring.drift`: each watched deployment's latest window against its reference, one transaction each."""
    end = now or datetime.now(UTC)
    start = end - timedelta(seconds=config.drift_window_seconds)
    async with transaction(sessionmaker) as session:
        watched = [(m.deployment_id, d.id) for m, d, _ in await repository.watched(session)]
    total, opened, closed, failed = 0, [], [], []
    for deployment_id, _ in watched:
        try:
            async with transaction(sessionmaker) as session:
                found = await _drift_of(session, config, deployment_id, start, end)
        except (OperationalError, InterfaceError, OSError, TimeoutError):
            raise  # the database is away: the job retries, for every deployment
        except Exception:
            # One deployment's bad data must not stop every other's drift: logged, and tried again next run.
            log.exception("drift of deployment %s failed", deployment_id)
            failed.append(str(deployment_id))
            continue
        total += found[0]
        opened += [f"{deployment_id}/{f}" for f in found[1]]
        closed += [f"{deployment_id}/{f}" for f in found[2]]
    log.info(
        "drift: %d deployments, %d results, %d alerts opened, %d closed",
        len(watched),
        total,
        len(opened),
        len(closed),
        extra={"opened": opened, "closed": closed, "failed": failed},
    )
    return DriftRun(len(watched), total, opened, closed)


async def _drift_of(
    session: AsyncSession, config: Settings, deployment_id: uuid.UUID, start: datetime, end: datetime
) -> tuple[int, list[str], list[str]]:
    rows = await repository.watched(session, deployment_id=deployment_id)
    if not rows:  # retired, or no longer logging, since the list was read
        return 0, [], []
    monitoring, deployment, model_name = rows[0]
    found_reference = await reference_of(session, monitoring, deployment)
    if found_reference.kind == NONE:
        return 0, [], []  # the report says how to get a reference
    limits = await thresholds(session, deployment.model_id)
    live = await repository.payload_columns(
        session,
        tenant_id=deployment.tenant_id,
        deployment_ids=[deployment.id],
        start=start,
        end=end,
        limit=config.drift_max_samples,
    )
    if found_reference.kind == LIVE_WINDOW:
        assert found_reference.start is not None and found_reference.end is not None
        logged = await repository.payload_columns(
            session,
            tenant_id=deployment.tenant_id,
            deployment_ids=await repository.route_deployments(session, deployment),
            start=found_reference.start,
            end=found_reference.end,
            limit=config.drift_max_samples,
        )
        reference_inputs = drift.columns_of([r[0] for r in logged])
        reference_outputs = drift.columns_of([r[1] for r in logged])
    else:  # training exports: the inputs only; outputs have nothing to be compared with, so get no figures
        reference_inputs = dict(
            await training_columns(
                session, found_reference, window_seconds=config.scoring_window_seconds, limit=config.drift_max_samples
            )
        )
        reference_outputs = {}
    columns = {
        "INPUT": (drift.columns_of([r[0] for r in live]), reference_inputs),
        "OUTPUT": (drift.columns_of([r[1] for r in live]), reference_outputs),
    }
    results: list[tuple[DriftResult, drift.Comparison]] = []
    for kind, (live_columns, reference_columns) in columns.items():
        for feature in sorted(reference_columns.keys() & live_columns.keys()):
            found = drift.compare(
                live_columns[feature], reference_columns[feature], limits, min_samples=config.drift_min_samples
            )
            if found is not None:
                results.append((_result(deployment, feature, kind, start, end, found), found))
    await repository.add_results(session, [result for result, _ in results])
    opened, closed = await _update_alerts(session, deployment, model_name, results)
    return len(results), opened, closed


def _result(
    deployment: Deployment, feature: str, kind: str, start: datetime, end: datetime, found: drift.Comparison
) -> DriftResult:
    histogram = found.histogram
    return DriftResult(
        tenant_id=deployment.tenant_id,
        deployment_id=deployment.id,
        feature=feature,
        kind=kind,
        feature_type=found.feature_type,
        window_from=start,
        window_to=end,
        live_count=found.live_count,
        reference_count=found.reference_count,
        psi=found.psi,
        ks_statistic=found.ks_statistic,
        ks_p_value=found.ks_p_value,
        chi_square=found.chi_square,
        chi_square_p_value=found.chi_square_p_value,
        drifted=found.drifted,
        histogram={"bins": histogram.bins, "live": histogram.live, "reference": histogram.reference},
    )


async def _update_alerts(
    session: AsyncSession,
    deployment: Deployment,
    model_name: str,
    results: list[tuple[DriftResult, drift.Comparison]],
) -> tuple[list[str], list[str]]:
    """Open an alert for each feature that crossed and has none open; close those back under the thresholds.

    A feature with no figure this window (too few values) keeps its alert as it is: silence is not recovery.
    """
    current = await repository.open_alerts(session, deployment.id, lock=True)
    opened, closed = [], []
    for result, found in results:
        alert = current.get(result.feature)
        if found.crossed is not None and alert is None:
            metric, value, threshold = found.crossed
            alert = DriftAlert(
                tenant_id=deployment.tenant_id,
                deployment_id=deployment.id,
                model_id=deployment.model_id,
                feature=result.feature,
                kind=result.kind,
                status="OPEN",
                metric=metric,
                value=value,
                threshold=threshold,
            )
            await repository.add(session, alert)
            await emit(
                session,
                tenant_id=deployment.tenant_id,
                event=DRIFT_EVENT,
                payload=_announcement(alert, deployment, model_name, result),
            )
            await publish(session, tenant_id=alert.tenant_id, topic=TOPIC, id=str(alert.id))
            opened.append(result.feature)
        elif found.crossed is None and alert is not None:
            alert.status = "CLOSED"
            alert.closed_at = datetime.now(UTC)
            await session.flush()
            await publish(session, tenant_id=alert.tenant_id, topic=TOPIC, id=str(alert.id))
            closed.append(result.feature)
    return opened, closed


def _announcement(alert: DriftAlert, deployment: Deployment, model_name: str, result: DriftResult) -> dict:
    return {
        "alert": {
            "id": ids.encode("Alert", alert.id),
            "feature": alert.feature,
            "kind": alert.kind,
            "metric": alert.metric,
            "value": alert.value,
            "threshold": alert.threshold,
        },
        "figures": {
            "psi": result.psi,
            "ksStatistic": result.ks_statistic,
            "ksPValue": result.ks_p_value,
            "chiSquare": result.chi_square,
            "chiSquarePValue": result.chi_square_p_value,
            "liveCount": result.live_count,
            "referenceCount": result.reference_count,
            "windowFrom": result.window_from.isoformat(),
            "windowTo": result.window_to.isoformat(),
        },
        "deployment": {"id": ids.encode("Deployment", deployment.id), "environment": deployment.environment},
        "model": {"id": ids.encode("Model", deployment.model_id), "name": model_name},
    }


async def run_partitions(
    sessionmaker: async_sessionmaker[AsyncSession], config: Settings, *, today: date | None = None
) -> tuple[list[str], list[str]]:
    """`monitoring.partitions`: today's and the next days' payload partitions, and retention: (kept, dropped)."""
    today = today or datetime.now(UTC).date()
    async with transaction(sessionmaker) as session:
        conn = await session.connection()
        made = await payloads.ensure_partitions(conn, today, PARTITIONS_AHEAD + 1)
        dropped = await payloads.drop_partitions_before(conn, today - timedelta(days=config.payload_retention_days))
    if dropped:
        log.info("payload log retention dropped %s", ", ".join(dropped), extra={"dropped": dropped})
    return made, dropped


def _slot(period: float, now: datetime | None) -> datetime:
    stamp = (now or datetime.now(UTC)).timestamp()
    return datetime.fromtimestamp((math.floor(stamp / period) + 1) * period, UTC)


async def queue_next_drift(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Queue the next slot's drift run unless it is queued (worker start, every sweep period, retries spent)."""
    slot = _slot(max(1.0, settings.drift_interval_seconds), None)
    async with transaction(sessionmaker) as session:
        await enqueue(session, "monitoring.drift", at=slot, key=slot.isoformat())


async def queue_next_partitions(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    slot = _slot(PARTITIONS_PERIOD, None)
    async with transaction(sessionmaker) as session:
        await enqueue(session, "monitoring.partitions", at=slot, key=slot.isoformat())
