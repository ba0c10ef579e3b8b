"""The /graphql endpoint: authenticate, execute, answer per GraphQL-over-HTTP."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema.exceptions import InvalidOperationTypeError

from backend.api import unit
from backend.api.context import Context
from backend.api.errors import classify
from backend.api.state import AppState
from backend.api.websocket import SocketHandler
from backend.identity import service as identity
from backend.identity.tokens import bearer_token
from backend.kit.errors import PayloadTooLarge, Unauthenticated
from backend.kit.logging import request_id_var

log = logging.getLogger(__name__)

GRAPHQL_RESPONSE = "application/graphql-response+json"


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    extensions: dict[str, Any] = {"code": code}
    if request_id := request_id_var.get():
        extensions["requestId"] = request_id
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]}, status_code=status,
                        headers=headers, media_type=GRAPHQL_RESPONSE)


def receive_at_most(receive: Receive, limit: int) -> Receive:
    """A receive that raises PayloadTooLarge once the body passes `limit` (chunked bodies too)."""
    seen = 0

    async def limited() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge("request body over the limit")
        return message

    return limited


class SlipwayGraphQL(GraphQL):
    graphql_transport_ws_handler_class = SocketHandler

    def __init__(self, state: AppState, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            websocket = WebSocket(scope, receive=receive, send=send)
            await self.run(websocket, context=Context(request=websocket, state=self.state))
            return
        request = Request(scope, receive=receive_at_most(receive, self._body_limit(scope)))
        # The request's unit of work: authentication and the operation share its one connection.
        async with unit.open_unit(self.state.sessionmaker):
            response = await self._respond(request, scope)
        await response(scope, receive, send)

    async def _respond(self, request: Request, scope: Scope) -> Response:
        context = Context(request=request, state=self.state)
        try:
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self._body_limit(scope):
                # Refused before a byte of the body is read.
                raise PayloadTooLarge(self._too_large_message(scope))
            if not self._is_ide_page(request):
                context.principal = await self._authenticate(context, request.headers.get("authorization"))
            return await self.run(request, context=context)
        except Unauthenticated as exc:
            return error_response(401, "UNAUTHENTICATED", exc.message,
                                  {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError) and request.method == "GET":
                # GraphQL-over-HTTP: a mutation over GET is a wrong method, not a wrong document.
                return error_response(405, "BAD_USER_INPUT", "Mutations must be sent with POST.", {"Allow": "POST"})
            return error_response(exc.status_code, "BAD_USER_INPUT", exc.reason)
        except PayloadTooLarge:
            return error_response(413, "PAYLOAD_TOO_LARGE", self._too_large_message(scope))
        except Exception as exc:  # noqa: BLE001 - anything before execution: answer, never a bare 500
            code, message, _ = classify(exc)
            if code in ("INTERNAL", "UNAVAILABLE"):
                log.error("request failed before execution", exc_info=exc, extra={"code": code})
                message = f"{message} Quote request id {request_id_var.get()} when reporting it."
            status = {"UNAVAILABLE": 503, "INTERNAL": 500, "FORBIDDEN": 403}.get(code, 400)
            return error_response(status, code, message, {"Retry-After": "5"} if status == 503 else None)

    def _body_limit(self, scope: Scope) -> int:
        settings = self.state.settings
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        if content_type.startswith(b"multipart/"):
            # The file plus the small `operations` and `map` parts around it.
            return settings.max_model_bytes + settings.max_request_bytes
        return settings.max_request_bytes

    def _too_large_message(self, scope: Scope) -> str:
        return (f"The request body is over the limit of {self._body_limit(scope):,} bytes; send less, "
                "or upload a model file of at most SLIPWAY_MAX_MODEL_BYTES as multipart.")

    async def _authenticate(self, context: Context, authorization: str | None) -> Any:
        token = bearer_token(authorization)
        # The principal is looked up in the request's own session: one connection per request.
        return await identity.authenticate(context.session, self.state.verifier, token)

    def _is_ide_page(self, request: Request) -> bool:
        return (self.graphql_ide is not None and request.method == "GET" and "text/html" in request.headers.get(
            "accept", "") and "query" not in request.query_params)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        response = await super().get_sub_response(request)
        accept = request.headers.get("accept", "")
        # GraphQL-over-HTTP: answer in the media type the client asked for.
        response.media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept or not accept or "*/*" in accept \
            else "application/json"
        return response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media_type = sub_response.media_type or "application/json"
        if isinstance(response_data, dict) and response_data.get("data") is None:
            errors = response_data.get("errors") or []
            if any((e.get("extensions") or {}).get("code") == "UNAVAILABLE" for e in errors):
                # Nothing was done because Postgres or S3 is away: say so in the status, too.
                sub_response.status_code = 503
                sub_response.headers["Retry-After"] = "5"
            elif media_type == GRAPHQL_RESPONSE and errors and all("path" not in e for e in errors):
                # GraphQL-over-HTTP: a request that never executed (unparsable, invalid) has no `data`.
                response_data = {k: v for k, v in response_data.items() if k != "data"}
                sub_response.status_code = 400
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = media_type
        return response

    def encode_json(self, data: object) -> str:
        # str, not orjson's bytes: strawberry would send bytes over websockets as binary frames,
        # which graphql-transport-ws clients do not read. NaN and Infinity become null (valid JSON).
        return orjson.dumps(data).decode()
