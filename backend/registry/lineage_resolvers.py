"""GraphQL entry points of lineage: naming what a version was trained on after its upload."""

from __future__ import annotations

import strawberry

from backend.kit import ids
from backend.registry import lineage, service
from backend.registry.lineage_types import TrainingDataInput
from backend.registry.types import ModelVersionRef, version_node


@strawberry.type
class LineageMutation:
    @strawberry.mutation(
        description="Name the history exports and label sets a version was trained on (replacing what it named), "
        "until it is submitted for approval. Data scientists, ML engineers, admins."
    )
    async def set_training_data(
        self, info: strawberry.Info, version_id: strawberry.ID, trained_on: TrainingDataInput
    ) -> ModelVersionRef:
        ctx = info.context
        version = await service.get_version(ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id), lock=True)
        checked = await lineage.check(ctx.session, ctx.viewer, trained_on.to_data())
        await lineage.record(ctx.session, ctx.viewer, version, checked)
        return version_node(version)
