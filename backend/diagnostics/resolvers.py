"""Ping over GraphQL: request it, read it, and watch it come back from the worker."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from backend.diagnostics import service
from backend.diagnostics.types import PingNode, PingStatus
from backend.kit import ids
from backend.kit.db import transaction


@strawberry.type
class DiagnosticsQuery:
    @strawberry.field
    async def ping(self, info: strawberry.Info, id: strawberry.ID) -> PingNode:
        ctx = info.context
        return PingNode.from_row(await service.get_ping(ctx.session, ctx.viewer, ids.decode("Ping", id)))


@strawberry.type
class DiagnosticsMutation:
    @strawberry.mutation(description="Send a ping through the job queue; watch `pingUpdated` for the pong.")
    async def ping(self, info: strawberry.Info, message: str = "ping") -> PingNode:
        ctx = info.context
        row = await service.request_ping(ctx.session, ctx.viewer, message=message)
        return PingNode.from_row(row)


@strawberry.type
class DiagnosticsSubscription:
    @strawberry.subscription(description="The ping now, then each change until a worker has answered it.")
    async def ping_updated(self, info: strawberry.Info, id: strawberry.ID) -> AsyncGenerator[PingNode, None]:
        ctx = info.context
        viewer = ctx.viewer
        ping_id = ids.decode("Ping", id)
        # Subscribe before reading, so a pong between the read and the subscription is not missed.
        async with ctx.state.hub.subscribe(viewer.tenant_id, {service.TOPIC}) as events:
            while True:
                async with transaction(ctx.state.sessionmaker) as session:
                    node = PingNode.from_row(await service.get_ping(session, viewer, ping_id))
                yield node
                if node.status is PingStatus.PONGED:
                    return
                while (await events.get()).id != str(ping_id):
                    pass
