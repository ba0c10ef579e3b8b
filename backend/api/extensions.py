"""Schema extensions: one transaction per operation, error codes, operation metrics."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from backend.api.context import Context
from backend.api.errors import to_graphql_error
from backend.api.metrics import GRAPHQL_ERRORS, GRAPHQL_SECONDS


def _result_with_errors(result: object) -> GraphQLExecutionResult | ExecutionResult | None:
    return result if isinstance(result, GraphQLExecutionResult | ExecutionResult) else None


class UnitOfWork(SchemaExtension):
    """Commit once when the operation succeeded; otherwise roll everything back."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or context._session is None:
            return
        result = _result_with_errors(self.execution_context.result)
        try:
            if result is not None and not result.errors:
                await context.commit()
        except Exception as exc:  # the commit itself failed: report it, keep nothing
            result.data = None
            result.errors = [GraphQLError("commit failed", original_error=exc)]
        finally:
            await context.close()


class ErrorCodes(SchemaExtension):
    """Give every error an `extensions.code`, mask the unexpected ones, and count them."""

    async def on_operation(self) -> AsyncIterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        operation = ctx.operation_name or "anonymous"
        kind = ctx.operation_type.value if ctx.operation_type else "invalid"
        GRAPHQL_SECONDS.labels(operation=operation, type=kind).observe(time.perf_counter() - started)
        result = _result_with_errors(ctx.result)
        if result is None or not result.errors:
            return
        result.errors = [to_graphql_error(e) for e in result.errors]
        for error in result.errors:
            GRAPHQL_ERRORS.labels(code=str((error.extensions or {}).get("code"))).inc()
