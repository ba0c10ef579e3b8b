"""Refuse input no resolver could store or answer with, before it runs, on every transport (HTTP and websocket).

Postgres cannot store U+0000 in text or jsonb: a NUL that reached a query would fail there as an
internal error, after the resolver had already done part of its work. A JSON value nested past what an
answer can be written with would be stored, then break every answer that includes it. Literals are
checked by a validation rule (cached with the document); variables change per request and are checked
per operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    SKIP,
    ArgumentNode,
    GraphQLError,
    ListValueNode,
    ObjectFieldNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    ValidationRule,
    VariableDefinitionNode,
)
from strawberry.extensions import SchemaExtension

from backend.kit.errors import BadInput

NUL = "\x00"
# orjson, which writes every answer, refuses nesting past 255 levels: an input value stored deeper would
# make each later answer that includes it fail.
MAX_DEPTH = 64


class StorableLiterals(ValidationRule):
    """Literals are refused with U+0000 in a string or nested past MAX_DEPTH, naming the argument."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.depth = 0

    def enter_string_value(
        self, node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: list[Any]
    ) -> None:
        if NUL in node.value:
            self.report_error(
                GraphQLError(
                    f"{_literal_owner([*ancestors, parent])} contains a NUL character (U+0000), which cannot be stored; "
                    "remove it.",
                    node,
                )
            )

    def enter_object_value(
        self, node: ObjectValueNode | ListValueNode, _key: Any, parent: Any, _path: Any, ancestors: list[Any]
    ) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            owner = _literal_owner([*ancestors, parent], fields=False)
            self.report_error(
                GraphQLError(
                    f"{owner} nests deeper than {MAX_DEPTH} levels, more than an answer can carry; flatten it.", node
                )
            )
            self.depth -= 1
            return SKIP  # once per literal, not once per level below the limit
        return None

    def leave_object_value(self, *_: Any) -> None:
        self.depth -= 1

    enter_list_value = enter_object_value
    leave_list_value = leave_object_value


def _literal_owner(ancestors: list[Any], *, fields: bool = True) -> str:
    """ "Argument `input.name`" for a literal inside an argument: its name, then the input fields down to it."""
    names: list[str] = []
    for node in reversed(ancestors):
        if isinstance(node, ObjectFieldNode) and fields:
            names.append(node.name.value)
        elif isinstance(node, ArgumentNode):
            return f"Argument `{'.'.join([node.name.value, *reversed(names)])}`"
        elif isinstance(node, VariableDefinitionNode):
            return f"The default value of `${node.variable.name.value}`"
    return "A literal"


def variable_problem(name: str, value: object) -> str | None:
    """What makes variable `name` unusable (a NUL anywhere in it, or nesting past MAX_DEPTH), if anything."""
    # Iterative: a variable may nest as deep as its JSON did, deeper than Python's recursion allows here.
    stack: list[tuple[object, str, int]] = [(value, f"${name}", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return (
                f"Variable `${name}` nests deeper than {MAX_DEPTH} levels, more than an answer can carry; flatten it."
            )
        if isinstance(item, str) and NUL in item:
            return f"Variable `{path}` contains a NUL character (U+0000), which cannot be stored; remove it."
        if isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str) and NUL in key:
                    return f"A key of variable `{path}` contains a NUL character (U+0000); remove it."
                stack.append((inner, f"{path}.{key}", depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((inner, f"{path}[{i}]", depth + 1) for i, inner in enumerate(item))
    return None


class InputChecks(SchemaExtension):
    """Operation-level checks GraphQL leaves to the server: one operation chosen, every input storable."""

    def on_validate(self) -> Iterator[None]:
        # Added here, not in on_operation, where the API's ValidationRules sets the whole list; this runs
        # before DocumentCache (later in the list), and a module-level class keeps the cache key stable.
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, StorableLiterals)
        yield

    def on_execute(self) -> Iterator[None]:
        # Raised before execution starts; every path (execute, stream, subscribe) reports an error raised
        # here as the operation's only error, with no data. Keep this extension ahead of Transactional,
        # so it raises before that one has opened anything.
        ctx = self.execution_context
        self._check_operation_chosen(ctx)
        for name, value in (ctx.variables or {}).items():
            if (problem := variable_problem(name, value)) is not None:
                raise BadInput(problem, field=name)
        yield

    @staticmethod
    def _check_operation_chosen(ctx: Any) -> None:
        # Strawberry runs the first operation when none is named; the GraphQL spec says to refuse
        # (graphql-core would, but strawberry hands it the first one's name). Strawberry keeps the
        # name the client sent only in this attribute.
        if ctx._provided_operation_name is not None or ctx.graphql_document is None:
            return
        names = [
            d.name.value if d.name else "(anonymous)"
            for d in ctx.graphql_document.definitions
            if isinstance(d, OperationDefinitionNode)
        ]
        if len(names) > 1:
            raise BadInput(
                f"The document holds {len(names)} operations ({', '.join(names)}); name the one to run "
                "in `operationName`.",
                field="operationName",
            )
