"""Assets made through the API, random samples loaded the one way samples are written (the bulk loader), and
waiting for exports."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import text

from backend.assets.loading import load_samples
from backend.assets.samples_repository import SeriesChunk
from backend.identity.roles import Role
from backend.kit import ids

CREATE_ASSET = "mutation($input: CreateAssetInput!) { createAsset(input: $input) { id name site kind } }"
CREATE_TAG = "mutation($input: CreateTagInput!) { createTag(input: $input) { id name unit } }"
EXPORT = """
mutation Export($assetId: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $key: String!) {
  exportHistory(assetId: $assetId, from: $from, to: $to, tags: $tags, idempotencyKey: $key) {
    id status progress rowCount sizeBytes sha256 error downloadUrl
  }
}"""
EXPORT_STATE = """
query ExportState($id: ID!) {
  historyExport(id: $id) { id status progress rowCount sizeBytes sha256 error downloadUrl attempts }
}"""
# Random data lives here: far from the demo's "last seven days", and not minute aligned.
T0 = datetime(2026, 3, 1, 5, 17, 23, tzinfo=UTC)


@dataclass
class LoadedAsset:
    id: str
    series: dict[str, int]  # tag name -> series id
    start: datetime
    end: datetime
    rows: int = 0
    tag_ids: dict[str, str] = field(default_factory=dict)


async def make_asset(tenant: Any, tag_names: list[str], name: str = "pump") -> tuple[str, dict[str, str]]:
    admin = tenant.client(Role.ADMIN)
    asset = (await admin.execute(CREATE_ASSET, {"input": {"name": name, "site": "Plant 7", "kind": "pump"}})).ok()
    asset_id = asset["createAsset"]["id"]
    tag_ids = {}
    for tag in tag_names:
        created = (await admin.execute(CREATE_TAG, {"input": {"assetId": asset_id, "name": tag, "unit": "u"}})).ok()
        tag_ids[tag] = created["createTag"]["id"]
    return asset_id, tag_ids


async def series_of(sessionmaker: Any, tag_ids: dict[str, str]) -> dict[str, int]:
    async with sessionmaker() as session:
        found = {}
        for name, gid in tag_ids.items():
            found[name] = await session.scalar(
                text("SELECT series_id FROM tags WHERE id = :i"), {"i": ids.decode("Tag", gid)}
            )
        return found


def random_chunk(
    series_id: int, start: datetime, seconds: int, rng: np.random.Generator, density: float = 0.8
) -> SeriesChunk:
    """Irregular samples: about `density` per second with sub-second jitter and gaps, random values."""
    slots = np.flatnonzero(rng.random(seconds) < density)
    epoch = start.timestamp() + slots + np.round(rng.random(len(slots)) * 0.9, 3)
    values = np.round(rng.normal(50, 20, len(slots)), 6)
    quality = (rng.random(len(slots)) < 0.02).astype(np.int16) * 2
    return SeriesChunk(series_id, epoch, values, quality)


async def load_random(
    sessionmaker: Any,
    series: dict[str, int],
    *,
    start: datetime = T0,
    seconds: int = 6 * 3600,
    seed: int = 7,
    density: float = 0.8,
) -> int:
    rng = np.random.default_rng(seed)
    chunks = [random_chunk(sid, start, seconds, rng, density) for sid in series.values()]
    return await load_samples(sessionmaker, chunks, start=start, end=start + timedelta(seconds=seconds))


async def wait_export(
    client: Any, export_id: str, until: tuple[str, ...] = ("SUCCEEDED", "FAILED"), timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state = (await client.execute(EXPORT_STATE, {"id": export_id})).ok()["historyExport"]
        if state["status"] in until:
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"export still {state['status']} after {timeout} s: {state}")
        await asyncio.sleep(0.2)


def iso(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")
