"""Parse and validate each document once, cached by its text, and never hold the event loop for long.

Validating a document near the token limit is tens of milliseconds of graphql-core's own work (about
12 µs a token here); on the event loop that would stall every other request and websocket for as long.
A document longer than INLINE_CHARS is parsed and validated in a worker thread instead: the loop keeps
running, since the GIL is handed over every few milliseconds. Shorter ones, nearly all, stay inline.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from graphql import GraphQLError, parse, validate
from strawberry.extensions import SchemaExtension

T = TypeVar("T")

# ~300 tokens: a few milliseconds to parse and validate inline. The product's own documents are below it.
INLINE_CHARS = 2_000
CACHED_DOCUMENTS = 512


@functools.lru_cache(maxsize=CACHED_DOCUMENTS)
def _parse(query: str, **options: Any) -> Any:
    return parse(query, **options)


@functools.lru_cache(maxsize=CACHED_DOCUMENTS)
def _validate(schema: Any, document: Any, rules: tuple) -> list[GraphQLError]:
    return validate(schema, document, rules)


async def _off_loop(size: int, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    if size <= INLINE_CHARS:
        return work(*args, **kwargs)
    return await asyncio.to_thread(work, *args, **kwargs)


class DocumentCache(SchemaExtension):
    """Strawberry's ParserCache and ValidationCache in one, with large documents handled off the loop."""

    async def on_parse(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is None and ctx.query:
            # On a syntax error (or the token limit) strawberry parses it again and answers the error itself.
            with contextlib.suppress(GraphQLError):
                ctx.graphql_document = await _off_loop(len(ctx.query), _parse, ctx.query, **ctx.parse_options)
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and ctx.validation_rules and ctx.graphql_document is not None:
            ctx.pre_execution_errors = await _off_loop(
                len(ctx.query or ""), _validate, ctx.schema._schema, ctx.graphql_document, tuple(ctx.validation_rules)
            )
        yield
