"""The one Strawberry schema, assembled from each area's resolvers."""

from __future__ import annotations

import strawberry
from strawberry.extensions import DisableIntrospection, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from backend.api.extensions import ErrorCodes, UnitOfWork
from backend.audit.resolvers import AuditQuery
from backend.config import Settings
from backend.diagnostics.resolvers import DiagnosticsMutation, DiagnosticsQuery, DiagnosticsSubscription
from backend.identity.resolvers import IdentityMutation, IdentityQuery


@strawberry.type
class Query(IdentityQuery, AuditQuery, DiagnosticsQuery):
    pass


@strawberry.type
class Mutation(IdentityMutation, DiagnosticsMutation):
    pass


@strawberry.type
class Subscription(DiagnosticsSubscription):
    pass


class SlipwaySchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # noqa: ANN001
        # ErrorCodes logs the unexpected ones with their request id; the rest are the caller's.
        return None


def build_schema(settings: Settings) -> strawberry.Schema:
    # ErrorCodes first: it wraps UnitOfWork, so a failed commit gets its code too.
    extensions: list = [
        ErrorCodes,
        UnitOfWork,
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
    ]
    if not settings.graphql_introspection:
        extensions.append(DisableIntrospection)
    return SlipwaySchema(query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions)


def schema_sdl() -> str:
    return strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription).as_str() + "\n"
