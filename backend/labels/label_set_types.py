"""GraphQL types of label sets: which saved label of each case a model was trained on."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.identity.types import UserNode
from backend.kit import ids
from backend.labels.models import LabelSet
from backend.labels.types import CaseNode, LabelNode


@strawberry.type(description="One case of a label set and the label version frozen for it.")
class LabelSetItem:
    case: CaseNode
    label: LabelNode


@strawberry.type(description="A page of a label set's items, by case.")
class LabelSetItems:
    items: list[LabelSetItem]
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page; null on the last.")


@strawberry.type(
    name="LabelSet",
    description="A frozen choice of one saved label per case, named and hashed: what a model was trained on.",
)
class LabelSetNode:
    id: strawberry.ID
    name: str
    description: str
    case_count: int
    sha256: str = strawberry.field(
        description="sha256 of the canonical JSON list of {case, label, sha256} (the mask file's), by case id."
    )
    created_at: datetime
    row: strawberry.Private[LabelSet]

    @classmethod
    def from_row(cls, row: LabelSet) -> LabelSetNode:
        return cls(
            id=strawberry.ID(ids.encode("LabelSet", row.id)),
            name=row.name,
            description=row.description,
            case_count=row.case_count,
            sha256=row.sha256,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field
    async def created_by(self, info: strawberry.Info) -> UserNode | None:
        user = await info.context.loaders.identity.user.load(self.row.created_by)
        return UserNode.from_row(user) if user else None

    @strawberry.field(description="The cases and their frozen labels, by case id, up to 500 per page.")
    async def items(self, info: strawberry.Info, first: int = 100, after: str | None = None) -> LabelSetItems:
        from backend.labels import label_sets

        ctx = info.context
        found = await label_sets.items(ctx.session, ctx.viewer, self.row, first=first, after=after)
        return LabelSetItems(
            items=[LabelSetItem(case=CaseNode.from_row(c), label=LabelNode.from_row(label)) for c, label in found],
            end_cursor=ids.encode("Case", found[-1][0].id) if len(found) == first else None,
        )
