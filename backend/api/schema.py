"""The one Strawberry schema, assembled from each area's resolvers."""

from __future__ import annotations

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionResult

from backend.api.documents import DocumentCache
from backend.api.extensions import ErrorCodes, Transactional
from backend.api.input_checks import InputChecks
from backend.api.limits import ValidationRules, validation_rules
from backend.api.scalars import SCALAR_MAP
from backend.assets.resolvers import AssetsMutation, AssetsQuery, AssetsSubscription
from backend.audit.resolvers import AuditQuery
from backend.config import Settings
from backend.deployments.resolvers import DeploymentsMutation, DeploymentsQuery, DeploymentsSubscription
from backend.diagnostics.resolvers import DiagnosticsMutation, DiagnosticsQuery, DiagnosticsSubscription
from backend.governance.resolvers import GovernanceMutation, GovernanceQuery
from backend.identity.resolvers import IdentityMutation, IdentityQuery
from backend.labels.label_set_resolvers import LabelSetsMutation, LabelSetsQuery
from backend.labels.resolvers import LabelsMutation, LabelsQuery, LabelsSubscription
from backend.monitoring.resolvers import MonitoringMutation, MonitoringQuery, MonitoringSubscription
from backend.provenance.resolvers import ProvenanceQuery
from backend.registry.lineage_resolvers import LineageMutation
from backend.registry.resolvers import RegistryMutation, RegistryQuery, RegistrySubscription
from backend.registry.review_resolvers import ReviewMutation, ReviewQuery
from backend.scoring.resolvers import ScoringMutation, ScoringQuery, ScoringSubscription
from backend.webhooks.resolvers import WebhooksMutation, WebhooksQuery, WebhooksSubscription


@strawberry.type
class Query(
    IdentityQuery,
    AuditQuery,
    DiagnosticsQuery,
    AssetsQuery,
    RegistryQuery,
    ReviewQuery,
    LabelsQuery,
    LabelSetsQuery,
    DeploymentsQuery,
    ScoringQuery,
    GovernanceQuery,
    WebhooksQuery,
    MonitoringQuery,
    ProvenanceQuery,
):
    pass


@strawberry.type
class Mutation(
    IdentityMutation,
    DiagnosticsMutation,
    AssetsMutation,
    RegistryMutation,
    LineageMutation,
    ReviewMutation,
    LabelsMutation,
    LabelSetsMutation,
    DeploymentsMutation,
    ScoringMutation,
    GovernanceMutation,
    WebhooksMutation,
    MonitoringMutation,
):
    pass


@strawberry.type
class Subscription(
    DiagnosticsSubscription,
    AssetsSubscription,
    RegistrySubscription,
    LabelsSubscription,
    DeploymentsSubscription,
    ScoringSubscription,
    WebhooksSubscription,
    MonitoringSubscription,
):
    pass


class SlipwaySchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        # ErrorCodes logs the unexpected ones with their request id; the rest are the caller's.
        return None

    async def execute(self, *args, **kwargs) -> ExecutionResult:
        result = await super().execute(*args, **kwargs)
        # A parse error raised from a cached parse leaves the operation hooks before they see
        # it; give it its code here (errors that already have one are left as they are).
        ErrorCodes.map_errors(result)
        return result


def build_schema(settings: Settings) -> strawberry.Schema:
    # The limit rules are built once: stable rule classes let DocumentCache skip validating
    # a document it has seen (Strawberry's limiters would define new classes per request).
    rules = validation_rules(
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_cost=settings.graphql_max_cost,
    )
    if not settings.graphql_introspection:
        rules = (*rules, NoSchemaIntrospectionCustomRule)
    # ErrorCodes first: it wraps Transactional, so a failed commit gets its code too.
    extensions: list = [
        ErrorCodes,
        InputChecks,  # before Transactional: it refuses an operation before a unit of work is opened
        Transactional,
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ValidationRules(rules),
        DocumentCache,  # last: the rules other extensions set are in place when it validates
    ]
    return SlipwaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )


def schema_sdl() -> str:
    schema = strawberry.Schema(
        query=Query, mutation=Mutation, subscription=Subscription, config=StrawberryConfig(scalar_map=SCALAR_MAP)
    )
    return schema.as_str() + "\n"
