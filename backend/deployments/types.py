"""GraphQL types of deployments, their timelines and the active endpoints of a model.

Also the deployment fields of the schema's ModelVersion and Model: mixins that backend/api/types.py composes
with the registry's fields, so the registry (upstream) never imports this area.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.audit.types import AuditEntryNode
from backend.deployments import history, lifecycle, permissions, stages
from backend.deployments.models import Deployment, DeploymentEvent
from backend.deployments.stages import Endpoint
from backend.identity.roles import Permission
from backend.identity.types import UserNode
from backend.kit import ids
from backend.registry.models import ModelVersion, RegisteredModel
from backend.registry.types import ModelRef, ModelVersionRef, model_node, version_node

# strawberry.enum registers the GraphQL name on the domain enum itself; annotating with that class keeps
# mypy's view of the fields right (an assignment from a call is not a type to it).
strawberry.enum(
    lifecycle.Environment,
    name="Environment",
    description="Where a deployment serves: each has its own endpoint per model.",
)
strawberry.enum(lifecycle.Strategy, name="RolloutStrategy", description="How traffic moves to the new version.")
strawberry.enum(
    lifecycle.DeploymentStatus, name="DeploymentStatus", description="Where a deployment is in its rollout."
)
strawberry.enum(
    lifecycle.Stage,
    name="ModelStage",
    description="Where a version runs: STAGING and PRODUCTION follow its LIVE deployments, "
    "SHADOW and ARCHIVED are set with `setModelVersionStage`.",
)
Environment = lifecycle.Environment
RolloutStrategy = lifecycle.Strategy
DeploymentStatus = lifecycle.DeploymentStatus
ModelStage = lifecycle.Stage


@strawberry.type(name="DeploymentEvent", description="One step of a deployment's timeline.")
class DeploymentEventNode:
    at: datetime
    status: DeploymentStatus
    traffic_percent: int
    message: str

    @classmethod
    def from_row(cls, row: DeploymentEvent) -> DeploymentEventNode:
        return cls(
            at=row.at,
            status=lifecycle.DeploymentStatus(row.status),
            traffic_percent=row.traffic_percent,
            message=row.message,
        )


@strawberry.type(name="Deployment", description="One version rolled out to one environment, and where that stands.")
class DeploymentNode:
    id: strawberry.ID
    environment: Environment
    strategy: RolloutStrategy
    status: DeploymentStatus
    canary_steps: list[int]
    traffic_percent: int = strawberry.field(description="Share of the environment's traffic it gets now.")
    message: str = strawberry.field(description="What is happening, or why it FAILED / was ROLLED_BACK.")
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[Deployment]

    @classmethod
    def from_row(cls, row: Deployment) -> DeploymentNode:
        return cls(
            id=strawberry.ID(ids.encode("Deployment", row.id)),
            environment=lifecycle.Environment(row.environment),
            strategy=lifecycle.Strategy(row.strategy),
            status=lifecycle.DeploymentStatus(row.status),
            canary_steps=list(row.canary_steps or []),
            traffic_percent=row.traffic_percent,
            message=row.message,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="The Open Inference Protocol URL of the environment's endpoint, once LIVE.")
    def endpoint_url(self) -> str | None:
        return self.row.endpoint_url if self.row.status == lifecycle.DeploymentStatus.LIVE.value else None

    @strawberry.field
    async def model(self, info: strawberry.Info) -> ModelRef:
        return model_node(await info.context.loaders.registry.model.load(self.row.model_id))

    @strawberry.field
    async def version(self, info: strawberry.Info) -> ModelVersionRef:
        return version_node(await info.context.loaders.registry.version.load(self.row.version_id))

    @strawberry.field
    async def created_by(self, info: strawberry.Info) -> UserNode | None:
        user = await info.context.loaders.identity.user.load(self.row.created_by)
        return UserNode.from_row(user) if user else None

    @strawberry.field(description="The deployment this one replaced (rollback goes back to it).")
    async def previous(self, info: strawberry.Info) -> DeploymentNode | None:
        if self.row.previous_id is None:
            return None
        row = await info.context.loaders.deployments.deployment.load(self.row.previous_id)
        return DeploymentNode.from_row(row) if row else None

    @strawberry.field(description="The timeline, oldest first.")
    async def events(self, info: strawberry.Info) -> list[DeploymentEventNode]:
        return [
            DeploymentEventNode.from_row(e) for e in await info.context.loaders.deployments.events.load(self.row.id)
        ]

    @strawberry.field
    def viewer_can_rollback(self, info: strawberry.Info) -> bool:
        return permissions.can_rollback(info.context.viewer, self.row)

    @strawberry.field
    def viewer_can_retire(self, info: strawberry.Info) -> bool:
        return permissions.can_retire(info.context.viewer, self.row)


@strawberry.type(description="One version's share of an endpoint's traffic during an interval.")
class ServedShare:
    percent: int
    share: strawberry.Private[history.Share]

    @strawberry.field
    async def version(self, info: strawberry.Info) -> ModelVersionRef:
        return version_node(await info.context.loaders.registry.version.load(self.share.version_id))

    @strawberry.field(description="The deployment that put this version there.")
    async def deployment(self, info: strawberry.Info) -> DeploymentNode:
        row = await info.context.loaders.deployments.deployment.load(self.share.deployment_id)
        if row is None:  # its events reference it (ON DELETE CASCADE): gone only with them
            raise LookupError(f"deployment {self.share.deployment_id} is missing")
        return DeploymentNode.from_row(row)


@strawberry.type(
    description="From `start` until `end` (null: still so) the endpoint split its traffic over `shares`; "
    "no shares: it had no route and answered 404."
)
class ServedInterval:
    start: datetime
    end: datetime | None
    shares: list[ServedShare]
    change: list[DeploymentEventNode] = strawberry.field(
        description="The timeline events of the transaction that began the interval."
    )
    interval: strawberry.Private[history.Interval]

    @classmethod
    def of(cls, interval: history.Interval) -> ServedInterval:
        return cls(
            start=interval.start,
            end=interval.end,
            shares=[ServedShare(percent=s.percent, share=s) for s in interval.shares],
            change=[DeploymentEventNode.from_row(e) for e in interval.change],
            interval=interval,
        )

    @strawberry.field(
        description="The audit rows behind the change: the requests for the deployments that moved and the "
        "approvals of the versions served (admins; empty for other roles)."
    )
    def audit_entries(self) -> list[AuditEntryNode]:
        return [AuditEntryNode.from_row(r) for r in self.interval.audit]


@strawberry.type(description="Where an orchestrator sends requests for one environment or shadow of a model.")
class ActiveEndpoint:
    endpoint_url: str
    traffic_percent: int = strawberry.field(description="Share of the endpoint's traffic this version answers.")
    endpoint: strawberry.Private[Endpoint]

    @strawberry.field
    def version(self) -> ModelVersionRef:
        return version_node(self.endpoint.version)

    @strawberry.field
    def version_number(self) -> int:
        return self.endpoint.version.version

    @strawberry.field
    def deployment(self) -> DeploymentNode | None:
        return DeploymentNode.from_row(self.endpoint.deployment) if self.endpoint.deployment else None

    @strawberry.field(description="While a canary runs: the new version and its share of this endpoint.")
    def canary(self) -> ActiveEndpoint | None:
        return ActiveEndpoint.of_optional(self.endpoint.canary)

    @classmethod
    def of(cls, endpoint: Endpoint) -> ActiveEndpoint:
        return cls(endpoint_url=endpoint.url, traffic_percent=endpoint.traffic_percent, endpoint=endpoint)

    @classmethod
    def of_optional(cls, endpoint: Endpoint | None) -> ActiveEndpoint | None:
        return cls.of(endpoint) if endpoint is not None else None


@strawberry.type(
    name="ActiveModels", description="The endpoints of a model: production, staging, and the shadows beside production."
)
class ActiveModelsNode:
    model_name: str
    production: ActiveEndpoint | None
    staging: ActiveEndpoint | None
    shadows: list[ActiveEndpoint] = strawberry.field(
        description="Versions that see copies of production's requests and never answer them; call them with the "
        "same inputs and keep their results apart."
    )

    @classmethod
    def of(cls, found: stages.ActiveModels) -> ActiveModelsNode:
        return cls(
            model_name=found.model.name,
            production=ActiveEndpoint.of_optional(found.production),
            staging=ActiveEndpoint.of_optional(found.staging),
            shadows=[ActiveEndpoint.of(s) for s in found.shadows],
        )


def _readable(info: strawberry.Info) -> bool:
    return info.context.viewer.can(Permission.READ_DEPLOYMENTS)


@strawberry.type
class VersionDeploymentFields:
    """Where a model version runs, and what the viewer may do about it: part of the schema's ModelVersion."""

    row: strawberry.Private[ModelVersion]

    @strawberry.field(description="Where the version runs now (per its LIVE deployments, or SHADOW / ARCHIVED).")
    async def stage(self, info: strawberry.Info) -> ModelStage:
        return await info.context.loaders.deployments.stage.load(self.row.id)

    @strawberry.field(description="Deployments of this version, newest first.")
    async def deployments(self, info: strawberry.Info) -> list[DeploymentNode]:
        if not _readable(info):
            return []
        return [DeploymentNode.from_row(r) for r in await info.context.loaders.deployments.of_version.load(self.row.id)]

    @strawberry.field
    def viewer_can_deploy_staging(self, info: strawberry.Info) -> bool:
        return permissions.can_deploy_staging(info.context.viewer, self.row)

    @strawberry.field
    async def viewer_can_deploy_production(self, info: strawberry.Info) -> bool:
        viewer = info.context.viewer
        if not viewer.can(Permission.DEPLOY_PRODUCTION):
            return False
        rows = await info.context.loaders.deployments.of_version.load(self.row.id)
        live_in_staging = any(r.environment == lifecycle.Environment.STAGING.value and r.status == "LIVE" for r in rows)
        return permissions.can_deploy_production(viewer, self.row, live_in_staging=live_in_staging)

    @strawberry.field
    async def viewer_can_set_stage(self, info: strawberry.Info) -> bool:
        # True when the viewer can take the version out of shadow, or move it into a shadow that
        # `setModelVersionStage` accepts.
        if not permissions.can_set_stage(info.context.viewer, self.row):
            return False
        if await info.context.loaders.deployments.stage.load(self.row.id) is lifecycle.Stage.SHADOW:
            return True
        # A shadow runs beside a LIVE production version other than itself; without one the button would only fail.
        rows = await info.context.loaders.deployments.of_model.load(self.row.model_id)
        production = next(
            (r for r in rows if r.environment == lifecycle.Environment.PRODUCTION.value and r.status == "LIVE"), None
        )
        return production is not None and production.version_id != self.row.id


@strawberry.type
class ModelDeploymentFields:
    """The deployments of a model: part of the schema's Model."""

    row: strawberry.Private[RegisteredModel]

    @strawberry.field(description="Deployments of any version of this model, newest first.")
    async def deployments(self, info: strawberry.Info) -> list[DeploymentNode]:
        if not _readable(info):
            return []
        return [DeploymentNode.from_row(r) for r in await info.context.loaders.deployments.of_model.load(self.row.id)]


@strawberry.input
class DeployModelVersionInput:
    version_id: strawberry.ID
    environment: Environment
    strategy: RolloutStrategy = lifecycle.Strategy.DIRECT
    canary_steps: list[int] | None = strawberry.field(
        default=None,
        description="CANARY only: increasing traffic percentages; 100 is added when missing. "
        "Default from settings (e.g. [10, 50, 100]).",
    )
