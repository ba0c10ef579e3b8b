"""GraphQL input of lineage: what a model version was trained on."""

from __future__ import annotations

import strawberry

from backend.kit import ids
from backend.registry.lineage import TrainingData


@strawberry.input(description="History exports and label sets a version was trained on (at most 50 together).")
class TrainingDataInput:
    export_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    label_set_ids: list[strawberry.ID] = strawberry.field(default_factory=list)

    def to_data(self) -> TrainingData:
        return TrainingData(
            export_ids=[ids.decode("HistoryExport", e) for e in self.export_ids],
            label_set_ids=[ids.decode("LabelSet", s) for s in self.label_set_ids],
        )
