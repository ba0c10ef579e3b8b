"""Baseline for bench/subscriptions.py: a bare Starlette websocket app that sends one payload to every
open socket when told to, in graphql-transport-ws frames, with no database and no GraphQL."""

from __future__ import annotations

import contextlib
import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

_sockets: dict[WebSocket, str] = {}  # socket → the id of its one subscription


async def graphql(websocket: WebSocket) -> None:
    await websocket.accept(subprotocol="graphql-transport-ws")
    try:
        while True:
            message = json.loads(await websocket.receive_text())
            if message["type"] == "connection_init":
                await websocket.send_text('{"type":"connection_ack"}')
            elif message["type"] == "subscribe":
                _sockets[websocket] = message["id"]
    except WebSocketDisconnect:
        pass
    finally:
        _sockets.pop(websocket, None)


async def broadcast(request: Request) -> JSONResponse:
    """Send the posted payload to every subscriber, as the API sends a `next` frame."""
    payload = json.dumps(await request.json())
    frames = [
        (socket, f'{{"id":{json.dumps(op)},"type":"next","payload":{payload}}}')
        for socket, op in list(_sockets.items())
    ]
    for socket, frame in frames:  # one after another, as one task fanning out would
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await socket.send_text(frame)
    return JSONResponse({"sent": len(frames)})


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


app = Starlette(
    routes=[
        WebSocketRoute("/graphql", graphql),
        Route("/broadcast", broadcast, methods=["POST"]),
        Route("/healthz", healthz),
    ]
)
