"""Schema extensions: one unit of work per operation, error codes, operation metrics."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import FieldNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext as StrawberryExecutionContext
from strawberry.types.execution import ExecutionResult
from strawberry.types.graphql import OperationType

from backend.api import unit
from backend.api.context import Context
from backend.api.errors import to_graphql_error
from backend.api.metrics import GRAPHQL_ERRORS, GRAPHQL_SECONDS, operation_label


def _result_with_errors(result: object) -> GraphQLExecutionResult | ExecutionResult | None:
    return result if isinstance(result, GraphQLExecutionResult | ExecutionResult) else None


def _several_root_fields(ctx: StrawberryExecutionContext) -> bool:
    """True when the operation selects more than one root field (a fragment there may hold several)."""
    document = ctx.graphql_document
    if document is None:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    named = [o for o in operations if o.name is not None and o.name.value == ctx.operation_name]
    chosen = named[0] if named else operations[0] if len(operations) == 1 else None
    if chosen is None:
        return False
    selections = chosen.selection_set.selections
    return len(selections) > 1 or any(not isinstance(s, FieldNode) for s in selections)


class Transactional(SchemaExtension):
    """Each query or mutation runs in a unit of work of its own and commits before its answer is sent.

    Committing after execution (not after the operation) matters on websockets: the operation's answer is
    sent before the operation hooks finish, and a mutation must never say "done" for a commit that failed.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        context = ctx.context
        if not isinstance(context, Context) or ctx.operation_type is OperationType.SUBSCRIPTION:
            # Each event of a subscription reads in a unit of its own (api/live.py): none is held between events.
            yield
            return
        async with contextlib.AsyncExitStack() as stack:
            # An HTTP request opened its unit to authenticate; a websocket operation opens one here.
            work = unit.current()
            if work is None:
                work = await stack.enter_async_context(unit.open_unit(context.state.sessionmaker))
            if ctx.operation_type is OperationType.QUERY and _several_root_fields(ctx):
                # A query's root fields resolve at once. If two reach Postgres before the unit's session has
                # its connection, both make it check one out, and SQLAlchemy refuses the second ("provisioning
                # a new connection; concurrent operations are not permitted") whenever the checkout waits (a
                # new connection, a ping after idling). One checkout first; `{ me }` alone still takes none.
                await work.session.connection()
            yield
            result = _result_with_errors(ctx.result)
            if result is None:
                return
            if result.errors:
                if ctx.operation_type is OperationType.MUTATION:
                    # Rolled back: data from the mutations that ran first would describe rows that do not exist.
                    result.data = None
                return
            try:
                await work.commit()
            except Exception as exc:  # the commit itself failed: report it, keep nothing
                result.data = None
                result.errors = [GraphQLError("commit failed", original_error=exc)]


class ErrorCodes(SchemaExtension):
    """Give every error an `extensions.code`, mask the unexpected ones, and count them."""

    async def on_operation(self) -> AsyncIterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        parsed = ctx.graphql_document is not None
        operation = operation_label(ctx.operation_name if parsed else None)
        kind = ctx.operation_type.value if parsed else "unparsable"
        GRAPHQL_SECONDS.labels(operation=operation, type=kind).observe(time.perf_counter() - started)
        self.map_errors(_result_with_errors(ctx.result))

    def on_stream_result(self, result: object) -> Iterator[None]:
        """Each event of a subscription gets the same treatment before it is sent."""
        self.map_errors(_result_with_errors(result))
        yield

    @staticmethod
    def map_errors(result: GraphQLExecutionResult | ExecutionResult | None) -> None:
        if result is None or not result.errors:
            return
        mapped = []
        for error in result.errors:
            # A stream's last frame is also the operation's result: map each error once.
            if error.original_error is None and "code" in (error.extensions or {}):
                mapped.append(error)
                continue
            error = to_graphql_error(error)
            GRAPHQL_ERRORS.labels(code=str((error.extensions or {}).get("code"))).inc()  # always set by then
            mapped.append(error)
        result.errors = mapped
