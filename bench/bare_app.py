"""Baseline for bench/me_query.py: a bare Starlette app answering a static `me` result as JSON."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

# The same shape the API answers for admin@demo, so both sides serialise and send a similar body.
ME = {"data": {"me": {"email": "admin@demo", "role": "ADMIN", "tenant": {"slug": "demo"}}}}


async def me(_: Request) -> JSONResponse:
    return JSONResponse(ME)


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


# POST /graphql, like the API, so the load generator sends both targets the very same request.
app = Starlette(routes=[Route("/graphql", me, methods=["POST"]), Route("/healthz", healthz)])
