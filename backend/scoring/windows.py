"""History as model input rows: each tag averaged per window, tags in name order, one row per window.

The one convention by which an asset's tags become a model's input features. Scoring runs feed these rows
to versions; the drift job compares live inputs with the rows of the exports a version was trained on.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import samples_repository
from backend.assets.models import Tag


async def window_rows(
    session: AsyncSession, tags: list[Tag], start: datetime, end: datetime, window_seconds: int
) -> tuple[list[datetime], np.ndarray, int]:
    """(window starts, [windows, tags] averages with tags in name order, windows skipped for a missing tag).

    A window counts only when every tag has a sample in it: a model's row needs all its features.
    """
    tags = sorted(tags, key=lambda t: t.name)
    found = await samples_repository.downsample(session, [t.series_id for t in tags], start, end, window_seconds)
    per_tag = [
        dict(zip(found[t.series_id].buckets, found[t.series_id].avg, strict=True)) if t.series_id in found else {}
        for t in tags
    ]
    every = sorted(set().union(*[set(d) for d in per_tag])) if per_tag else []
    complete = [b for b in every if all(b in d and d[b] is not None for d in per_tag)]
    matrix = np.array([[d[b] for d in per_tag] for b in complete], dtype=np.float64).reshape(len(complete), len(tags))
    starts = [datetime.fromisoformat(b.replace("Z", "+00:00")) for b in complete]
    return starts, matrix, len(every) - len(complete)
