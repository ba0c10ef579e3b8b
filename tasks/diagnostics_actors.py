"""Actors of the diagnostics area: thin, named `area.verb`, calling backend/diagnostics/jobs.py."""

from __future__ import annotations

from backend.diagnostics import jobs
from tasks import runtime
from tasks.broker import actor


@actor("diagnostics.pong", aliases=("pong",), max_retries=5, min_backoff=200)
async def pong(ping_id: str) -> None:
    await jobs.pong(runtime.sessionmaker(), ping_id)
