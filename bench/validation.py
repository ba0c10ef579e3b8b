"""Validation time of the worst GraphQL documents under each limit: the API's rules next to graphql-core's own.

Every document is the largest of its kind that parses under the token limit (or sits at one of
the other limits). "api" is the rule set build_schema configures (the limits first, graphql-core's
rules with field merging bounded, Strawberry's two), run the way Strawberry runs it; "graphql-core"
is `graphql.validate(schema, document)` with the standard rules only. Parsing is not timed.
Nothing is cached between runs: each figure is the fastest of `--repeat` validations.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from types import FunctionType

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse, validate
from strawberry.schema.schema import validate_document

from backend.api.limits import Measurer, ValidationRules
from backend.api.schema import build_schema
from backend.config import Settings


def largest(make: Callable[[int], str], max_tokens: int) -> str:
    """make(n) for the largest n that still parses (under the token limit and the parser's nesting limit)."""
    low, high = 1, 2
    while _parses(make(high), max_tokens):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _parses(make(middle), max_tokens) else (low, middle)
    return make(low)


def _parses(source: str, max_tokens: int) -> bool:
    try:
        parse(source, max_tokens=max_tokens)
    except GraphQLError:
        return False
    return True


def fan_out(n: int) -> str:
    fragments = " ".join(f"fragment F{i} on Viewer {{ ...F{i + 1} ...F{i + 1} }}" for i in range(n))
    return f"query {{ me {{ ...F0 }} }} {fragments} fragment F{n} on Viewer {{ id }}"


def previous(n: int) -> str:
    return "{ deployment(id: 1) { " + "previous { " * n + "id" + " }" * n + " } }"


# 14 fields, model { id } and approvalRequest { id status }: 19 per version.
VERSION = (
    "id version status description metadata sizeBytes sha256 createdAt validatedAt downloadUrl stage "
    "viewerCanDeployStaging viewerCanDeployProduction viewerCanSetStage model { id } approvalRequest { id status }"
)


def documents(settings: Settings) -> list[tuple[str, str]]:
    """(what, source) for each worst case."""
    tokens, depth, aliases = settings.graphql_max_tokens, settings.graphql_max_depth, settings.graphql_max_aliases
    return [
        ("fragment fan-out, 30 levels", fan_out(30)),
        ("fragment fan-out, to the token limit", largest(fan_out, tokens)),
        (
            f"{aliases} aliases (the limit) of 9 fields each",
            "{ "
            + " ".join(
                f"a{i}: me {{ id email role canReadModels canLabel tenant {{ id slug name }} }}" for i in range(aliases)
            )
            + " }",
        ),
        (
            "aliases to the token limit",
            largest(lambda n: "{ me { " + " ".join(f"a{i}: id" for i in range(n)) + " } }", tokens),
        ),
        (f"depth {depth} (the limit)", previous(depth - 1)),
        ("depth to the parser's nesting limit", largest(previous, tokens)),
        ("same field repeated (`id`)", largest(lambda n: "{ me { " + "id " * n + "} }", tokens)),
        ("same field repeated (`tenant { id }`)", largest(lambda n: "{ me { " + "tenant { id } " * n + "} }", tokens)),
        (
            "same field with arguments (`users(first: 1)`)",
            largest(lambda n: "{ " + "users(first: 1) { edges { node { id } } } " * n + "}", tokens),
        ),
        (
            "one fragment spread to the token limit (accepted)",
            largest(lambda n: "{ me { " + "...V " * n + "} } fragment V on Viewer { id }", tokens),
        ),
        (
            "same field from n fragments",
            largest(
                lambda n: (
                    "{ me { "
                    + " ".join(f"...F{i}" for i in range(n))
                    + " } } "
                    + " ".join(f"fragment F{i} on Viewer {{ tenant {{ id }} }}" for i in range(n))
                ),
                tokens,
            ),
        ),
        (
            "near the cost limit (100 models × 100 versions × 19)",
            "{ models(first: 100) { edges { node { versions { " + VERSION + " } } } } }",
        ),
        (
            "over the cost limit (100 × 100 × 100)",
            "{ models(first: 100) { edges { node { versions { deployments { id } } } } } }",
        ),
    ]


def api_rules(schema: object) -> tuple:
    """The rules as build_schema configured them, read back from the schema's extension."""
    for factory in schema.extensions:  # type: ignore[attr-defined]
        if isinstance(factory, FunctionType):
            extension = factory()
            if isinstance(extension, ValidationRules):
                return extension.rules
    raise LookupError("build_schema configured no ValidationRules")


def fastest(run: Callable[[], list[GraphQLError]], repeat: int) -> tuple[float, list[GraphQLError]]:
    best, errors = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        errors = run()
        best = min(best, time.perf_counter() - started)
    return best, errors


def verdict(errors: list[GraphQLError]) -> str:
    if not errors:
        return "accepted"
    limit = (errors[0].extensions or {}).get("limit")
    return f"refused: {limit}" if limit else f"refused: {errors[0].message[:28]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=5, help="Validations per document and rule set; the fastest counts."
    )
    args = parser.parse_args()
    settings = Settings()
    schema = build_schema(settings)
    graphql_schema, rules = schema._schema, api_rules(schema)
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {' '.join(load_before)}; "
        f"limits: {settings.graphql_max_tokens} tokens, depth {settings.graphql_max_depth}, "
        f"{settings.graphql_max_aliases} aliases, cost {settings.graphql_max_cost:,}\n"
    )
    print(
        f"{'document':<54} {'tokens':>6} {'cost':>10} {'api ms':>8} {'core ms':>8} {'api/core':>8}  api / graphql-core"
    )
    worst = 0.0
    for what, source in documents(settings):
        document: DocumentNode = parse(source, max_tokens=settings.graphql_max_tokens)
        count = _token_count(source)
        operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        cost = Measurer(graphql_schema, document).operation(operation).cost
        ours, ours_errors = fastest(lambda d=document: validate_document(graphql_schema, d, rules), args.repeat)
        core, core_errors = fastest(lambda d=document: validate(graphql_schema, d), args.repeat)
        worst = max(worst, ours)
        print(
            f"{what:<54} {count:>6} {cost:>10,} {ours * 1e3:>8.2f} {core * 1e3:>8.2f} {ours / core:>7.2f}x  "
            f"{verdict(ours_errors)} / {verdict(core_errors)}",
            flush=True,
        )
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[:3]
    print(f"\nslowest api validation: {worst * 1e3:.2f} ms; load average after: {' '.join(load_after)}")
    return 0


def _token_count(source: str) -> int:
    from graphql.language import Lexer, Source, TokenKind

    lexer, count = Lexer(Source(source)), 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


if __name__ == "__main__":
    sys.exit(main())
