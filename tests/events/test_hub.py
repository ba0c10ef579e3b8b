"""Events travel by Postgres NOTIFY on commit and reach only subscribers of the same tenant."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from backend.events.hub import EventHub
from backend.events.publish import publish


@pytest.fixture
async def hub(servers):
    hub = EventHub(servers.settings.libpq_url)
    await hub.start()
    assert hub.listening
    yield hub
    await hub.stop()


async def test_a_committed_event_reaches_its_tenant_only(hub, sessionmaker) -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    async with hub.subscribe(mine, {"ping"}) as my_events, hub.subscribe(theirs, {"ping"}) as their_events:
        async with sessionmaker() as session:
            await publish(session, tenant_id=mine, topic="ping", id="p-1")
            await session.commit()
        event = await asyncio.wait_for(my_events.get(), 5)
        assert (event.tenant_id, event.topic, event.id) == (mine, "ping", "p-1")
        await asyncio.sleep(0.3)
        assert their_events.empty()


async def test_a_rolled_back_event_is_never_delivered(hub, sessionmaker) -> None:
    tenant = uuid.uuid4()
    async with hub.subscribe(tenant, {"ping"}) as events:
        async with sessionmaker() as session:
            await publish(session, tenant_id=tenant, topic="ping", id="ghost")
            await session.rollback()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(events.get(), 1)


async def test_other_topics_are_filtered_and_a_gone_subscriber_costs_nothing(hub, sessionmaker) -> None:
    tenant = uuid.uuid4()
    async with hub.subscribe(tenant, {"export"}) as events:
        async with sessionmaker() as session:
            await publish(session, tenant_id=tenant, topic="ping", id="not-for-you")
            await session.commit()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(events.get(), 1)
    assert hub._subscribers == set()


async def test_a_slow_subscriber_keeps_the_newest_events(hub) -> None:
    from backend.events.hub import QUEUE_SIZE
    from backend.events.publish import Event

    tenant = uuid.uuid4()
    async with hub.subscribe(tenant, {"ping"}) as events:
        for n in range(QUEUE_SIZE + 10):
            hub.dispatch(Event(tenant_id=tenant, topic="ping", id=str(n)))
        assert events.qsize() == QUEUE_SIZE
        assert events.get_nowait().id == "10"
