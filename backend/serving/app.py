"""`slipway serve`: the Starlette app speaking the Open Inference Protocol v2 over onnxruntime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.config import Settings
from backend.config import settings as default_settings
from backend.kit.heap import collect_less_often, settle_heap
from backend.kit.logging import configure_logging
from backend.serving import inference, repository_api, restore, statistics
from backend.serving.errors import ServingError, Unavailable
from backend.serving.http import json_response
from backend.serving.payload_log import LoggingTargets
from backend.serving.state import ServerState, build_state, close_state
from backend.serving.traffic import RouteEntry

log = logging.getLogger(__name__)

PreloadPair = tuple[uuid.UUID, uuid.UUID]  # (tenant id, version id)
_PRELOAD_RETRY_SECONDS = 5.0


def parse_preload(values: list[str]) -> list[PreloadPair]:
    """`TENANT_UUID:VERSION_UUID` items (also comma-separated) as pairs; ValueError names a bad one."""
    pairs = []
    for value in values:
        for item in filter(None, (part.strip() for part in value.split(","))):
            tenant, sep, version = item.partition(":")
            try:
                if not sep:
                    raise ValueError
                pairs.append((uuid.UUID(tenant), uuid.UUID(version)))
            except ValueError:
                raise ValueError(f"--preload {item!r} is not TENANT_UUID:VERSION_UUID") from None
    return pairs


async def live(_request: Request) -> Response:
    return json_response({"live": True})


async def ready(request: Request) -> Response:
    """`{"ready": bool}`; 503 (with the reason in `error`) until preloads and restored routes are in place."""
    state: ServerState = request.app.state.serve
    preload = state.preload
    if preload.failures:
        reason = "; ".join(preload.failures.values())
        return json_response({"ready": False, "error": f"A preloaded model could not be loaded: {reason}"}, 503)
    if preload.pending:
        return json_response(
            {"ready": False, "error": f"Still loading {len(preload.pending)} preloaded model(s)."}, 503
        )
    if not state.restore.done:
        return json_response({"ready": False, "error": state.restore.waiting_for}, 503)
    return json_response({"ready": True})


async def server_metadata(_request: Request) -> Response:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("slipway")
    except PackageNotFoundError:
        ours = "dev"
    return json_response({"name": "slipway", "version": ours, "extensions": EXTENSIONS})


async def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.serve.metrics.registry), media_type=CONTENT_TYPE_LATEST)


EXTENSIONS = ["model_repository", "statistics", "binary_tensor_data"]

# The environments' route suffixes (`{model}-staging`, `{model}-production`), as the rollout worker names routes.
ROUTE_SUFFIXES = ("staging", "production")


async def _preload(state: ServerState, pairs: list[PreloadPair], *, answer_routes: bool = False) -> None:
    """Load each pair (by the version's own served name), retrying while Postgres or S3 are away."""
    from backend.serving import loader

    state.preload.pending.update(pairs)
    for pair in pairs:
        while True:
            try:
                row = await loader.version_row(state.sessionmaker, *pair)
                await state.models.load(pair[0], row.served_name, pair[1])
                if answer_routes:
                    _answer_routes(state, pair[0], row.model_name, row.served_name)
                break
            except Unavailable as exc:
                log.warning("preload waits for Postgres/S3", extra={"version_id": str(pair[1]), "error": exc.message})
                await asyncio.sleep(_PRELOAD_RETRY_SECONDS)
            except ServingError as exc:
                state.preload.failures[pair] = f"version {pair[1]}: {exc.message}"
                log.error("preload failed", extra={"version_id": str(pair[1]), "error": exc.message})
                break
        state.preload.pending.discard(pair)


def _answer_routes(state: ServerState, tenant_id: uuid.UUID, model: str, served_name: str) -> None:
    """Route names to the one preloaded version, so a pod behind a route Service answers from its first request.

    The worker tells ready pods the same when it switches a route, but a pod that restarts later would
    answer 404 until the next switch or sweep; the Service only sends a route's traffic to the pods it
    selects, so answering both environments' names here sends no request to a version it should not reach.
    """
    for suffix in ROUTE_SUFFIXES:
        state.routes.put(tenant_id, RouteEntry.build(f"{model}-{suffix}", [(served_name, 100)], []))


def create_app(
    settings: Settings | None = None,
    *,
    preload: list[PreloadPair] | None = None,
    answer_routes: bool = False,
    live_routes: restore.LiveRoutes | None = None,
    payload_targets: LoggingTargets | None = None,
) -> Starlette:
    """The model server. `live_routes` reads the routes to restore at start (`slipway serve` passes the
    rollout worker's query); without it the server is ready at once and waits for the worker's pushes.
    `payload_targets` reads which routes log payloads (monitoring's query); without it none do."""
    settings = settings or default_settings
    configure_logging(settings.log_level, json=settings.log_json, process="serve")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state = await build_state(settings)
        app.state.serve = state
        settle_heap()
        collect_less_often()
        state.payloads.start(state.sessionmaker, payload_targets)
        tasks = [asyncio.create_task(_preload(state, preload or [], answer_routes=answer_routes))]
        if preload or live_routes is None:
            # A per-version pod serves its --preload version only: the worker's routes are for the shared one.
            state.restore.done = True
        else:
            tasks.append(asyncio.create_task(restore.restore_routes(state, live_routes)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await close_state(state)

    model = "/v2/models/{name}"
    version = "/v2/models/{name}/versions/{version}"
    routes = [  # /infer first: Starlette tries routes in order, and it is the hot path
        Route(f"{model}/infer", inference.infer, methods=["POST"]),
        Route(f"{version}/infer", inference.infer, methods=["POST"]),
        Route("/v2/health/live", live),
        Route("/v2/health/ready", ready),
        Route("/v2", server_metadata),
        Route("/metrics", metrics),
        Route("/v2/models/stats", statistics.model_stats),
        Route(f"{model}/stats", statistics.model_stats),
        Route(f"{version}/stats", statistics.model_stats),
        Route(model, inference.model_metadata),
        Route(version, inference.model_metadata),
        Route(f"{model}/ready", inference.model_ready),
        Route(f"{version}/ready", inference.model_ready),
        Route("/v2/repository/index", repository_api.index, methods=["POST"]),
        Route("/v2/repository/models/{name}/load", repository_api.load, methods=["POST"]),
        Route("/v2/repository/models/{name}/unload", repository_api.unload, methods=["POST"]),
        Route("/v2/repository/models/{name}/stats", repository_api.stats),
        Route("/v2/repository/routes", repository_api.list_routes),
        Route("/v2/repository/routes/{route}", repository_api.put_route, methods=["PUT"]),
        Route("/v2/repository/routes/{route}", repository_api.delete_route, methods=["DELETE"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _http_error})


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods answer in the OIP error shape too."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"{request.url.path} is not an endpoint of the model server; see /v2 and /v2/models/{{name}}."
    else:
        message = f"{request.method} {request.url.path}: {exc.detail}."
    return json_response({"error": message}, exc.status_code, dict(exc.headers or {}))
