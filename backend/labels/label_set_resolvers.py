"""GraphQL entry points of label sets: translate, call the service, map nothing else."""

from __future__ import annotations

import strawberry

from backend.api.connection import Connection
from backend.kit import ids
from backend.kit.pagination import PageRequest
from backend.labels import label_sets
from backend.labels.label_set_types import LabelSetNode


@strawberry.type
class LabelSetsQuery:
    @strawberry.field(description="A label set of your tenant.")
    async def label_set(self, info: strawberry.Info, id: strawberry.ID) -> LabelSetNode:
        ctx = info.context
        return LabelSetNode.from_row(await label_sets.get(ctx.session, ctx.viewer, ids.decode("LabelSet", id)))

    @strawberry.field(description="Label sets of your tenant, newest first.")
    async def label_sets(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None
    ) -> Connection[LabelSetNode]:
        ctx = info.context
        page = await label_sets.page(ctx.session, ctx.viewer, PageRequest.parse(first, after))
        return Connection.from_page(page, LabelSetNode.from_row)


@strawberry.type
class LabelSetsMutation:
    @strawberry.mutation(
        description="Freeze the current label of each case (every labelled case when `caseIds` is left out) "
        "under a name: the training data a model version can name in `trainedOn`. Data scientists, ML engineers, "
        "admins."
    )
    async def create_label_set(
        self,
        info: strawberry.Info,
        name: str,
        description: str = "",
        case_ids: list[strawberry.ID] | None = None,
    ) -> LabelSetNode:
        ctx = info.context
        row = await label_sets.create(
            ctx.session,
            ctx.viewer,
            name=name,
            description=description,
            case_ids=[ids.decode("Case", c) for c in case_ids] if case_ids is not None else None,
        )
        return LabelSetNode.from_row(row)

    @strawberry.mutation(
        description="Delete a label set no model version was trained on (CONFLICT otherwise). ML engineers, admins."
    )
    async def delete_label_set(self, info: strawberry.Info, id: strawberry.ID) -> strawberry.ID:
        ctx = info.context
        await label_sets.delete(ctx.session, ctx.viewer, ids.decode("LabelSet", id))
        return id
