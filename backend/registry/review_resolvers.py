"""GraphQL entry points of promotion policies and card corrections (composed into Query and Mutation)."""

from __future__ import annotations

import strawberry

from backend.kit import ids
from backend.registry import card, policies
from backend.registry.review_types import PromotionPolicyInput, PromotionPolicyNode
from backend.registry.types import ModelCardInput, ModelVersionRef, version_node


def _model(value: strawberry.ID | None):
    return ids.decode("Model", value) if value is not None else None


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description="The promotion policy a model's versions follow (its own, else the tenant default, else the "
        "built-in one); without `modelId`, the tenant default."
    )
    async def promotion_policy(
        self, info: strawberry.Info, model_id: strawberry.ID | None = None
    ) -> PromotionPolicyNode:
        ctx = info.context
        model = _model(model_id)
        found = await policies.read(ctx.session, ctx.viewer, model)
        return PromotionPolicyNode.of(found, model_id=model if found.source == "MODEL" else None, viewer=ctx.viewer)


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(
        description="Write the tenant default policy (no `modelId`) or a model's own (admins; audited). Pending "
        "requests keep the approver count they were submitted under; gates apply from now on."
    )
    async def set_promotion_policy(
        self, info: strawberry.Info, input: PromotionPolicyInput, model_id: strawberry.ID | None = None
    ) -> PromotionPolicyNode:
        ctx = info.context
        model = _model(model_id)
        saved = await policies.save(ctx.session, ctx.viewer, model, input.to_policy())
        return PromotionPolicyNode.of(saved, model_id=model, viewer=ctx.viewer)

    @strawberry.mutation(description="Drop a model's own policy: the tenant default applies again (admins; audited).")
    async def clear_promotion_policy(self, info: strawberry.Info, model_id: strawberry.ID) -> PromotionPolicyNode:
        ctx = info.context
        found = await policies.remove(ctx.session, ctx.viewer, ids.decode("Model", model_id))
        return PromotionPolicyNode.of(found, model_id=None, viewer=ctx.viewer)

    @strawberry.mutation(
        description="Correct an APPROVED card: a new card revision, and the version goes back to VALIDATED until "
        "the corrected card is approved (LIVE deployments keep serving)."
    )
    async def revise_model_card(
        self, info: strawberry.Info, version_id: strawberry.ID, input: ModelCardInput, reason: str
    ) -> ModelVersionRef:
        ctx = info.context
        row = await card.revise_card(
            ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id), input.to_edit(), reason=reason
        )
        return version_node(row)
