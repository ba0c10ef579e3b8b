"""The pool pings a connection only after it sat idle, and replaces one that died meanwhile."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.kit import db
from tests.support.processes import Servers


async def backend_pid(engine) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(text("select pg_backend_pid()"))).scalar_one()


async def terminate(engine, pid: int) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})


async def test_a_connection_killed_while_idle_is_replaced_by_the_ping(servers: Servers) -> None:
    engine = db.create_engine(servers.settings, pool_size=1)
    killer = db.create_engine(servers.settings, pool_size=1)
    try:
        first = await backend_pid(engine)
        await terminate(killer, first)
        await asyncio.sleep(db.PING_AFTER_IDLE_SECONDS + 0.2)
        # The checkout pings the idle connection, finds it dead, and hands out a new one: no error.
        second = await backend_pid(engine)
        assert second != first
    finally:
        await engine.dispose()
        await killer.dispose()


async def test_a_connection_used_a_moment_ago_is_not_pinged(servers: Servers) -> None:
    engine = db.create_engine(servers.settings, pool_size=1)
    killer = db.create_engine(servers.settings, pool_size=1)
    try:
        first = await backend_pid(engine)
        await terminate(killer, first)
        # Inside the bypass window the dead connection is handed out as it is, and its statement fails
        # (the API answers that as a coded 503); the pool then discards it, so the next checkout is fine.
        with pytest.raises(DBAPIError):
            await backend_pid(engine)
        assert await backend_pid(engine) != first
    finally:
        await engine.dispose()
        await killer.dispose()


async def test_jsonb_values_come_back_exactly(servers: Servers) -> None:
    engine = db.create_engine(servers.settings, pool_size=1)
    value = {"big": 2**70, "negative": -(2**65), "small": 7, "float": 0.1, "text": "12345678901234567890", "n": None}
    try:
        async with engine.connect() as connection:
            back = (await connection.execute(text("select cast(:v as jsonb)"), {"v": db.dump_json(value)})).scalar_one()
        assert back == value
        assert type(back["big"]) is int
    finally:
        await engine.dispose()


def test_json_helpers_write_what_orjson_cannot() -> None:
    assert db.load_json(db.dump_json({1: "int key", "big": 2**64})) == {"1": "int key", "big": 2**64}
