"""Monitoring rules: who may change what is watched, which ranges are valid, and acknowledging alerts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.deployments import repository as deployments
from backend.deployments.models import Deployment
from backend.deployments.permissions import require_deploy
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.pagination import Page, PageRequest, time_key
from backend.monitoring import repository
from backend.monitoring.drift import DEFAULT_THRESHOLDS, Thresholds
from backend.monitoring.models import DeploymentMonitoring, DriftAlert, ModelDriftThresholds
from backend.registry import repository as registry

TOPIC = "driftAlert"
MAX_RANGE = timedelta(days=31)  # of a report or a reference window: what one page of charts can show


async def deployment_in_tenant(session: AsyncSession, principal: Principal, deployment_id: uuid.UUID) -> Deployment:
    principal.require(Permission.READ_DEPLOYMENTS)
    found = await deployments.in_tenant(session, principal.tenant_id, deployment_id)
    if found is None:
        raise NotFound("Deployment")
    return found


def check_range(start: datetime, end: datetime, *, field: str = "from") -> None:
    """BAD_USER_INPUT unless start < end, both carry a time zone, and the span is at most MAX_RANGE."""
    if start.tzinfo is None or end.tzinfo is None:
        raise BadInput("Give `from` and `to` with a time zone, e.g. 2026-01-31T12:00:00Z.", field=field)
    if start >= end:
        raise BadInput(f"`from` ({start.isoformat()}) must be before `to` ({end.isoformat()}).", field=field)
    if end - start > MAX_RANGE:
        raise BadInput(f"The range spans {end - start}; ask for at most {MAX_RANGE.days} days at a time.", field=field)


async def _monitoring_row(session: AsyncSession, principal: Principal, deployment: Deployment) -> DeploymentMonitoring:
    row = await repository.monitoring_of(session, deployment.id, lock=True)
    if row is None:
        row = DeploymentMonitoring(
            deployment_id=deployment.id,
            tenant_id=deployment.tenant_id,
            sample_percent=0.0,
            updated_by=principal.user_id,
        )
        await repository.add(session, row)
    return row


async def set_payload_logging(
    session: AsyncSession, principal: Principal, *, deployment_id: uuid.UUID, sample_percent: float
) -> DeploymentMonitoring:
    """Log `sample_percent` % of the deployment's requests (0 stops); the model server picks it up within
    `payload_targets_seconds`."""
    deployment = await deployment_in_tenant(session, principal, deployment_id)
    require_deploy(principal, deployment.environment)
    if not 0 <= sample_percent <= 100:
        raise BadInput(
            f"`samplePercent` is {sample_percent}; give a share of requests from 0 (off) to 100 (every request).",
            field="samplePercent",
        )
    row = await _monitoring_row(session, principal, deployment)
    before = row.sample_percent
    row.sample_percent = float(sample_percent)
    await _changed(
        session,
        principal,
        row,
        "monitoring.payload_logging_set",
        details={"samplePercent": row.sample_percent, "before": before},
    )
    return row


async def set_reference(
    session: AsyncSession, principal: Principal, *, deployment_id: uuid.UUID, start: datetime, end: datetime
) -> DeploymentMonitoring:
    """Compare the deployment's live traffic with its route's logged traffic in [start, end)."""
    deployment = await deployment_in_tenant(session, principal, deployment_id)
    require_deploy(principal, deployment.environment)
    check_range(start, end)
    if end > datetime.now(UTC) + timedelta(minutes=1):
        raise BadInput("The reference window must have ended: choose traffic already logged.", field="to")
    row = await _monitoring_row(session, principal, deployment)
    row.reference_from, row.reference_to = start, end
    await _changed(
        session, principal, row, "monitoring.reference_set", details={"from": start.isoformat(), "to": end.isoformat()}
    )
    return row


async def _changed(
    session: AsyncSession, principal: Principal, row: DeploymentMonitoring, action: str, *, details: dict
) -> None:
    """Stamp who changed a deployment's monitoring and audit it under the deployment, as its other rows are
    (raw ids as target, so servedHistory and the dossier find them)."""
    row.updated_by = principal.user_id
    row.updated_at = datetime.now(UTC)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action=action,
        target_type="Deployment",
        target_id=str(row.deployment_id),
        details=details,
    )


async def set_thresholds(
    session: AsyncSession,
    principal: Principal,
    *,
    model_id: uuid.UUID,
    psi: float,
    ks_statistic: float,
    p_value: float,
) -> ModelDriftThresholds:
    principal.require(Permission.SET_STAGE)
    model = await registry.model_in_tenant(session, principal.tenant_id, model_id)
    if model is None:
        raise NotFound("RegisteredModel")
    if not psi > 0:
        raise BadInput(f"`psi` is {psi}; give a positive threshold (0.2 is the usual one).", field="psi")
    if not 0 < ks_statistic <= 1:
        raise BadInput(f"`ksStatistic` is {ks_statistic}; KS's D lies in (0, 1].", field="ksStatistic")
    if not 0 < p_value < 1:
        raise BadInput(f"`pValue` is {p_value}; give a significance level in (0, 1), e.g. 0.01.", field="pValue")
    row = await repository.thresholds_of(session, model.id, lock=True)
    if row is None:
        row = ModelDriftThresholds(model_id=model.id, tenant_id=model.tenant_id)
        session.add(row)
    row.psi, row.ks_statistic, row.p_value = psi, ks_statistic, p_value
    row.updated_by = principal.user_id
    row.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="monitoring.thresholds_set",
        target_type="RegisteredModel",
        target_id=str(model.id),
        details={"psi": psi, "ksStatistic": ks_statistic, "pValue": p_value},
    )
    return row


async def thresholds(session: AsyncSession, model_id: uuid.UUID) -> Thresholds:
    row = await repository.thresholds_of(session, model_id)
    if row is None:
        return DEFAULT_THRESHOLDS
    return Thresholds(psi=row.psi, ks_statistic=row.ks_statistic, p_value=row.p_value)


async def get_alert(session: AsyncSession, principal: Principal, alert_id: uuid.UUID) -> DriftAlert:
    principal.require(Permission.READ_DEPLOYMENTS)
    found = await repository.alert_in_tenant(session, principal.tenant_id, alert_id)
    if found is None:
        raise NotFound("Alert")
    return found


async def list_alerts(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    deployment_id: uuid.UUID | None,
    status: str | None,
) -> Page[DriftAlert]:
    if deployment_id is not None:
        await deployment_in_tenant(session, principal, deployment_id)
    principal.require(Permission.READ_DEPLOYMENTS)
    rows = await repository.page_alerts(
        session,
        principal.tenant_id,
        deployment_id=deployment_id,
        status=status,
        after=str(page.after) if page.after is not None else None,
        limit=page.first + 1,
    )
    return page.page_of(rows, time_key)


async def acknowledge(session: AsyncSession, principal: Principal, alert_id: uuid.UUID) -> DriftAlert:
    """Mark the alert seen (it stays OPEN until the drift is gone); a second acknowledgement is a CONFLICT."""
    principal.require(Permission.READ_DEPLOYMENTS)
    alert = await repository.alert_in_tenant(session, principal.tenant_id, alert_id, lock=True)
    if alert is None:
        raise NotFound("Alert")
    principal.require(Permission.SET_STAGE)
    if alert.acknowledged_at is not None:
        raise Conflict(f"This alert was acknowledged at {alert.acknowledged_at.isoformat()}; nothing to do.")
    alert.acknowledged_at = datetime.now(UTC)
    alert.acknowledged_by = principal.user_id
    await session.flush()
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="monitoring.alert_acknowledged",
        target_type="Alert",
        target_id=str(alert.id),
        details={"feature": alert.feature},
    )
    await publish(session, tenant_id=alert.tenant_id, topic=TOPIC, id=str(alert.id))
    return alert
