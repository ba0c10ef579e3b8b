"""The Starlette application: lifespan, routes, middleware."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from backend.api import http
from backend.api.admission import Admission
from backend.api.feeds import Feeds
from backend.api.metrics import metrics
from backend.api.middleware import RequestContext
from backend.api.schema import build_schema
from backend.api.state import AppState
from backend.api.view import SlipwayGraphQL
from backend.api.websocket import OpenSockets
from backend.config import Settings
from backend.config import settings as default_settings
from backend.events.hub import EventHub
from backend.identity.signed_in import SignedIn
from backend.identity.tokens import LEEWAY_SECONDS, Issuer, builtin_verifier, load_signing_key, oidc_verifier
from backend.kit.db import create_engine, create_sessionmaker
from backend.kit.heap import settle_heap
from backend.kit.logging import configure_logging
from backend.storage.s3 import ObjectStore


async def build_state(settings: Settings) -> AppState:
    engine = create_engine(settings, role="slipway-api", statement_timeout=settings.database_statement_timeout_seconds)
    store = ObjectStore(settings)
    await store.open()
    key = load_signing_key(settings)
    verifier = await oidc_verifier(settings) if settings.oidc_issuer else builtin_verifier(settings, key)
    sessionmaker = create_sessionmaker(engine)
    sockets = OpenSockets(sessionmaker, interval=settings.ws_check_seconds, leeway=LEEWAY_SECONDS)
    hub = EventHub(settings.libpq_url, application_name=f"slipway-api-{os.getpid()}-listen")
    return AppState(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        store=store,
        hub=hub,
        issuer=Issuer(settings, key),
        verifier=verifier,
        sockets=sockets,
        feeds=Feeds(),
        admission=Admission(limit=settings.api_max_running_requests, timeout=settings.api_admission_timeout_seconds),
        signed_in=SignedIn(ttl=settings.auth_cache_seconds),
    )


class _GraphQLEndpoint:
    """Builds the view once the lifespan has made the state it needs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.view: SlipwayGraphQL | None = None

    def bind(self, state: AppState) -> None:
        self.view = SlipwayGraphQL(
            state,
            schema=build_schema(self.settings),
            graphql_ide="graphiql" if self.settings.graphql_ide else None,
            multipart_uploads_enabled=True,
            # graphql-transport-ws only: the legacy graphql-ws protocol has no way to say why a socket closes.
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
            max_subscriptions_per_connection=self.settings.ws_max_operations,
            # GraphQL-over-HTTP: GET is for queries only (strawberry refuses mutations over GET).
            allow_queries_via_get=True,
        )

    async def __call__(self, scope, receive, send) -> None:
        assert self.view is not None, "the lifespan has not run"
        await self.view(scope, receive, send)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or default_settings
    configure_logging(settings.log_level, json=settings.log_json, process="api")
    graphql = _GraphQLEndpoint(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state = await build_state(settings)
        app.state.slipway = state
        await state.hub.start()
        state.sockets.start()
        graphql.bind(state)
        settle_heap()
        try:
            yield
        finally:
            await state.sockets.stop()
            await state.hub.stop()
            await state.store.close()
            await state.engine.dispose()

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/auth/token", http.issue_token, methods=["POST"]),
        Route("/auth/config", http.auth_config, methods=["GET"]),
        Route("/.well-known/jwks.json", http.jwks, methods=["GET"]),
        Route("/auth/refresh", http.refresh_session, methods=["POST"]),
        Route("/auth/session", http.start_session, methods=["POST"]),
        Route("/auth/sign-out", http.sign_out, methods=["POST"]),
        Route("/healthz", http.healthz),
        Route("/readyz", http.readyz),
        Route("/metrics", metrics),
    ]
    routes.append(_web_app(Path(settings.web_dist)))
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(RequestContext)])


class _SinglePageApp(StaticFiles):
    """The built web app: files as they are, and index.html for the app's own paths (/models/…)."""

    async def get_response(self, path: str, scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            # A path without an extension is a page the router draws; a missing .js/.png stays 404.
            if exc.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            response = await super().get_response("index.html", scope)
        if path in ("", ".", "index.html") or not path.startswith("assets/"):
            response.headers["Cache-Control"] = "no-cache"  # a new build is picked up at once
        else:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"  # hashed names
        return response


def _web_app(dist: Path) -> Mount | Route:
    if (dist / "index.html").exists():
        return Mount("/", _SinglePageApp(directory=dist, html=True), name="web")

    async def placeholder(_request) -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><title>Slipway</title><h1>Slipway API</h1>"
            "<p>GraphQL is at <a href='/graphql'>/graphql</a>. The web app has not been built "
            f"(no {dist}/index.html).</p>"
        )

    return Route("/", placeholder)
