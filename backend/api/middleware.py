"""Pure ASGI middleware (context variables survive it): request id, access log, HTTP metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.metrics import HTTP_SECONDS
from backend.kit.logging import request_id_var

log = logging.getLogger("slipway.access")

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_ROUTES = ("/graphql", "/auth/token", "/healthz", "/readyz", "/metrics")


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("x-request-id", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = scope["path"]
            route = path if path in _ROUTES else "static"
            if scope["type"] == "http":
                HTTP_SECONDS.labels(method=scope["method"], route=route, status=str(status)).observe(elapsed)
                if route not in ("/healthz", "/metrics"):
                    log.info(
                        "request",
                        extra={
                            "method": scope["method"],
                            "path": path,
                            "status": status,
                            "ms": round(elapsed * 1000, 2),
                        },
                    )
            request_id_var.reset(token)
