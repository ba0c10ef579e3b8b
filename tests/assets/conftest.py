"""The assets tests' fixture: an asset with six hours of random samples. Helpers: tests/support/assets.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.assets import T0, LoadedAsset, load_random, make_asset, series_of


@pytest.fixture
async def loaded(tenant, sessionmaker) -> LoadedAsset:
    """An asset of `tenant` with three tags of random irregular samples over six hours."""
    asset_id, tag_ids = await make_asset(tenant, ["flow", "pressure", "vibration"])
    series = await series_of(sessionmaker, tag_ids)
    rows = await load_random(sessionmaker, series)
    return LoadedAsset(asset_id, series, T0, T0 + timedelta(hours=6), rows, tag_ids)
