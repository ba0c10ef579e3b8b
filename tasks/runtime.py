"""What actors share inside one worker process: the database engine on the worker's event loop."""

from __future__ import annotations

from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import settings
from backend.kit.db import create_engine, create_sessionmaker


@cache
def sessionmaker() -> async_sessionmaker[AsyncSession]:
    # Created on first use, which happens on dramatiq's single event-loop thread.
    return create_sessionmaker(create_engine(settings, pool_size=settings.worker_threads))
