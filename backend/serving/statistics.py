"""Triton's statistics extension: `GET /v2/models[/{name}[/versions/{v}]]/stats` from each loaded version's counters.

Inference and execution counts are equal (the server never batches requests together); a failed request,
refused input or failed run, counts under `fail` with its duration.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response

from backend.serving.errors import NotServed
from backend.serving.http import answers_errors, json_response
from backend.serving.model_table import LoadedModel
from backend.serving.state import ServerState


@answers_errors
async def model_stats(request: Request) -> Response:
    """The caller's loaded versions (all, one served name, or a route's targets), filtered by version if given."""
    state: ServerState = request.app.state.serve
    caller = await state.auth.caller(request.headers)
    name = request.path_params.get("name")
    version = request.path_params.get("version")
    if name is None:
        found = [m for m in state.models.loaded() if m.row.tenant_id == caller.tenant_id]
    else:
        found = _named(state, caller.tenant_id, name)
    if version is not None:
        found = [m for m in found if str(m.row.version) == version]
        if not found and name is not None:
            raise NotServed(f"{name} serves no version {version} in your tenant.")
    found.sort(key=lambda m: m.name)
    return json_response({"model_stats": [m.stats.as_json(m.name, str(m.row.version)) for m in found]})


def _named(state: ServerState, tenant_id: uuid.UUID, name: str) -> list[LoadedModel]:
    model = state.models.get(tenant_id, name)
    if model is not None:
        return [model]
    route = state.routes.get(tenant_id, name)
    if route is None:
        raise NotServed(f"No model or route named {name} is served in your tenant.")
    models = (state.models.get(tenant_id, target) for target, _ in route.targets)
    return [m for m in models if m is not None]
