"""What actors share inside one worker process: the database engine and the S3 client on its event loop."""

from __future__ import annotations

from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import settings
from backend.kit.db import create_engine, create_sessionmaker
from backend.storage.s3 import ObjectStore


@cache
def sessionmaker() -> async_sessionmaker[AsyncSession]:
    # Created on first use, which happens on dramatiq's single event-loop thread.
    return create_sessionmaker(create_engine(settings, pool_size=settings.worker_threads, role="slipway-worker"))


_store: ObjectStore | None = None


async def object_store() -> ObjectStore:
    """The worker's one S3 client, opened on first use on dramatiq's event-loop thread."""
    global _store
    if _store is None:
        store = ObjectStore(settings)
        await store.open()
        _store = store
    return _store
