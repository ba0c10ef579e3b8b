"""After a start, the shared model server loads the routes Postgres says are LIVE before it reports ready.

The worker's sweep re-asserts LIVE routes every `deploy_sweep_seconds`; without this a restarted server said
ready while its production routes still answered 404. The routes come from the rollout worker's own query
(deployments.traffic.live_routes), handed in by `slipway serve`: serving sits below deployments and never
imports it, so what it needs of a route is spelled out here as protocols.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.serving.errors import ServingError, Unavailable
from backend.serving.state import ServerState
from backend.serving.traffic import RouteEntry

log = logging.getLogger(__name__)


class Version(Protocol):
    @property
    def tenant_id(self) -> uuid.UUID: ...
    @property
    def version_id(self) -> uuid.UUID: ...
    @property
    def served_name(self) -> str: ...


class Target(Protocol):
    @property
    def version(self) -> Version: ...
    @property
    def weight(self) -> int: ...


class LiveRoute(Protocol):
    """A route the rows say should answer now (deployments.runtimes.base.Route is one)."""

    @property
    def tenant_id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def targets(self) -> Sequence[Target]: ...
    @property
    def shadows(self) -> Sequence[Version]: ...


# Reads the LIVE routes in a session: deployments.traffic.live_routes.
LiveRoutes = Callable[[AsyncSession], Awaitable[Sequence[LiveRoute]]]

RETRY_SECONDS = 2.0
GIVE_UP_SECONDS = 60.0


async def restore_routes(
    state: ServerState, live_routes: LiveRoutes, *, give_up_after: float = GIVE_UP_SECONDS
) -> None:
    """Load and route every LIVE route, retrying while Postgres or S3 are away; ready once done.

    After `give_up_after` seconds without Postgres it logs why and lets the worker's first route push
    (repository_api.put_route) make the server ready instead; it keeps trying meanwhile.
    """
    if state.settings.runtime != "local":  # model-server pods of other runtimes serve their --preload only
        state.restore.done = True
        return
    started = time.monotonic()
    while not state.restore.done:
        try:
            count = await _restore_once(state, live_routes)
        except (Unavailable, OperationalError, DBAPIError, OSError) as exc:
            waited = time.monotonic() - started
            state.restore.waiting_for = f"Waiting for Postgres to restore the LIVE routes ({waited:.0f} s): {exc}"
            if waited > give_up_after and not state.restore.gave_up:
                state.restore.gave_up = True
                log.error(
                    "could not read the LIVE routes from Postgres; ready once the worker pushes a route",
                    extra={"seconds": round(waited), "error": str(exc)},
                )
            await asyncio.sleep(RETRY_SECONDS)
            continue
        state.restore.done = True
        log.info("LIVE routes restored", extra={"routes": count, "seconds": round(time.monotonic() - started, 2)})


async def _restore_once(state: ServerState, live_routes: LiveRoutes) -> int:
    async with state.sessionmaker() as session:
        routes = await live_routes(session)
    restored = 0
    for route in routes:
        targets = [(t.version.served_name, t.weight) for t in route.targets if t.weight > 0]
        if not targets or state.routes.get(route.tenant_id, route.name) is not None:
            continue  # nothing to route, or the worker pushed it meanwhile (its push is as new as ours)
        try:
            for version in [*(t.version for t in route.targets), *route.shadows]:
                await state.models.load(version.tenant_id, version.served_name, version.version_id)
        except Unavailable:
            raise
        except ServingError as exc:  # one broken version must not keep every other route from answering
            log.error("could not restore route", extra={"route": route.name, "error": exc.message})
            continue
        if state.routes.get(route.tenant_id, route.name) is None:
            state.routes.put(
                route.tenant_id, RouteEntry.build(route.name, targets, [s.served_name for s in route.shadows])
            )
            restored += 1
    return restored
