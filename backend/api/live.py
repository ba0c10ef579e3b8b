"""Subscriptions that follow one row: its state now, then after each change, until it is final."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.context import Context
from backend.kit.db import transaction

T = TypeVar("T")


async def follow(ctx: Context, *, topic: str, id: uuid.UUID, load: Callable[[AsyncSession], Awaitable[T]],
                 final: Callable[[T], bool]) -> AsyncGenerator[T, None]:
    """Yield `load()` now and after each event for `id` on `topic`, until `final` says it will not change."""
    # Subscribe before reading, so a change between the read and the subscription is not missed.
    async with ctx.state.hub.subscribe(ctx.viewer.tenant_id, {topic}) as events:
        while True:
            async with transaction(ctx.state.sessionmaker) as session:
                current = await load(session)
            yield current
            if final(current):
                return
            while (await events.get()).id != str(id):
                pass
