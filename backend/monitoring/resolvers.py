"""GraphQL entry points of monitoring: translate, call the service, map nothing else."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.connection import Connection
from backend.api.live import changes
from backend.events.publish import Event
from backend.kit import ids
from backend.kit.pagination import PageRequest
from backend.monitoring import report as reports
from backend.monitoring import service
from backend.monitoring.types import AlertNode, AlertStatus, DriftThresholds, MonitoringReport, PayloadLogging


@strawberry.type
class MonitoringQuery:
    @strawberry.field(
        description="Drift per feature (PSI, KS, chi-square over time; live vs reference histograms) and latency "
        "and error rate per version, over [from, to) (at most 31 days)."
    )
    async def monitoring_report(
        self,
        info: strawberry.Info,
        deployment_id: strawberry.ID,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> MonitoringReport:
        ctx = info.context
        found = await reports.report(
            ctx.session, ctx.viewer, deployment_id=ids.decode("Deployment", deployment_id), start=from_, end=to
        )
        return MonitoringReport.of(found)

    @strawberry.field(description="Drift alerts newest first, of one deployment or all, OPEN or CLOSED or both.")
    async def alerts(
        self,
        info: strawberry.Info,
        deployment_id: strawberry.ID | None = None,
        status: AlertStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AlertNode]:
        ctx = info.context
        page = await service.list_alerts(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            deployment_id=ids.decode("Deployment", deployment_id) if deployment_id is not None else None,
            status=status.value if status is not None else None,
        )
        return Connection.from_page(page, AlertNode.from_row)


@strawberry.type
class MonitoringMutation:
    @strawberry.mutation(
        description="Log this share (0-100 %) of the deployment's requests: inputs, outputs, latency, version, "
        "request id. 0 stops. The model server applies it within SLIPWAY_PAYLOAD_TARGETS_SECONDS."
    )
    async def set_payload_logging(
        self, info: strawberry.Info, deployment_id: strawberry.ID, sample_percent: float
    ) -> PayloadLogging:
        ctx = info.context
        row = await service.set_payload_logging(
            ctx.session,
            ctx.viewer,
            deployment_id=ids.decode("Deployment", deployment_id),
            sample_percent=sample_percent,
        )
        return PayloadLogging.from_row(row)

    @strawberry.mutation(
        description="Compare the deployment's live traffic with what its endpoint received in [from, to) "
        "(logged traffic; at most 31 days, already over)."
    )
    async def set_drift_reference(
        self,
        info: strawberry.Info,
        deployment_id: strawberry.ID,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> PayloadLogging:
        ctx = info.context
        row = await service.set_reference(
            ctx.session, ctx.viewer, deployment_id=ids.decode("Deployment", deployment_id), start=from_, end=to
        )
        return PayloadLogging.from_row(row)

    @strawberry.mutation(description="The model's drift thresholds (defaults: PSI 0.2, KS 0.1, p-value 0.01).")
    async def set_drift_thresholds(
        self, info: strawberry.Info, model_id: strawberry.ID, psi: float, ks_statistic: float, p_value: float
    ) -> DriftThresholds:
        ctx = info.context
        row = await service.set_thresholds(
            ctx.session,
            ctx.viewer,
            model_id=ids.decode("Model", model_id),
            psi=psi,
            ks_statistic=ks_statistic,
            p_value=p_value,
        )
        return DriftThresholds(psi=row.psi, ks_statistic=row.ks_statistic, p_value=row.p_value)

    @strawberry.mutation(description="Mark a drift alert as seen; it stays OPEN until the drift is gone.")
    async def acknowledge_alert(self, info: strawberry.Info, id: strawberry.ID) -> AlertNode:
        ctx = info.context
        return AlertNode.from_row(await service.acknowledge(ctx.session, ctx.viewer, ids.decode("Alert", id)))


@strawberry.type
class MonitoringSubscription:
    @strawberry.subscription(description="Drift alerts of the deployment as they open, close or are acknowledged.")
    async def alert_updated(
        self, info: strawberry.Info, deployment_id: strawberry.ID
    ) -> AsyncGenerator[AlertNode, None]:
        ctx = info.context
        deployment = ids.decode("Deployment", deployment_id)

        async def check(session: AsyncSession) -> None:
            await service.deployment_in_tenant(session, ctx.viewer, deployment)

        async def load(session: AsyncSession, event: Event) -> AlertNode | None:
            row = await service.get_alert(session, ctx.viewer, uuid.UUID(event.id))
            return AlertNode.from_row(row) if row.deployment_id == deployment else None

        return changes(ctx, topic=service.TOPIC, load=load, check=check)
