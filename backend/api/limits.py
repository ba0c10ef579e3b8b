"""What one GraphQL operation may ask for (depth, aliases, cost), measured before it executes."""

from __future__ import annotations

import functools
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from graphql import (
    SKIP,
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    Node,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    is_leaf_type,
    specified_rules,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from graphql.validation import OverlappingFieldsCanBeMergedRule, ValidationContext
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension

from backend.kit.pagination import MAX_PAGE

# Field merging (OverlappingFieldsCanBeMerged) compares same-named fields pairwise. graphql-core
# stops it after 500,000 comparisons, which same-named fields under the token limit reach in up
# to 1.4 s on a 2-core machine; 2,000 stop it after ~6 ms of its own work, and the heaviest
# document the product ships (the web app's DeploymentPage) needs 76.
MERGE_BUDGET = 2_000

# Measures stop growing here: a fragment spread twice on each of 300 levels measures 2**300, which
# neither orjson (64-bit integers) nor JavaScript clients (exact to 2**53) would carry back.
CEILING = 2**53 - 1


@dataclass(frozen=True, slots=True)
class Measure:
    """One selection's nesting depth, aliases (fragments counted at each spread) and cost."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0  # fields resolved, per object the selection is made on


ZERO = Measure()


class LimitExceeded(ValidationAbortedError):
    """A refusal that ends validation: the other rules need not read a document refused anyway."""

    def __init__(self, message: str, node: Node, *, limit: str, maximum: int, measured: int | None = None) -> None:
        extensions: dict[str, Any] = {"limit": limit, "max": maximum}
        if measured is not None:
            extensions["measured"] = measured
        super().__init__(message, node, extensions=extensions)


class Measurer:
    """Measures the operations of one document in one pass; each fragment is measured once."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[str, Measure] = {}
        self.open: set[str] = set()  # fragments being measured: a spread of one closes a cycle

    def operation(self, node: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(node.operation)
        return _run(self._selections(node.selection_set, root))

    # Each measuring step is a generator that yields the steps it needs and receives their
    # measures, run by `_run` with an explicit stack: fragments may chain hundreds deep under
    # the token limit, past Python's recursion limit.
    def _selections(self, node: SelectionSetNode, parent: GraphQLNamedType | None) -> _Step:
        depth = aliases = cost = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    measure = Measure(0, 1 if selection.alias else 0, 1)
                else:
                    measure = yield self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = self._type(selection.type_condition.name.value) if selection.type_condition else parent
                measure = yield self._selections(selection.selection_set, condition)
            else:
                assert isinstance(selection, FragmentSpreadNode)  # the third and last kind of selection
                name = selection.name.value
                measure = self.memo.get(name) or (yield self._fragment(name))
            depth = max(depth, measure.depth)
            aliases = min(aliases + measure.aliases, CEILING)
            cost = min(cost + measure.cost, CEILING)
        return Measure(depth, aliases, cost)

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> _Step:
        definition = _field_definition(parent, node.name.value)
        child = get_named_type(definition.type) if definition else None
        assert node.selection_set is not None
        inner: Measure = yield self._selections(node.selection_set, child)
        aliases = min(inner.aliases + (1 if node.alias else 0), CEILING)
        # Introspection is as deep and as wide as the schema, whatever it is asked: like
        # Strawberry's depth limiter, it adds no depth, and its lists are counted once.
        if node.name.value.startswith("__") or (parent is not None and parent.name.startswith("__")):
            return Measure(0, aliases, min(1 + inner.cost, CEILING))
        rows = _rows(node, definition, parent)
        return Measure(inner.depth + 1, aliases, min(1 + rows * inner.cost, CEILING))

    def _fragment(self, name: str) -> _Step:
        fragment = self.fragments.get(name)
        if fragment is None or name in self.open:  # KnownFragmentNames and NoFragmentCycles report these
            return ZERO
        self.open.add(name)
        measure: Measure = yield self._selections(
            fragment.selection_set, self._type(fragment.type_condition.name.value)
        )
        self.open.discard(name)
        self.memo[name] = measure
        return measure

    def _type(self, name: str) -> GraphQLNamedType | None:
        return self.schema.get_type(name)


_Step = Generator["_Step", Measure, Measure]


def _run(step: _Step) -> Measure:
    stack = [step]
    value: Measure | None = None
    while True:
        try:
            needed = stack[-1].send(value)  # type: ignore[arg-type]  # None starts a generator
        except StopIteration as done:
            stack.pop()
            if not stack:
                return done.value
            value = done.value
        else:
            stack.append(needed)
            value = None


def _field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    fields = getattr(parent, "fields", None)
    if fields is None:
        return None
    if name in fields:
        return fields[name]
    return {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}.get(name)


def _is_connection(type_: GraphQLNamedType | None) -> bool:
    return isinstance(type_, GraphQLObjectType) and "edges" in type_.fields and "pageInfo" in type_.fields


def _rows(node: FieldNode, definition: GraphQLField | None, parent: GraphQLNamedType | None) -> int:
    """How many objects the field may return per parent object."""
    if definition is None:
        return 1
    field_type = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
    named = get_named_type(field_type)
    if is_leaf_type(named):
        return 1
    if isinstance(field_type, GraphQLList):
        # A connection's `edges` are its page, already counted by the field that returned it.
        return 1 if _is_connection(parent) else _page_size(node, definition)
    return _page_size(node, definition) if _is_connection(named) else 1


def _page_size(node: FieldNode, definition: GraphQLField) -> int:
    given = {a.name.value: a.value for a in node.arguments or () if not isinstance(a.value, NullValueNode)}
    sizes = [
        int(value.value) if isinstance(value, IntValueNode) else MAX_PAGE
        for name, value in given.items()
        if name in ("first", "last")
    ]
    if sizes:
        # A variable counts as the largest page: its default only applies when the client leaves
        # it out, and the resolvers accept up to MAX_PAGE whatever the default.
        return max(0, *sizes)
    first = definition.args.get("first")
    default = first.default_value if first is not None else None
    # A list the schema does not page (`Model.versions`) is assumed as long as the longest page.
    return default if isinstance(default, int) and default >= 0 else MAX_PAGE


class _LimitsRule(ValidationRule):
    """Refuses an operation deeper, with more aliases, or costlier than allowed, before other rules run."""

    max_depth: ClassVar[int]
    max_aliases: ClassVar[int]
    max_cost: ClassVar[int]

    def enter_document(self, node: DocumentNode, *_args: object) -> object:
        measurer = Measurer(self.context.schema, node)
        refusals = [
            refusal
            for operation in node.definitions
            if isinstance(operation, OperationDefinitionNode)
            for refusal in self._check(operation, measurer.operation(operation))
        ]
        for refusal in refusals[:-1]:
            self.report_error(refusal)
        if refusals:
            raise refusals[-1]  # validate() keeps it and stops: the document is refused anyway
        return SKIP

    def _check(self, node: OperationDefinitionNode, measure: Measure) -> Iterator[LimitExceeded]:
        name = f"Operation '{node.name.value}'" if node.name else "The operation"
        if measure.depth > self.max_depth:
            yield LimitExceeded(
                f"{name} nests fields {measure.depth} deep and exceeds maximum operation depth of "
                f"{self.max_depth}; ask for less nested data, or split the query.",
                node,
                limit="depth",
                maximum=self.max_depth,
                measured=measure.depth,
            )
        if measure.aliases > self.max_aliases:
            yield LimitExceeded(
                f"{name} uses {measure.aliases:,} aliases, more than the {self.max_aliases} aliases "
                "allowed in one operation; split the query.",
                node,
                limit="aliases",
                maximum=self.max_aliases,
                measured=measure.aliases,
            )
        if measure.cost > self.max_cost:
            yield LimitExceeded(
                f"{name} could resolve up to {measure.cost:,} fields, more than the limit of "
                f"{self.max_cost:,}; ask for fewer rows with `first`, or split the query.",
                node,
                limit="cost",
                maximum=self.max_cost,
                measured=measure.cost,
            )


class BoundedFieldMerging(OverlappingFieldsCanBeMergedRule):
    """graphql-core's field-merging rule with a budget that keeps it within milliseconds."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = MERGE_BUDGET

    def enter_selection_set(self, *args: Any) -> Any:
        try:
            return super().enter_selection_set(*args)
        except ValidationAbortedError:
            raise LimitExceeded(
                "The document selects the same fields too many times to be checked; select each "
                "field once per selection set, or split the query.",
                args[0],
                limit="merging",
                maximum=MERGE_BUDGET,
            ) from None


@functools.cache
def validation_rules(*, max_depth: int, max_aliases: int, max_cost: int) -> tuple[type[ASTValidationRule], ...]:
    """The API's rules: the limits first, then graphql-core's own with field merging bounded."""
    # Cached: DocumentCache keys on the rule classes, so one set of limits is one set of classes.
    limits = type(
        "LimitsRule", (_LimitsRule,), {"max_depth": max_depth, "max_aliases": max_aliases, "max_cost": max_cost}
    )
    standard = (BoundedFieldMerging if rule is OverlappingFieldsCanBeMergedRule else rule for rule in specified_rules)
    return (limits, *standard)


class ValidationRules(SchemaExtension):
    """Validate with these rules first, in this order, instead of graphql-core's (AddValidationRules appends)."""

    def __init__(self, rules: tuple[type[ASTValidationRule], ...]) -> None:
        self.rules = rules

    def on_operation(self) -> Iterator[None]:
        # Rules other extensions added are kept, after these: the tuple stays the same per request,
        # which is what DocumentCache keys on.
        added = (r for r in self.execution_context.validation_rules if r not in specified_rules and r not in self.rules)
        self.execution_context.validation_rules = (*self.rules, *added)
        yield
