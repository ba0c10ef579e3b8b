"""GraphQL entry points of the scoring area: translate, call the service, map nothing else."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.connection import Connection
from backend.api.live import follow
from backend.kit import ids
from backend.scoring import report as scoring_report
from backend.scoring import service as scoring
from backend.scoring.types import ScoringRunNode, ShadowReport, StartScoringRunInput


@strawberry.type
class ScoringQuery:
    @strawberry.field
    async def scoring_run(self, info: strawberry.Info, id: strawberry.ID) -> ScoringRunNode:
        ctx = info.context
        return ScoringRunNode.from_row(await scoring.get_run(ctx.session, ctx.viewer, ids.decode("ScoringRun", id)))

    @strawberry.field(description="Scoring runs newest first.")
    async def scoring_runs(
        self,
        info: strawberry.Info,
        model_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ScoringRunNode]:
        ctx = info.context
        from backend.kit.pagination import PageRequest

        page = await scoring.list_runs(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            model_id=ids.decode("Model", model_id) if model_id is not None else None,
        )
        return Connection.from_page(page, ScoringRunNode.from_row)

    @strawberry.field(description="Production next to its shadow versions: latest runs, trends, per-window chart.")
    async def shadow_report(self, info: strawberry.Info, model_name: str) -> ShadowReport:
        ctx = info.context
        found = await scoring_report.report(ctx.session, ctx.viewer, model_name=model_name)
        return ShadowReport(model_name=model_name, report=found)


@strawberry.type
class ScoringMutation:
    @strawberry.mutation(
        description="Feed windows of an asset's history to production and its shadows, and "
        "compare them. Watch `scoringRunUpdated`."
    )
    async def start_scoring_run(self, info: strawberry.Info, input: StartScoringRunInput) -> ScoringRunNode:
        ctx = info.context
        row = await scoring.start_run(
            ctx.session,
            ctx.viewer,
            ctx.state.settings,
            model_name=input.model_name,
            asset_id=ids.decode("Asset", input.asset_id),
            start=input.from_,
            end=input.to,
        )
        return ScoringRunNode.from_row(row)


@strawberry.type
class ScoringSubscription:
    @strawberry.subscription(description="The scoring run now, then after each change until it has finished.")
    async def scoring_run_updated(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> AsyncGenerator[ScoringRunNode, None]:
        ctx = info.context
        run_id = ids.decode("ScoringRun", id)

        async def load(session: AsyncSession) -> ScoringRunNode:
            return ScoringRunNode.from_row(await scoring.get_run(session, ctx.viewer, run_id))

        return follow(
            ctx, topic=scoring.TOPIC, id=run_id, load=load, final=lambda node: scoring.is_final(node.row.status)
        )
