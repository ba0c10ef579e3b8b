"""The payload log table: its daily partitions and the batched COPY the model server writes with.

Shared by the model server (backend/serving/payload_log.py writes) and the worker (partitions ahead, retention).
It imports no area above it: the model server must never reach deployments or scoring.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

TABLE = "payload_logs"


class PayloadRow(NamedTuple):
    """One row of the table, its fields in the table's column order: a tuple COPY takes as it is (the model
    server writes thousands a second, and a NamedTuple is built in a third of a frozen dataclass's time)."""

    logged_at: datetime
    tenant_id: uuid.UUID
    deployment_id: uuid.UUID
    route: str
    version_id: uuid.UUID
    version: str
    request_id: str
    latency_ms: float
    outcome: str
    inputs: str | None  # JSON text of {feature: values}
    outputs: str | None


COLUMNS = PayloadRow._fields
_PARTITION = re.compile(rf"^{TABLE}_p(\d{{8}})$")


def partition_name(day: date) -> str:
    return f"{TABLE}_p{day:%Y%m%d}"


def _bound(day: date) -> str:
    return datetime.combine(day, time(), UTC).isoformat()


async def ensure_partitions(conn: AsyncConnection, first: date, days: int) -> list[str]:
    """Create the daily partitions of `first` and the `days - 1` days after it, where missing; their names."""
    names = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        name = partition_name(day)
        # IF NOT EXISTS: the worker and a model server may both create today's partition at once.
        await conn.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} "
                f"FOR VALUES FROM ('{_bound(day)}') TO ('{_bound(day + timedelta(days=1))}')"
            )
        )
        names.append(name)
    return names


async def partitions(conn: AsyncConnection) -> dict[str, date]:
    """The existing partitions and the day each holds."""
    rows = await conn.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :table"
        ),
        {"table": TABLE},
    )
    found = {}
    for (name,) in rows:
        match = _PARTITION.match(name)
        if match:
            found[name] = datetime.strptime(match.group(1), "%Y%m%d").date()
    return found


async def drop_partitions_before(conn: AsyncConnection, cutoff: date) -> list[str]:
    """Drop every partition whose day is before `cutoff`: retention without a DELETE; the names dropped."""
    dropped = []
    for name, day in sorted((await partitions(conn)).items(), key=lambda item: item[1]):
        if day < cutoff:
            await conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
            dropped.append(name)
    return dropped


async def copy_rows(conn: AsyncConnection, rows: Sequence[PayloadRow]) -> None:
    """One COPY of `rows` (binary protocol through asyncpg): far cheaper per row than INSERTs."""
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    await driver.copy_records_to_table(TABLE, records=rows, columns=list(COLUMNS))


async def count_written(conn: AsyncConnection, rows: Sequence[PayloadRow]) -> int:
    """How many of `rows` are in the table (by request id, within their days' partitions)."""
    found = await conn.scalar(
        text(f"SELECT count(*) FROM {TABLE} WHERE logged_at BETWEEN :first AND :last AND request_id = ANY(:ids)"),
        {
            "first": min(r.logged_at for r in rows),
            "last": max(r.logged_at for r in rows),
            "ids": [r.request_id for r in rows],
        },
    )
    return int(found or 0)


def missing_partition(exc: BaseException) -> bool:
    """True when a write failed because no partition holds the row's day (the job has not run yet)."""
    return "no partition of relation" in str(exc)
