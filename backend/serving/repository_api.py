"""The control plane: the model repository extension (index, load, unload), routes and per-version stats."""

from __future__ import annotations

import logging
import uuid

import orjson
from starlette.requests import Request
from starlette.responses import Response

from backend.serving.errors import BadRequest, NotServed, Refused
from backend.serving.http import answers_errors, json_response, read_body
from backend.serving.state import ServerState
from backend.serving.traffic import parse_route

log = logging.getLogger(__name__)

_CONTROL_BODY_LIMIT = 1 << 20


def _state(request: Request) -> ServerState:
    return request.app.state.serve


async def _json(request: Request) -> object:
    body = await read_body(request, _CONTROL_BODY_LIMIT)
    if not body.strip():
        return {}
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}.") from None


@answers_errors
async def index(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    return json_response(state.models.index(tenant_id))


@answers_errors
async def load(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    body = await _json(request)
    params = body.get("parameters") if isinstance(body, dict) else None
    try:
        version_id = uuid.UUID(str((params or {})["version_id"]))
    except (KeyError, TypeError, ValueError):
        raise BadRequest('Send {"parameters": {"version_id": "<model version uuid>"}}.') from None
    name = request.path_params["name"]
    model = await state.models.load(tenant_id, name, version_id)
    return json_response(
        {"name": name, "version": str(model.row.version), "state": "READY", "execution_provider": model.built.provider}
    )


@answers_errors
async def unload(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    name = request.path_params["name"]
    routes = state.routes.using(tenant_id, name)
    if routes:
        raise Refused(
            f"{name} still takes traffic through route {', '.join(routes)}; switch or delete the route "
            "before unloading it."
        )
    await state.models.unload(tenant_id, name)
    return json_response({"name": name, "state": "UNAVAILABLE"})


@answers_errors
async def put_route(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    route = parse_route(request.path_params["route"], await _json(request))
    for model in [m for m, _ in route.targets] + list(route.shadows):
        if state.models.get(tenant_id, model) is None:
            raise Refused(f"Route {route.name} names {model}, which is not loaded; load it first.")
    if route.name in {m for m, _ in route.targets} or state.models.get(tenant_id, route.name) is not None:
        raise BadRequest(
            f"Route name {route.name} is the name of a served version; routes are `{{model}}-{{environment}}`."
        )
    before = state.routes.get(tenant_id, route.name)
    state.routes.put(tenant_id, route)  # one assignment: the switch is atomic
    if not state.restore.done and state.restore.gave_up:
        # Postgres stayed away at start: the worker's first push is the sign that routes are coming back.
        state.restore.done = True
        log.info("ready: the worker pushed a route after the restore from Postgres gave up")
    # The rollout sweep re-asserts every LIVE route each 30 s; only a change is news in the log.
    changed = before is None or (before.targets, before.shadows) != (route.targets, route.shadows)
    log.log(
        logging.INFO if changed else logging.DEBUG,
        "route set",
        extra={"route": route.name, "targets": route.targets, "shadows": route.shadows},
    )
    return json_response(route.as_json())


@answers_errors
async def delete_route(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    state.routes.delete(tenant_id, request.path_params["route"])
    return Response(status_code=204)


@answers_errors
async def list_routes(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    return json_response([route.as_json() for route in state.routes.of_tenant(tenant_id)])


@answers_errors
async def stats(request: Request) -> Response:
    state = _state(request)
    tenant_id = await state.auth.control(request.headers)
    name = request.path_params["name"]
    model = state.models.get(tenant_id, name)
    if model is None:
        raise NotServed(f"{name} is not loaded in your tenant.")
    return json_response(state.metrics.stats(model.row.tenant_slug, name))
