"""Which object keys rows point at: the one query that reads the key columns of every area.

Storage housekeeping asks it before deleting anything, so an area that starts storing objects adds its key
columns here (and its key layout to housekeeping.OWNED).
"""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets.models import HistoryExport
from backend.labels.models import Case, Label
from backend.registry.models import ModelVersion


async def referenced_keys(session: AsyncSession, keys: list[str]) -> set[str]:
    """The keys among `keys` (one listing page) that some row holds."""
    return set(
        await session.scalars(
            union(
                select(ModelVersion.s3_key).where(ModelVersion.s3_key.in_(keys)),
                select(HistoryExport.object_key).where(HistoryExport.object_key.in_(keys)),
                select(Case.image_key).where(Case.image_key.in_(keys)),
                select(Label.mask_key).where(Label.mask_key.in_(keys)),
                select(Label.old_mask_key).where(Label.old_mask_key.in_(keys)),
            )
        )
    )
