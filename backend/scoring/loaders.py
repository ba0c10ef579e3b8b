"""Batch loads for scoring runs: one query per request, not one per row."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from backend.kit.db import SessionSource
from backend.scoring import repository
from backend.scoring.models import ScoringRun


class ScoringLoaders:
    """Rows are loaded by id after the resolver has checked the tenant of the parent."""

    def __init__(self, session: SessionSource) -> None:
        async def runs(ids: list[uuid.UUID]) -> list[ScoringRun | None]:
            found = await repository.runs_by_ids(session(), ids)
            return [found.get(i) for i in ids]

        self.run = DataLoader[uuid.UUID, ScoringRun | None](load_fn=runs)
