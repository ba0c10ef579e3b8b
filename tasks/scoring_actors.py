"""Actors of the scoring area: thin, calling backend/scoring/jobs.py.

The actor keeps the name it had while scoring lived in deployments, so messages already queued still run.
"""

from __future__ import annotations

from backend.config import settings
from backend.scoring import jobs
from tasks import runtime
from tasks.broker import actor


@actor("deployments.score", aliases=("runScoring",), max_retries=3, min_backoff=5000, time_limit=3_600_000)
async def score(run_id: str) -> None:
    await jobs.score(runtime.sessionmaker(), settings, run_id)
