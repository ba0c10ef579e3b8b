"""GraphQL entry points of the deployments area: translate, call the service, map nothing else."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.connection import Connection
from backend.api.live import changes, follow
from backend.deployments import history, lifecycle, service, stages, transitions
from backend.deployments.types import (
    ActiveModelsNode,
    DeploymentNode,
    DeploymentStatus,
    DeployModelVersionInput,
    Environment,
    ModelStage,
    ServedInterval,
)
from backend.events.publish import Event
from backend.kit import ids
from backend.registry.types import ModelVersionRef, version_node


@strawberry.type
class DeploymentsQuery:
    @strawberry.field
    async def deployment(self, info: strawberry.Info, id: strawberry.ID) -> DeploymentNode:
        ctx = info.context
        return DeploymentNode.from_row(await service.get(ctx.session, ctx.viewer, ids.decode("Deployment", id)))

    @strawberry.field(description="Deployments newest first; filter by model, environment or status.")
    async def deployments(
        self,
        info: strawberry.Info,
        model_id: strawberry.ID | None = None,
        environment: Environment | None = None,
        status: DeploymentStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[DeploymentNode]:
        ctx = info.context
        from backend.kit.pagination import PageRequest

        page = await service.list_deployments(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            model_id=ids.decode("Model", model_id) if model_id is not None else None,
            environment=environment,
            status=status,
        )
        return Connection.from_page(page, DeploymentNode.from_row)

    @strawberry.field(
        description="What served an endpoint (`<model>-production` or `<model>-staging`) from `from` to `to`: "
        "each interval's versions and shares, the timeline events that began it and the audit rows behind them."
    )
    async def served_history(
        self,
        info: strawberry.Info,
        endpoint: str,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> list[ServedInterval]:
        ctx = info.context
        found = await history.served_history(ctx.session, ctx.viewer, endpoint=endpoint, start=from_, end=to)
        return [ServedInterval.of(i) for i in found]

    @strawberry.field(
        description="Where to send requests for a model: production (with a running canary's "
        "split), staging, and the shadow versions beside production."
    )
    async def active_models(self, info: strawberry.Info, model_name: str) -> ActiveModelsNode:
        ctx = info.context
        found = await stages.active_models(
            ctx.session, ctx.viewer, model_name=model_name, base_url=ctx.state.settings.model_server_public_url
        )
        return ActiveModelsNode.of(found)


@strawberry.type
class DeploymentsMutation:
    @strawberry.mutation(
        description="Roll a version out to staging (VALIDATED or later; ml_engineer, admin) or "
        "production (admin; only when every promotion gate passes, see `promotionGates`: otherwise a CONFLICT "
        "whose `extensions.failedGates` lists each failed gate with its reason). Watch `deploymentUpdated`."
    )
    async def deploy_model_version(self, info: strawberry.Info, input: DeployModelVersionInput) -> DeploymentNode:
        ctx = info.context
        row = await service.deploy(
            ctx.session,
            ctx.viewer,
            ctx.state.settings,
            version_id=ids.decode("ModelVersion", input.version_id),
            environment=input.environment,
            strategy=input.strategy,
            steps=input.canary_steps,
            promotion=ctx.promotion_check,
        )
        return DeploymentNode.from_row(row)

    @strawberry.mutation(description="Go back to the version that was LIVE before (a running rollout stops).")
    async def rollback_deployment(self, info: strawberry.Info, id: strawberry.ID, reason: str = "") -> DeploymentNode:
        ctx = info.context
        row = await service.rollback(ctx.session, ctx.viewer, ids.decode("Deployment", id), reason=reason)
        return DeploymentNode.from_row(row)

    @strawberry.mutation(description="Take a LIVE deployment's endpoint away and unload its version.")
    async def retire_deployment(self, info: strawberry.Info, id: strawberry.ID) -> DeploymentNode:
        ctx = info.context
        return DeploymentNode.from_row(await service.retire(ctx.session, ctx.viewer, ids.decode("Deployment", id)))

    @strawberry.mutation(
        description="SHADOW runs the version beside production (copies of its requests, answers "
        "never returned); NONE or ARCHIVED takes it out."
    )
    async def set_model_version_stage(
        self, info: strawberry.Info, version_id: strawberry.ID, stage: ModelStage
    ) -> ModelVersionRef:
        ctx = info.context
        row = await stages.set_stage(ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id), stage)
        return version_node(row)


@strawberry.type
class DeploymentsSubscription:
    @strawberry.subscription(description="The deployment now, then after each change until it is final.")
    async def deployment_updated(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> AsyncGenerator[DeploymentNode, None]:
        ctx = info.context
        deployment_id = ids.decode("Deployment", id)

        async def load(session: AsyncSession) -> DeploymentNode:
            return DeploymentNode.from_row(await service.get(session, ctx.viewer, deployment_id))

        return follow(
            ctx,
            topic=transitions.TOPIC,
            id=deployment_id,
            load=load,
            final=lambda node: lifecycle.is_final(node.row.status),
        )

    @strawberry.subscription(description="Any deployment of the model, each time one changes.")
    async def deployments_changed(
        self, info: strawberry.Info, model_id: strawberry.ID
    ) -> AsyncGenerator[DeploymentNode, None]:
        ctx = info.context
        model = ids.decode("Model", model_id)

        async def check(session: AsyncSession) -> None:
            from backend.registry import service as registry

            await registry.get_model(session, ctx.viewer, model)

        async def load(session: AsyncSession, event: Event) -> DeploymentNode | None:
            row = await service.get(session, ctx.viewer, uuid.UUID(event.id))
            return DeploymentNode.from_row(row) if row.model_id == model else None

        return changes(ctx, topic=transitions.TOPIC, load=load, check=check)
