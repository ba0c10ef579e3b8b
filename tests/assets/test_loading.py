"""The bulk loader: rollups computed with numpy for fresh series equal the ones SQL computes."""

from __future__ import annotations

import numpy as np
from sqlalchemy import text

from backend.assets.loading import load_samples
from backend.assets.samples_repository import SeriesChunk
from tests.support.assets import T0, make_asset, random_chunk, series_of

ROLLUPS = text(
    "SELECT bucket, min, max, sum, count, last, last_ts FROM samples_1m WHERE series_id = :s ORDER BY bucket"
)


async def test_numpy_rollups_of_a_fresh_series_equal_the_sql_ones(tenant, sessionmaker) -> None:
    _, tag_ids = await make_asset(tenant, ["numpy", "sql"])
    series = await series_of(sessionmaker, tag_ids)
    chunk = random_chunk(0, T0, 4 * 3600, np.random.default_rng(3), density=0.6)
    # The same samples, shuffled for the numpy path: it must not rely on time order.
    order = np.random.default_rng(4).permutation(len(chunk.values))
    shuffled = SeriesChunk(series["numpy"], chunk.epoch_seconds[order], chunk.values[order], chunk.quality[order])
    end = T0.replace(hour=T0.hour + 4)
    await load_samples(sessionmaker, [shuffled], start=T0, end=end, fresh=True)
    await load_samples(
        sessionmaker, [SeriesChunk(series["sql"], chunk.epoch_seconds, chunk.values, chunk.quality)], start=T0, end=end
    )
    async with sessionmaker() as session:
        by_numpy = (await session.execute(ROLLUPS, {"s": series["numpy"]})).all()
        by_sql = (await session.execute(ROLLUPS, {"s": series["sql"]})).all()
    assert len(by_numpy) == len(by_sql) == 241  # four hours from 05:17:23 touch 241 minutes
    for mine, theirs in zip(by_numpy, by_sql, strict=True):
        assert (mine.bucket, mine.min, mine.max, mine.count, mine.last, mine.last_ts) == (
            theirs.bucket,
            theirs.min,
            theirs.max,
            theirs.count,
            theirs.last,
            theirs.last_ts,
        )
        assert np.isclose(mine.sum, theirs.sum, rtol=1e-12)
