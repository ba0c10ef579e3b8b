"""Payload logging: a sample of each deployment's requests (inputs, outputs, latency, version, request id).

Never on a request's critical path: the request only draws its sample and appends a record to a bounded
in-memory queue (no await, no copy of the tensors). A background task turns records into rows a slice at
a time and writes them in batches (one COPY) over a connection of its own, so a slow or frozen Postgres
fills the queue, and past `payload_queue_size` records are dropped and counted, never waited for.

Which deployments log, and how much, is read from Postgres every `payload_targets_seconds` with the
query `slipway serve` hands in (backend/monitoring/repository.py): serving never imports that area's
service side, and the route's deployment is known without the worker telling us.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.monitoring import payloads
from backend.monitoring.features import features_json
from backend.serving.metrics import ServeMetrics

log = logging.getLogger(__name__)


class LoggingTarget(Protocol):
    """A route whose requests are logged (monitoring.repository.LoggingTarget is one)."""

    @property
    def tenant_id(self) -> uuid.UUID: ...
    @property
    def route(self) -> str: ...
    @property
    def deployment_id(self) -> uuid.UUID: ...
    @property
    def sample_percent(self) -> float: ...


# Reads the routes to log in a session: monitoring.repository.logging_targets.
LoggingTargets = Callable[[AsyncSession], Awaitable[Sequence[LoggingTarget]]]


@dataclass(frozen=True)
class Sampling:
    deployment_id: uuid.UUID
    percent: float

    def draw(self) -> bool:
        return self.percent >= 100 or random.random() * 100 < self.percent


@dataclass(slots=True)  # no __dict__: one object less for the collector per record
class Record:
    """One sampled request as the hot path leaves it: references only, turned into a row later."""

    logged_at: datetime
    tenant_id: uuid.UUID
    deployment_id: uuid.UUID
    route: str
    version_id: uuid.UUID
    version: str
    request_id: str
    latency_ms: float
    outcome: str
    inputs: dict[str, np.ndarray] | None
    outputs: dict[str, np.ndarray] | None


# Values converted on the event loop before it serves requests again: about a millisecond's work. The
# conversion holds the GIL wherever it runs, and a writer thread handing the GIL back and forth with the
# loop cost /infer a fifth of its throughput at 100 % sampling (bench/payload_logging.py); on the loop, in
# slices, it costs only its own work.
SLICE_VALUES = 4096


async def rows_of(batch: list[Record]) -> list[payloads.PayloadRow]:
    """The table rows of `batch`, converted a slice at a time on the event loop."""
    rows: list[payloads.PayloadRow] = []
    start, values = 0, 0
    for end, record in enumerate(batch, 1):
        values += _values(record.inputs) + _values(record.outputs)
        if values >= SLICE_VALUES or end == len(batch):
            rows += _convert(batch[start:end])
            start, values = end, 0
            if end < len(batch):
                await asyncio.sleep(0)  # requests waiting on the loop go first
    return rows


def _values(tensors: dict[str, np.ndarray] | None) -> int:
    return 0 if tensors is None else sum(np.size(value) for value in tensors.values())


def _convert(records: list[Record]) -> list[payloads.PayloadRow]:
    inputs = features_json([record.inputs for record in records])
    outputs = features_json([record.outputs for record in records])
    row = payloads.PayloadRow  # positional: keyword arguments cost a tenth of the conversion
    return [
        row(
            r.logged_at,
            r.tenant_id,
            r.deployment_id,
            r.route,
            r.version_id,
            r.version,
            r.request_id,
            r.latency_ms,
            r.outcome,
            i,
            o,
        )
        for r, i, o in zip(records, inputs, outputs, strict=True)
    ]


class _CommitUnknown(Exception):
    """A batch's COMMIT was sent and its answer never came: the rows may or may not be in the table."""


class PayloadLog:
    def __init__(self, settings: Settings, engine: AsyncEngine, metrics: ServeMetrics) -> None:
        self.settings = settings
        self.engine = engine  # its own pool: a frozen write never holds a connection requests need
        self.metrics = metrics
        self.targets: dict[tuple[uuid.UUID, str], Sampling] = {}
        self.queue: collections.deque[Record] = collections.deque()
        self._wake = asyncio.Event()
        metrics.payload_queue.set_function(lambda: len(self.queue))  # read at scrape time: nothing per request
        self._tasks: list[asyncio.Task] = []
        self._id_prefix = uuid.uuid4().hex[:12]
        self._ids = itertools.count(1)

    def next_request_id(self) -> str:
        """A request id unique to this server process: a random prefix and a counter (uuid4 costs a syscall)."""
        return f"{self._id_prefix}-{next(self._ids)}"

    def sampling(self, tenant_id: uuid.UUID, route: str) -> Sampling | None:
        """The route's sampling when this request is drawn to be logged, else None (one dict lookup)."""
        found = self.targets.get((tenant_id, route))
        return found if found is not None and found.draw() else None

    def offer(self, record: Record) -> bool:
        """Queue `record` for the writer; False (and counted) when the queue is full."""
        if len(self.queue) >= self.settings.payload_queue_size:
            self.metrics.payload_dropped.labels("queue_full").inc()
            return False
        self.queue.append(record)
        if len(self.queue) >= self.settings.payload_batch_size:
            self._wake.set()
        return True

    def start(self, sessionmaker: async_sessionmaker[AsyncSession], targets: LoggingTargets | None) -> None:
        self._tasks.append(asyncio.create_task(self._write_loop(), name="payload-log-writer"))
        if targets is not None:
            self._tasks.append(asyncio.create_task(self._targets_loop(sessionmaker, targets), name="payload-targets"))

    async def close(self) -> None:
        """Stop, writing what is queued within one write deadline."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while self.queue:
            if not await self._write_batch():
                break
        await self.engine.dispose()

    async def refresh(self, sessionmaker: async_sessionmaker[AsyncSession], targets: LoggingTargets) -> None:
        async with sessionmaker() as session:
            found = await targets(session)
        self.targets = {
            (t.tenant_id, t.route): Sampling(t.deployment_id, t.sample_percent) for t in found if t.sample_percent > 0
        }

    async def _targets_loop(self, sessionmaker: async_sessionmaker[AsyncSession], targets: LoggingTargets) -> None:
        while True:
            try:
                await self.refresh(sessionmaker, targets)
            except Exception as exc:  # keep the last known targets while Postgres is away
                log.warning("could not read the payload logging targets", extra={"error": str(exc)})
            await asyncio.sleep(self.settings.payload_targets_seconds)

    async def _write_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.payload_flush_seconds)
            self._wake.clear()
            while self.queue:
                await self._write_batch()
                if len(self.queue) < self.settings.payload_batch_size:
                    break  # a partial batch waits for the next flush, so batches stay large under load

    async def _write_batch(self) -> bool:
        """Write up to one batch from the queue; False when it was dropped (counted)."""
        size = min(len(self.queue), self.settings.payload_batch_size)
        batch = [self.queue.popleft() for _ in range(size)]
        rows: list[payloads.PayloadRow] = []
        try:
            rows = await rows_of(batch)
            await self._copy(rows)
        except _CommitUnknown as exc:
            # The COMMIT went out and its answer did not come back: ask whether the rows are there, so a
            # batch is counted once, as logged or as dropped, never as both.
            written = await self._written(rows)
            if written:
                self.metrics.payload_logged.inc(len(batch))
                return True
            reason = "write_failed" if written is False else "commit_unknown"
            self.metrics.payload_dropped.labels(reason).inc(len(batch))
            log.warning("payload log batch dropped", extra={"rows": len(batch), "error": str(exc.__cause__)})
            return False
        except Exception as exc:
            self.metrics.payload_dropped.labels("write_failed").inc(len(batch))
            log.warning(
                "payload log batch dropped", extra={"rows": len(batch), "error": str(exc) or type(exc).__name__}
            )
            return False
        self.metrics.payload_logged.inc(len(batch))
        return True

    async def _written(self, rows: list[payloads.PayloadRow]) -> bool | None:
        """Whether a batch whose COMMIT went unanswered is in the table; None when that cannot be told either."""
        try:
            async with asyncio.timeout(self.settings.payload_write_timeout_seconds + 1):
                async with self.engine.connect() as conn:
                    return await payloads.count_written(conn, rows) == len(rows)
        except Exception:
            return None

    async def _copy(self, rows: list[payloads.PayloadRow]) -> None:
        try:
            await self._copy_once(rows)
        except _CommitUnknown:
            raise
        except Exception as exc:
            if not payloads.missing_partition(exc):
                raise
            # The partition job has not run (a fresh install, or a worker away at midnight): make the days.
            days = sorted({row.logged_at.date() for row in rows})
            async with self.engine.begin() as conn:
                await payloads.ensure_partitions(conn, days[0], (days[-1] - days[0]).days + 1)
            await self._copy_once(rows)

    async def _copy_once(self, rows: list[payloads.PayloadRow]) -> None:
        """One COPY in its own transaction. Postgres's statement_timeout (the same deadline, on this engine)
        normally ends a stuck COPY and leaves the connection clean; the timeouts here are the backstop for a
        network that stops answering. Until the COMMIT nothing is written; once it is sent, a missing answer
        leaves the outcome open (`_CommitUnknown`)."""
        backstop = self.settings.payload_write_timeout_seconds + 1
        sent = False
        try:
            async with self.engine.connect() as conn:
                await conn.begin()
                await asyncio.wait_for(payloads.copy_rows(conn, rows), backstop)
                sent = True
                await asyncio.wait_for(conn.commit(), backstop)
        except Exception as exc:
            # Also when the COMMIT came back but giving the connection back failed: only a look can tell.
            if sent:
                raise _CommitUnknown("the COMMIT of a payload batch got no answer") from exc
            raise
