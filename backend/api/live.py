"""Subscriptions: each event is read in a unit of work of its own, and none is held between events.

Every subscription goes through `follow` (one row, until it is final) or `changes` (each change on a
topic). The fields of an event resolve after the generator yields, still inside that event's unit, so
they read through fresh loaders and say what an HTTP query would say at that moment.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.context import Context
from backend.api.unit import open_unit
from backend.events.publish import Event

T = TypeVar("T")


async def follow(
    ctx: Context, *, topic: str, id: uuid.UUID, load: Callable[[AsyncSession], Awaitable[T]], final: Callable[[T], bool]
) -> AsyncGenerator[T, None]:
    """Yield `load()` now and after each event for `id` on `topic`, until `final` says it will not change."""
    ctx.stateful_stream = True
    # Subscribe before reading, so a change between the read and the subscription is not missed.
    async with ctx.state.hub.subscribe(ctx.viewer.tenant_id, {topic}) as events:
        while True:
            async with open_unit(ctx.state.sessionmaker) as work:
                current = await load(work.session)
                yield current
            if final(current):
                return
            while (await events.get()).id != str(id):
                pass


async def changes(
    ctx: Context,
    *,
    topic: str,
    load: Callable[[AsyncSession, Event], Awaitable[T | None]],
    check: Callable[[AsyncSession], Awaitable[object]] | None = None,
) -> AsyncGenerator[T, None]:
    """Yield `load(event)` for each event on `topic` from now on; None skips it. `check` runs once first."""
    async with ctx.state.hub.subscribe(ctx.viewer.tenant_id, {topic}) as events:
        if check is not None:  # after subscribing, so no change between the check and the first event is missed
            async with open_unit(ctx.state.sessionmaker) as work:
                await check(work.session)
        while True:
            event = await events.get()
            async with open_unit(ctx.state.sessionmaker) as work:
                node = await load(work.session, event)
                if node is not None:
                    yield node
