"""Batch loads for governance's nested fields."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.dataloader import DataLoader

from backend.governance import repository
from backend.governance.models import SecurityFinding
from backend.kit.db import SessionSource


class GovernanceLoaders:
    def __init__(self, session: SessionSource) -> None:
        async def findings_of_version(ids: list[uuid.UUID]) -> list[list[SecurityFinding]]:
            grouped: dict[uuid.UUID, list[SecurityFinding]] = defaultdict(list)
            for row in await repository.findings_of(session(), ids):
                grouped[row.version_id].append(row)
            return [grouped[i] for i in ids]

        self.findings_of_version = DataLoader[uuid.UUID, list[SecurityFinding]](load_fn=findings_of_version)
