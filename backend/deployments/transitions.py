"""Recording a deployment's change: the row, its timeline event, the live push and the webhook, in one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments import lifecycle, repository, upstream
from backend.deployments.lifecycle import DeploymentStatus
from backend.deployments.models import Deployment, DeploymentEvent
from backend.events.publish import publish
from backend.registry.models import ModelVersion, RegisteredModel

TOPIC = "deployment"  # id: the deployment (`deploymentsChanged` filters these by model)

# Status reached -> webhook event announced.
WEBHOOK_EVENTS = {
    DeploymentStatus.ROLLING_OUT: "deployment.rolling_out",
    DeploymentStatus.LIVE: "deployment.live",
    DeploymentStatus.FAILED: "deployment.failed",
    DeploymentStatus.ROLLED_BACK: "deployment.rolled_back",
    DeploymentStatus.RETIRED: "deployment.retired",
}


async def announce(session: AsyncSession, row: Deployment) -> None:
    """Tell subscribers that it changed (delivered on commit)."""
    await publish(session, tenant_id=row.tenant_id, topic=TOPIC, id=str(row.id))


async def record(
    session: AsyncSession,
    row: Deployment,
    message: str,
    *,
    status: DeploymentStatus | None = None,
    traffic: int | None = None,
) -> None:
    """Move `row` (checked by the lifecycle), note the step on its timeline, and announce it."""
    changed = False
    if status is not None and status.value != row.status:
        lifecycle.transition(row, status)
        changed = True
    if traffic is not None:
        row.traffic_percent = traffic
    row.message = message
    row.updated_at = await repository.now(session)
    await session.flush()
    session.add(
        DeploymentEvent(
            tenant_id=row.tenant_id,
            deployment_id=row.id,
            status=row.status,
            traffic_percent=row.traffic_percent,
            message=message,
        )
    )
    await session.flush()
    await announce(session, row)
    if changed:
        await _webhook(session, row, WEBHOOK_EVENTS.get(DeploymentStatus(row.status)))


async def _webhook(session: AsyncSession, row: Deployment, event: str | None) -> None:
    if event is None:
        return
    from backend.webhooks.service import emit

    model = await upstream.model(session, row.model_id)
    version = await upstream.version(session, row.version_id)
    await emit(session, tenant_id=row.tenant_id, event=event, payload=payload(row, model, version))


def payload(row: Deployment, model: RegisteredModel, version: ModelVersion) -> dict:
    from backend.kit import ids

    return {
        "deploymentId": ids.encode("Deployment", row.id),
        "model": model.name,
        "version": version.version,
        "environment": row.environment,
        "strategy": row.strategy,
        "status": row.status,
        "trafficPercent": row.traffic_percent,
        "endpointUrl": row.endpoint_url,
        "message": row.message,
    }
