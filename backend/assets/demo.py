"""Demo assets with realistic synthetic 1 Hz signals and labelled failure episodes.

Each pump's load follows a daily cycle; flow, pressure, vibration and bearing temperature follow
the load with noise and a slow drift (wear). A few bearing failures ramp vibration and temperature
up for hours, then the pump trips (flow and pressure drop) until it is restarted; each episode is
an `events` row, so a data scientist has labels to train on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.assets import repository
from backend.assets.loading import copy_samples, prepare_partitions
from backend.assets.models import Asset, Event, Tag
from backend.assets.samples_repository import SeriesChunk
from backend.kit.db import transaction

DEMO_ASSETS = (
    ("P-101", "Rotterdam plant", "centrifugal pump", "Cooling water feed pump, line 1."),
    ("P-102", "Rotterdam plant", "centrifugal pump", "Cooling water feed pump, line 2 (standby duty)."),
    ("C-201", "Antwerp terminal", "compressor", "Instrument air compressor."),
)
# (name, unit, description): the first four are the classic pump signals; more tags repeat them.
SIGNALS = (
    ("vibration", "mm/s", "Bearing housing vibration velocity, RMS."),
    ("bearing_temp", "degC", "Drive-end bearing temperature."),
    ("pressure", "bar", "Discharge pressure."),
    ("flow", "m3/h", "Volumetric flow."),
)
FAILURE_RAMP = timedelta(hours=3)
TRIP = timedelta(hours=1)


@dataclass(frozen=True)
class Episode:
    starts_at: datetime  # the ramp starts
    trip_at: datetime
    ends_at: datetime  # restarted


def tag_specs(count: int) -> list[tuple[str, str, str]]:
    """`count` tags: the four signals, then numbered repeats (vibration_2, ...) for benchmarks."""
    specs = []
    for i in range(count):
        name, unit, description = SIGNALS[i % len(SIGNALS)]
        round_ = i // len(SIGNALS)
        specs.append((name if round_ == 0 else f"{name}_{round_ + 1}", unit, description))
    return specs


def episodes(seed: int, start: datetime, days: int) -> list[Episode]:
    """About one failure every three days, never in the first or last half day."""
    rng = np.random.default_rng(seed)
    found = []
    for k in range(max(1, days // 3)):
        day = min(days - 1, 3 * k + int(rng.integers(0, 3)))
        offset = timedelta(days=day, hours=float(rng.uniform(12, 20)))
        trip = start + offset
        if trip + TRIP < start + timedelta(days=days) and trip - FAILURE_RAMP > start:
            found.append(Episode(trip - FAILURE_RAMP, trip, trip + TRIP))
    return found


def signal(
    kind: str, t: np.ndarray, start: datetime, span: float, eps: list[Episode], rng: np.random.Generator
) -> np.ndarray:
    """One signal over epoch seconds `t`."""
    hour = (t % 86400) / 3600
    load = 0.7 + 0.2 * np.sin(2 * np.pi * (hour - 9) / 24) + 0.03 * np.sin(2 * np.pi * t / 5400)
    wear = (t - t[0]) / span  # 0 → 1 over the period: slow drift
    ramp = np.zeros_like(t)
    tripped = np.zeros(t.shape, dtype=bool)
    for ep in eps:
        a, b, c = (x.timestamp() for x in (ep.starts_at, ep.trip_at, ep.ends_at))
        inside = (t >= a) & (t < b)
        ramp[inside] = ((t[inside] - a) / (b - a)) ** 2
        tripped |= (t >= b) & (t < c)
    n = len(t)
    if kind == "vibration":
        v = 2.0 + 0.6 * load + 0.5 * wear + 6.0 * ramp + rng.normal(0, 0.15, n)
        v[tripped] = rng.normal(0.05, 0.01, int(tripped.sum()))
    elif kind == "bearing_temp":
        v = 52 + 12 * load + 3 * wear + 25 * ramp + rng.normal(0, 0.2, n)
        # A stopped pump cools towards ambient.
        v[tripped] = 30 + rng.normal(0, 0.2, int(tripped.sum()))
    elif kind == "pressure":
        v = 5.5 + 1.5 * load - 0.3 * wear - 0.8 * ramp + rng.normal(0, 0.04, n)
        v[tripped] = 1.0 + rng.normal(0, 0.02, int(tripped.sum()))
    else:
        v = 140 * load - 8 * wear - 30 * ramp + rng.normal(0, 1.5, n)
        v[tripped] = np.abs(rng.normal(0, 0.3, int(tripped.sum())))
    return np.round(v, 4)


def chunks(tags: list[Tag], start: datetime, days: int, eps: list[Episode], seed: int) -> Iterator[SeriesChunk]:
    """One chunk per tag, generated as COPY asks for it (one tag's arrays in memory at a time)."""
    t0 = start.timestamp()
    span = days * 86400
    t = t0 + np.arange(span, dtype=np.float64)
    for i, tag in enumerate(tags):
        rng = np.random.default_rng(seed + i)
        kind = tag.name.split("_")[0] if not tag.name.startswith("bearing_temp") else "bearing_temp"
        values = signal(kind, t, start, span, eps, rng)
        quality = np.zeros(span, dtype=np.int16)
        quality[rng.random(span) < 0.0005] = 1  # a rare uncertain reading, as real historians have
        yield SeriesChunk(tag.series_id, t, values, quality)


def _seed(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")


async def seed(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id,
    *,
    days: int = 7,
    tags: int = 4,
    end: datetime | None = None,
) -> list[str]:
    """Create the demo assets of a tenant that are missing, with samples and events; returns their names."""
    end = (end or datetime.now(UTC)).replace(second=0, microsecond=0)
    start = end - timedelta(days=days)
    created = []
    await prepare_partitions(sessionmaker, start, end)
    for name, site, kind, description in DEMO_ASSETS:
        # One transaction per asset, samples included: an interrupted load leaves no asset
        # without its samples, so the next run loads it again.
        async with transaction(sessionmaker) as session:
            if await repository.get_asset_by_name(session, tenant_id, name) is not None:
                continue
            asset = Asset(tenant_id=tenant_id, name=name, site=site, kind=kind, description=description)
            await repository.add(session, asset)
            rows = [
                Tag(tenant_id=tenant_id, asset_id=asset.id, name=n, unit=u, description=d)
                for n, u, d in tag_specs(tags)
            ]
            for row in rows:
                await repository.add(session, row)
            eps = episodes(_seed(name), start, days)
            vibration = next((r for r in rows if r.name == "vibration"), None)
            for ep in eps:
                await repository.add(
                    session,
                    Event(
                        tenant_id=tenant_id,
                        asset_id=asset.id,
                        tag_id=vibration.id if vibration else None,
                        kind="bearing_failure",
                        label="Bearing failure: pump tripped",
                        starts_at=ep.starts_at,
                        ends_at=ep.ends_at,
                        details={"trip_at": ep.trip_at.isoformat()},
                    ),
                )
            await copy_samples(session, chunks(rows, start, days, eps, _seed(name)), start=start, end=end, fresh=True)
        created.append(name)
    return created
