"""Batch loads for the labels area, used by the per-request DataLoaders."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from backend.identity.models import User
from backend.kit.db import SessionSource
from backend.labels import repository
from backend.labels.models import Label


class LabelsLoaders:
    """One query per kind for nested case fields, whatever the number of cases in a page."""

    def __init__(self, session: SessionSource) -> None:
        async def labels(ids: list[uuid.UUID]) -> list[Label | None]:
            found = await repository.labels_by_id(session(), ids)
            return [found.get(i) for i in ids]

        async def history(case_ids: list[uuid.UUID]) -> list[list[tuple[Label, User | None]]]:
            found = await repository.labels_of_cases(session(), case_ids)
            return [found[i] for i in case_ids]

        self.label = DataLoader[uuid.UUID, Label | None](load_fn=labels)
        # Each version with its author, who then needs no query of the user loader's own.
        self.history = DataLoader[uuid.UUID, list[tuple[Label, User | None]]](load_fn=history)
