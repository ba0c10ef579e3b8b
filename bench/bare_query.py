"""Baseline for bench/load.py: a bare Starlette app answering one indexed query per request from an asyncpg
pool on the same Postgres, with no token check, GraphQL or transaction of its own."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_pool: asyncpg.Pool | None = None


async def query(_: Request) -> JSONResponse:
    assert _pool is not None
    row = await _pool.fetchrow("SELECT email, role FROM users WHERE email = $1", "admin@demo")
    return JSONResponse({"data": {"me": {"email": row["email"], "role": row["role"]}}})


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


@contextlib.asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    global _pool
    _pool = await asyncpg.create_pool(os.environ["BENCH_DATABASE_URL"], min_size=2, max_size=20)
    try:
        yield
    finally:
        await _pool.close()


app = Starlette(routes=[Route("/query", query, methods=["POST"]), Route("/healthz", healthz)], lifespan=lifespan)
