"""Schema extensions: one transaction per operation, error codes, operation metrics."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from backend.api.context import Context
from backend.api.errors import to_graphql_error
from backend.api.metrics import GRAPHQL_ERRORS, GRAPHQL_SECONDS, operation_label


def _result_with_errors(result: object) -> GraphQLExecutionResult | ExecutionResult | None:
    return result if isinstance(result, GraphQLExecutionResult | ExecutionResult) else None


class UnitOfWork(SchemaExtension):
    """Commit once when the operation succeeded; otherwise roll everything back, S3 writes included."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context):
            return
        result = _result_with_errors(self.execution_context.result)
        try:
            if result is not None and not result.errors:
                await context.commit()
            elif result is not None and self._is_mutation():
                # Rolled back: data from the mutations that ran first would describe rows that do not exist.
                result.data = None
        except Exception as exc:  # the commit itself failed: report it, keep nothing
            result.data = None
            result.errors = [GraphQLError("commit failed", original_error=exc)]
        finally:
            await context.close()
            await context.undo()  # empty once committed; otherwise S3 writes follow the rollback

    def _is_mutation(self) -> bool:
        ctx = self.execution_context
        return ctx.graphql_document is not None and ctx.operation_type.value == "mutation"


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
            GRAPHQL_ERRORS.labels(code=str(error.extensions["code"])).inc()
            mapped.append(error)
        result.errors = mapped
