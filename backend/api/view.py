"""The /graphql endpoint: authenticate, execute, answer per GraphQL-over-HTTP."""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.file_uploads.utils import replace_placeholders_with_files
from strawberry.http import GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.http.types import QueryParams
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from backend.api import unit
from backend.api.context import Context
from backend.api.errors import classify, log_failure
from backend.api.state import AppState
from backend.api.websocket import SocketHandler
from backend.identity import service as identity
from backend.identity.roles import Principal
from backend.identity.tokens import bearer_token
from backend.kit.errors import BadInput, PayloadTooLarge, Unauthenticated, Unavailable
from backend.kit.logging import request_id_var

log = logging.getLogger(__name__)

GRAPHQL_RESPONSE = "application/graphql-response+json"
BODY, OPERATIONS = "The request body", "The `operations` part"
OPERATION = (BODY, OPERATIONS)  # what holds one operation (a list there would be a batch)
SEND_A_QUERY = 'Send a GraphQL document as `query`: a JSON body {"query": "{ me { email } }"}, or ?query= on a GET.'


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    extensions: dict[str, Any] = {"code": code}
    if request_id := request_id_var.get():
        extensions["requestId"] = request_id
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions}]},
        status_code=status,
        headers=headers,
        media_type=GRAPHQL_RESPONSE,
    )


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


class SlipwayGraphQL(GraphQL[Context, None]):
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
        try:
            async with self._turn(scope), unit.open_unit(self.state.sessionmaker):
                # The request's unit of work: authentication and the operation share its one connection.
                response = await self._respond(request, scope)
        except Unavailable as exc:
            response = error_response(503, "UNAVAILABLE", exc.message, {"Retry-After": "5"})
        await response(scope, receive, send)

    def _turn(self, scope: Scope) -> contextlib.AbstractAsyncContextManager[None]:
        if self._is_multipart(scope):
            # An upload streams for as long as the client's link takes; a slot would be held as long.
            return contextlib.nullcontext()
        return self.state.admission.turn()

    async def _respond(self, request: Request, scope: Scope) -> Response:
        context = Context(request=request, state=self.state)
        try:
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self._body_limit(scope):
                # Refused before a byte of the body is read.
                raise PayloadTooLarge(self._too_large_message(scope))
            if not self._is_ide_page(request):
                context.principal = await self._authenticate(context, request.headers.get("authorization"))
                if self._is_multipart(scope):
                    # The body may take as long as the client's link: hold no connection while it arrives.
                    await context.unit.release()
            return await self.run(request, context=context)
        except Unauthenticated as exc:
            return error_response(
                401, "UNAUTHENTICATED", exc.message, {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        except HTTPException as exc:
            return error_response(
                exc.status_code,
                "BAD_USER_INPUT",
                sentence(exc.reason),
                {"Allow": "POST"} if exc.status_code == 405 else None,
            )
        except ClientDisconnect:
            # Nobody is left to read the answer; the access log still records the request.
            log.info("client disconnected before its request body arrived")
            return error_response(400, "BAD_USER_INPUT", "The client closed the connection before the body arrived.")
        except PayloadTooLarge:
            return error_response(413, "PAYLOAD_TOO_LARGE", self._too_large_message(scope))
        except Exception as exc:
            code, message, _ = classify(exc)
            if code in ("INTERNAL", "UNAVAILABLE"):
                log_failure("request failed before execution", exc, code)
                message = f"{message} Quote request id {request_id_var.get()} when reporting it."
            status = {"UNAVAILABLE": 503, "INTERNAL": 500, "FORBIDDEN": 403}.get(code, 400)
            return error_response(status, code, message, {"Retry-After": "5"} if status == 503 else None)

    @staticmethod
    def _is_multipart(scope: Scope) -> bool:
        return dict(scope["headers"]).get(b"content-type", b"").startswith(b"multipart/")

    def _body_limit(self, scope: Scope) -> int:
        settings = self.state.settings
        if self._is_multipart(scope):
            # The file plus the small `operations` and `map` parts around it.
            return settings.max_model_bytes + settings.max_request_bytes
        return settings.max_request_bytes

    def _too_large_message(self, scope: Scope) -> str:
        return (
            f"The request body is over the limit of {self._body_limit(scope):,} bytes; send less, "
            "or upload a model file of at most SLIPWAY_MAX_MODEL_BYTES as multipart."
        )

    async def _authenticate(self, context: Context, authorization: str | None) -> Principal:
        token = bearer_token(authorization)
        signed_in = self.state.signed_in
        if (principal := signed_in.get(token)) is not None:
            return principal  # checked a moment ago: a query that reads nothing else needs no connection
        # The principal is looked up in the request's own session: one connection per request.
        principal = await identity.authenticate(context.session, self.state.verifier, token)
        signed_in.put(token, principal)
        return principal

    def _is_ide_page(self, request: Request) -> bool:
        return self.graphql_ide is not None and self.should_render_graphql_ide(self.request_adapter_class(request))

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # Only a browser asks for text/html; curl's and HTTP libraries' */* get "send a query" instead.
        return (
            request.method == "GET"
            and request.query_params.get("query") is None
            and "text/html" in request.headers.get("accept", "")
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        response = await super().get_sub_response(request)
        accept = request.headers.get("accept", "")
        # GraphQL-over-HTTP: answer in the media type the client asked for.
        response.media_type = (
            GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept or not accept or "*/*" in accept else "application/json"
        )
        return response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media_type = sub_response.media_type or "application/json"
        if isinstance(response_data, dict) and response_data.get("data") is None:
            errors = response_data.get("errors") or []
            codes = {(e.get("extensions") or {}).get("code") for e in errors}
            if "UNAVAILABLE" in codes:
                # Nothing was done because Postgres or S3 is away: say so in the status, too.
                sub_response.status_code = 503
                sub_response.headers["Retry-After"] = "5"
            elif "PAYLOAD_TOO_LARGE" in codes:
                # A model over SLIPWAY_MAX_MODEL_BYTES is only found while it streams, inside the mutation.
                sub_response.status_code = 413
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

    # Reading the request. Strawberry's parsers assume a well-formed request; these refuse any other
    # with a sentence (BadInput, a 400) instead of failing inside as a 500.

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        if request.method == "POST":
            content_type, params = parse_content_type(request.content_type or "")
            if content_type == "multipart/form-data" and not params.get("boundary"):
                raise BadInput("The multipart/form-data Content-Type names no boundary; let the HTTP client set it.")
            if content_type != "multipart/form-data" and "application/json" not in content_type:
                raise BadInput(
                    f"Send the operation as application/json (multipart/form-data for file uploads), "
                    f"not {request.content_type or 'a body without a Content-Type'}."
                )
        data = await super().parse_http_body(request)
        assert isinstance(data, GraphQLRequestData)  # parse_json refuses batches (lists)
        if not data.query:
            raise BadInput(SEND_A_QUERY)
        if not isinstance(data.operation_name, str | None):
            raise BadInput("The `operationName` must be a string or null.", field="operationName")
        return data

    def parse_json(self, data: str | bytes, what: str = BODY, *, nullable: bool = False) -> Any:
        """The JSON object in `data`, or BadInput saying what is wrong with it."""
        if not data.strip():
            raise BadInput(f"{what} is empty.{' ' + SEND_A_QUERY if what == BODY else ''}")
        try:
            value = self.decode_json(data)
        except UnicodeDecodeError as exc:
            raise BadInput(
                f"{what} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})."
            ) from None
        except RecursionError:
            raise BadInput(f"{what} nests JSON too deeply to read.") from None
        except json.JSONDecodeError as exc:
            raise BadInput(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
        except ValueError:  # an integer past Python's digit limit for int()
            raise BadInput(f"{what} holds a number too long to read.") from None
        if value is None and nullable:
            return None
        if not isinstance(value, dict):
            batch = isinstance(value, list) and what in OPERATION
            raise BadInput(
                f"{what} must be a JSON object, not {json_kind(value)}"
                f"{' (batches are off: send one operation)' if batch else ''}."
            )
        return value

    def parse_query_params(self, params: QueryParams) -> dict[str, Any]:
        parsed: dict[str, Any] = dict(params)
        for key in ("variables", "extensions"):
            if isinstance(value := parsed.get(key), str) and value:
                parsed[key] = self.parse_json(value, f"The `{key}` query parameter", nullable=True)
        return parsed

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        """The GraphQL multipart request spec: an `operations` JSON part, a `map` JSON part, the file parts."""
        try:
            form = (await request.get_form_data()).form
        except StarletteHTTPException as exc:  # the multipart parser's refusals, and its part limits
            raise BadInput(f"The multipart body cannot be read: {sentence(str(exc.detail))}") from None
        operations, files_map = form.get("operations"), form.get("map", "{}")
        if not isinstance(operations, str):
            raise BadInput(
                "The multipart request needs an `operations` form field holding the operation as JSON "
                "(GraphQL multipart request spec).",
                field="operations",
            )
        if not isinstance(files_map, str):
            raise BadInput("The `map` part must be a form field holding JSON, not a file.", field="map")
        ops = self.parse_json(operations, OPERATIONS)
        mapping = self.parse_json(files_map, "The `map` part")
        for name, paths in mapping.items():
            if not isinstance(form.get(name), UploadFile):
                raise BadInput(
                    f"The `map` part names a file part {name!r} that the request does not have.", field="map"
                )
            if not isinstance(paths, list):
                raise BadInput(
                    f'The `map` part must give each file a list of paths such as "variables.file"; '
                    f"{name!r} has {json_kind(paths)}.",
                    field="map",
                )
            for path in paths:
                if not isinstance(path, str) or not path.startswith("variables."):
                    raise BadInput(
                        f'The `map` part sends file {name!r} to {path!r}; a path starts with "variables.".', field="map"
                    )
        try:
            return replace_placeholders_with_files(ops, mapping, form)
        except (KeyError, IndexError, ValueError, TypeError):
            raise BadInput("A path in the `map` part does not lead into `operations.variables`.", field="map") from None

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Strawberry's, less subscriptions: over plain HTTP one would run as a query and fail inside."""
        method = request_adapter.method
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        if not self.allow_queries_via_get and method == "GET":
            allowed -= {OperationType.QUERY}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                raise HTTPException(
                    400, "Subscriptions run over the websocket at /graphql (graphql-transport-ws), not over HTTP."
                ) from exc
            # GraphQL-over-HTTP: a mutation over GET is a wrong method, not a wrong document.
            kind = "Mutations" if exc.operation_type is OperationType.MUTATION else "Queries"
            raise HTTPException(405, f"{kind} must be sent with POST.") from exc
        except CannotGetOperationTypeError as exc:
            if exc.operation_name is not None:
                raise HTTPException(400, f"The document has no operation named {exc.operation_name!r}.") from exc
            raise HTTPException(
                400, "The document holds no operation, only fragments: add a query or mutation."
            ) from exc


def json_kind(value: object) -> str:
    """How JSON would name `value`'s type, for an error message."""
    if value is None:
        return "null"
    kinds = {bool: "a boolean", str: "a string", list: "an array", dict: "an object"}
    return kinds.get(type(value), "a number")


def sentence(text: str) -> str:
    """`text` as a sentence: capitalised and closed with a full stop."""
    text = text.strip() or "The request is malformed"
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."
