"""Subscriptions shared by every socket that asks the same thing as the same viewer.

A fleet of dashboards opens the same subscription hundreds of times. Each distinct (document, variables,
viewer) runs one stream in this process: one read per event, one execution of its fields, and every
socket that asked gets that same result. A stream of states (`api.live.follow`) gives a socket that
joins late its latest result first; a stream of changes (`api.live.changes`) gives only what comes after.
The viewer is the user with their role, so fields such as `viewerCanApprove` are never shared between
people.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
from collections.abc import AsyncGenerator, Iterable
from typing import Any

from graphql import GraphQLError, get_operation_ast, parse
from graphql.language import OperationType as OperationKind
from strawberry.schema import BaseSchema
from strawberry.schema.schema import StreamResult
from strawberry.types.execution import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.aio import aclosing

from backend.api.context import Context

log = logging.getLogger(__name__)

# Results a slow socket may lag behind; past that it loses the oldest (a state stream's newest stays).
QUEUE_SIZE = 64
_END = object()


@functools.lru_cache(maxsize=512)
def _is_subscription(query: str, operation_name: str | None) -> bool:
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLError:
        return False  # strawberry answers the syntax error itself
    return operation is not None and operation.operation is OperationKind.SUBSCRIPTION


class Feed:
    """One stream and the queues of the sockets that follow it."""

    def __init__(self, feeds: Feeds, key: tuple, context: Context) -> None:
        self._feeds = feeds
        self._key = key
        self.context = context
        self.members: set[asyncio.Queue[Any]] = set()
        self.latest: object | None = None  # the stream's last frame, relayed as it came
        self.ended = False
        self._task: asyncio.Task[None] | None = None

    def start(
        self,
        schema: BaseSchema,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        root_value: Any,
    ) -> None:
        self._task = asyncio.create_task(
            self._run(schema, query, variables, operation_name, root_value), name="subscription-feed"
        )

    async def _run(
        self,
        schema: BaseSchema,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        root_value: Any,
    ) -> None:
        try:
            source = await schema.stream(
                query,
                variable_values=variables,
                context_value=self.context,
                root_value=root_value,
                operation_name=operation_name,
            )
            async with aclosing(source):
                async for result in source:
                    if self.context.stateful_stream:
                        self.latest = result
                    for queue in list(self.members):
                        _put(queue, result)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("a shared subscription stream failed")
            error = GraphQLError(
                "The subscription stopped on an internal error; subscribe again.", extensions={"code": "INTERNAL"}
            )
            for queue in list(self.members):
                _put(queue, ExecutionResult(data=None, errors=[error]))
        finally:
            self.ended = True
            self._feeds.forget(self._key, self)
            for queue in list(self.members):
                _put(queue, _END)

    def join(self) -> asyncio.Queue[Any]:
        queue: asyncio.Queue[Any] = asyncio.Queue(QUEUE_SIZE)
        if self.latest is not None:
            queue.put_nowait(self.latest)
        self.members.add(queue)
        return queue

    async def follow(self, queue: asyncio.Queue[Any]) -> AsyncGenerator[ExecutionResult, None]:
        """The results for one socket's operation, until the stream ends or the operation does."""
        try:
            while (item := await queue.get()) is not _END:
                yield item
        finally:
            self.members.discard(queue)
            if not self.members and not self.ended and self._task is not None:
                # The last socket left: nobody needs this stream's reads any more.
                self._feeds.forget(self._key, self)
                self._task.cancel()


def _put(queue: asyncio.Queue[Any], item: object) -> None:
    if queue.full():
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
    queue.put_nowait(item)


class Feeds:
    """The shared streams of this process, by what they ask and who asks it."""

    def __init__(self) -> None:
        self._feeds: dict[tuple, Feed] = {}

    def __len__(self) -> int:
        return len(self._feeds)

    def forget(self, key: tuple, feed: Feed) -> None:
        if self._feeds.get(key) is feed:
            del self._feeds[key]

    def schema(self, schema: BaseSchema) -> SharedStreams:
        return SharedStreams(schema, self)

    def join(
        self,
        schema: BaseSchema,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Context,
        root_value: Any,
    ) -> AsyncGenerator[ExecutionResult, None]:
        principal = context.viewer
        key = (
            query,
            operation_name,
            json.dumps(variables or {}, sort_keys=True, default=str),
            principal.tenant_id,
            principal.user_id,
            principal.role,
        )
        feed = self._feeds.get(key)
        if feed is None:
            # The stream runs as this viewer, apart from any one socket: it outlives the socket that started it.
            own = Context(request=None, state=context.state, principal=dataclasses.replace(principal))
            feed = self._feeds[key] = Feed(self, key, own)
            queue = feed.join()
            feed.start(schema, query, variables, operation_name, root_value)
        else:
            queue = feed.join()
        return feed.follow(queue)


class SharedStreams:
    """The schema as a socket handler sees it: subscriptions go through the shared feeds, the rest as they were."""

    def __init__(self, schema: BaseSchema, feeds: Feeds) -> None:
        self._schema = schema
        self._feeds = feeds

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)

    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        # BaseSchema is a protocol: its one static method has to be here, not behind __getattr__.
        BaseSchema.remove_field_suggestion(error)

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> StreamResult:
        if (
            query is None
            or operation_extensions is not None
            or allowed_operation_types is not None
            or not isinstance(context_value, Context)
            or context_value.principal is None
            or not _is_subscription(query, operation_name)
        ):
            return await self._schema.stream(
                query,
                variable_values=variable_values,
                context_value=context_value,
                root_value=root_value,
                operation_name=operation_name,
                operation_extensions=operation_extensions,
                allowed_operation_types=allowed_operation_types,
            )
        return self._feeds.join(self._schema, query, variable_values, operation_name, context_value, root_value)
