"""The caller endpoints: model metadata, readiness and inference, by served name or route name."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from backend.serving.errors import BadRequest, NotServed, ServingError
from backend.serving.http import answers_errors, header_length, json_response, read_body
from backend.serving.metrics import Phases
from backend.serving.model_table import LoadedModel
from backend.serving.payload_log import Record, Sampling
from backend.serving.state import ServerState
from backend.serving.traffic import RouteEntry

log = logging.getLogger(__name__)


def _state(request: Request) -> ServerState:
    return request.app.state.serve


def _not_served(name: str) -> NotServed:
    return NotServed(
        f"No model or route named {name} is served in your tenant; check the name "
        "(`{model}-v{N}` or `{model}-{environment}`) and that it is deployed."
    )


def resolve(
    state: ServerState, tenant_id: uuid.UUID, name: str, version: str | None
) -> tuple[LoadedModel, str, RouteEntry | None]:
    """(model that answers, its role, the route it was reached through) — no await inside, see loaded.py."""
    model = state.models.get(tenant_id, name)
    if model is not None:
        if version is not None and version != str(model.row.version):
            raise NotServed(f"{name} serves version {model.row.version}, not {version}.")
        return model, "direct", None
    route = state.routes.get(tenant_id, name)
    if route is None:
        raise _not_served(name)
    picked = route.pick() if version is None else route.target_of_version(version)
    if picked is None:
        raise NotServed(f"Route {name} sends no traffic to version {version}.")
    model = state.models.get(tenant_id, picked[0])
    if model is None:  # put_route checks targets are loaded and unload refuses routed models: a bug if seen
        raise _not_served(name)
    return model, picked[1], route


@answers_errors
async def model_metadata(request: Request) -> Response:
    state = _state(request)
    caller = await state.auth.caller(request.headers)
    name = request.path_params["name"]
    model, _, route = resolve(state, caller.tenant_id, name, request.path_params.get("version"))
    body = model.metadata(name)
    if route is not None:
        body["versions"] = [m.rsplit("-v", 1)[-1] for m, _ in route.targets]
    return json_response(body)


@answers_errors
async def model_ready(request: Request) -> Response:
    state = _state(request)
    caller = await state.auth.caller(request.headers)
    name = request.path_params["name"]
    resolve(state, caller.tenant_id, name, request.path_params.get("version"))
    return json_response({"name": name, "ready": True})


@answers_errors
async def infer(request: Request) -> Response:
    state = _state(request)
    caller = await state.auth.caller(request.headers)
    body = await read_body(request, state.settings.serve_max_request_bytes)
    json_length = header_length(request)
    name = request.path_params["name"]
    model, role, route = resolve(state, caller.tenant_id, name, request.path_params.get("version"))
    model.acquire()  # no await since resolve(): an unload cannot slip in between
    started = time.perf_counter_ns()
    outcome = "error"
    sampled = state.payloads.sampling(caller.tenant_id, route.name) if route is not None else None
    phases = Phases(capture=sampled is not None)
    request_id = request.headers.get("x-request-id") or (state.payloads.next_request_id() if sampled else "")
    try:
        if model.runs_inline(len(body), state.inline_below):
            content, json_part = model.infer(body, json_length, name, phases)
        else:
            content, json_part = await asyncio.get_running_loop().run_in_executor(
                state.executor, model.infer, body, json_length, name, phases
            )
        outcome = "ok"
    except BadRequest:
        outcome = "bad_request"
        raise
    finally:
        model.release()
        _record(model, role, outcome, started, phases)
        if sampled is not None and route is not None:
            _log_payload(state, sampled, caller.tenant_id, route.name, model, request_id, outcome, started, phases)
        if route is not None and route.shadows:
            _shadow(state, caller.tenant_id, route, body, json_length)
    headers = {"X-Slipway-Version": model.name}
    if request_id:
        headers["X-Request-Id"] = request_id
    if json_part is None:
        return Response(content, headers=headers, media_type="application/json")
    headers["Inference-Header-Content-Length"] = str(json_part)
    return Response(content, headers=headers, media_type="application/octet-stream")


def _log_payload(
    state: ServerState,
    sampled: Sampling,
    tenant_id: uuid.UUID,
    route: str,
    model: LoadedModel,
    request_id: str,
    outcome: str,
    started_ns: int,
    phases: Phases,
) -> None:
    """Queue the sampled request for the payload log: references only, the writer task does the rest."""
    state.payloads.offer(
        Record(
            logged_at=datetime.now(UTC),
            tenant_id=tenant_id,
            deployment_id=sampled.deployment_id,
            route=route,
            version_id=model.row.version_id,
            version=model.name,
            request_id=request_id,
            latency_ms=(time.perf_counter_ns() - started_ns) / 1e6,
            outcome=outcome,
            inputs=phases.inputs,
            outputs=phases.outputs,
        )
    )


def _shadow(state: ServerState, tenant_id: uuid.UUID, route: RouteEntry, body: bytes, json_length: int | None) -> None:
    """Send a copy to each shadow in the background; never waited for, never answered, only counted."""
    for name in route.shadows:
        model = state.models.get(tenant_id, name)
        if model is None:
            continue
        if len(state.shadow_tasks) >= state.settings.serve_max_shadow_pending:
            state.metrics.shadow_dropped.inc()
            continue
        model.acquire()
        task = asyncio.create_task(_run_shadow(state, model, body, json_length))
        state.shadow_tasks.add(task)
        task.add_done_callback(state.shadow_tasks.discard)


async def _run_shadow(state: ServerState, model: LoadedModel, body: bytes, json_length: int | None) -> None:
    started = time.perf_counter_ns()
    outcome = "error"
    phases = Phases()
    try:
        await asyncio.get_running_loop().run_in_executor(
            state.executor, model.infer, body, json_length, model.name, phases
        )
        outcome = "ok"
    except BadRequest:
        outcome = "bad_request"
    except ServingError as exc:
        log.info("shadow inference failed", extra={"model": model.name, "error": exc.message})
    except Exception:
        log.exception("shadow inference failed", extra={"model": model.name})
    finally:
        model.release()
        _record(model, "shadow", outcome, started, phases)


def _record(model: LoadedModel, role: str, outcome: str, started_ns: int, phases: Phases) -> None:
    """Prometheus and the statistics extension; queue time is what the phases leave of the whole."""
    total = time.perf_counter_ns() - started_ns
    model.recorder(role).record(outcome, total / 1e9)
    queue = max(0, total - phases.input_ns - phases.infer_ns - phases.output_ns)
    model.stats.record(outcome == "ok", total, queue, phases)
