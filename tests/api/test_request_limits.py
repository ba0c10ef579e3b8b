"""Every operation's depth, aliases and cost are measured and bounded before it executes."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    get_introspection_query,
    parse,
    validate,
    visit,
)

from backend.api.documents import INLINE_CHARS
from backend.api.limits import CEILING, LimitExceeded, Measure, Measurer, validation_rules
from backend.api.schema import build_schema
from backend.config import Settings
from backend.identity.roles import Role
from tests.conftest import ROOT

SETTINGS = Settings()
SCHEMA = build_schema(SETTINGS)


def api_rules() -> tuple:
    """The rules the API validates with: the same classes build_schema uses (they are cached)."""
    return validation_rules(
        max_depth=SETTINGS.graphql_max_depth,
        max_aliases=SETTINGS.graphql_max_aliases,
        max_cost=SETTINGS.graphql_max_cost,
    )


def measure(source: str) -> Measure:
    document = parse(source)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return Measurer(SCHEMA._schema, document).operation(operation)


def fan_out(levels: int, name: str = "FanOut") -> str:
    """Each fragment spreads the next twice: 2**levels copies of `id` when expanded naively."""
    fragments = " ".join(f"fragment F{i} on Viewer {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query {name} {{ me {{ ...F0 }} }} {fragments} fragment F{levels} on Viewer {{ id }}"


def refusal(answer, limit: str) -> dict:
    assert answer.status == 400 and answer.codes == ["BAD_USER_INPUT"], answer.body
    assert "data" not in answer.body
    extensions = answer.body["errors"][0]["extensions"]
    assert extensions["limit"] == limit, extensions
    return extensions


# --- through the API ------------------------------------------------------------------------


async def test_fragment_fan_out_is_refused_at_once_while_healthz_keeps_answering(tenant) -> None:
    latencies: list[float] = []
    done = asyncio.Event()

    async def probe() -> None:
        # A frozen event loop would leave these unanswered past their timeout.
        async with httpx.AsyncClient(base_url=tenant.base_url, timeout=5) as http:
            while not done.is_set():
                started = time.perf_counter()
                assert (await http.get("/healthz")).status_code == 200
                latencies.append(time.perf_counter() - started)
                await asyncio.sleep(0.01)

    prober = asyncio.create_task(probe())
    started = time.perf_counter()
    # Different operation names: the validation cache must not answer the later ones.
    answers = [await tenant.client(Role.VIEWER).execute(fan_out(30, f"FanOut{i}")) for i in range(5)]
    elapsed = time.perf_counter() - started
    await asyncio.sleep(0.05)
    done.set()
    await prober
    for answer in answers:
        extensions = refusal(answer, "cost")
        assert extensions["max"] == SETTINGS.graphql_max_cost and extensions["measured"] == 2**30 + 1
        assert "`first`" in answer.body["errors"][0]["message"]
    assert elapsed < 5, elapsed  # each took over 17 s with 20 levels before the limits were measured once
    assert latencies, "/healthz never answered while the documents were checked"
    print(f"/healthz answered {len(latencies)} times, slowest {max(latencies) * 1000:.1f} ms")


async def test_a_wide_document_is_refused_with_its_alias_count(tenant) -> None:
    wide = "query Wide { " + " ".join(f"a{i}: me {{ id }}" for i in range(SETTINGS.graphql_max_aliases + 1)) + " }"
    extensions = refusal(await tenant.client(Role.VIEWER).execute(wide), "aliases")
    assert extensions["max"] == 30 and extensions["measured"] == 31


async def test_a_deep_document_is_refused_with_its_depth(tenant) -> None:
    levels = SETTINGS.graphql_max_depth  # deployment, then `previous` 12 times: 13 deep
    deep = 'query Deep { deployment(id: "x") { ' + "previous { " * levels + "id" + " }" * levels + " } }"
    answer = await tenant.client(Role.VIEWER).execute(deep)
    extensions = refusal(answer, "depth")
    assert extensions["max"] == 12 and extensions["measured"] == 13
    assert "exceeds maximum operation depth" in answer.body["errors"][0]["message"]


async def test_a_hundred_rows_of_a_hundred_rows_of_a_hundred_is_refused_with_its_cost(tenant) -> None:
    costly = "query Costly { models(first: 100) { edges { node { versions { deployments { id } } } } } }"
    answer = await tenant.client(Role.VIEWER).execute(costly)
    extensions = refusal(answer, "cost")
    assert {k: v for k, v in extensions.items() if k != "requestId"} == {
        "code": "BAD_USER_INPUT",
        "limit": "cost",
        "max": 200_000,
        "measured": 1_010_301,
    }
    assert extensions["requestId"] == answer.headers["x-request-id"]
    assert "ask for fewer rows with `first`, or split the query" in answer.body["errors"][0]["message"]


async def test_an_affordable_page_is_answered(tenant) -> None:
    answer = await tenant.client(Role.VIEWER).execute(
        "{ models(first: 100) { edges { node { id versions { id } } } } }"
    )
    assert answer.ok() == {"models": {"edges": []}}


# --- the documents the product ships --------------------------------------------------------


def spreads(node: Node) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args: object) -> None:
            names.add(spread.name.value)

    visit(node, Spreads())
    return names


def shipped_documents() -> dict[str, DocumentNode]:
    """graphql/operations as written, and each web app operation with the fragments it spreads."""
    documents = {
        str(p.relative_to(ROOT)): parse(p.read_text())
        for p in sorted((ROOT / "graphql" / "operations").rglob("*.graphql"))
    }
    web = ROOT / "web" / "src"
    definitions = [
        (path, definition)
        for path in sorted(web.rglob("*.ts*"))
        if path.relative_to(web).parts[0] != "gql"
        for source in re.findall(r"graphql\(\s*`(.*?)`", path.read_text(), re.DOTALL)
        for definition in parse(source).definitions
    ]
    fragments = {d.name.value: d for _, d in definitions if isinstance(d, FragmentDefinitionNode)}
    for path, operation in definitions:
        if isinstance(operation, OperationDefinitionNode):
            needed: dict[str, FragmentDefinitionNode] = {}
            todo = list(spreads(operation))
            while todo:
                name = todo.pop()
                if name not in needed:
                    needed[name] = fragments[name]
                    todo += spreads(fragments[name])
            documents[f"{path.relative_to(ROOT)}:{operation.name.value}"] = DocumentNode(
                definitions=(operation, *needed.values())
            )
    return documents


def test_every_shipped_operation_is_within_the_limits() -> None:
    documents = shipped_documents()
    assert sum(":" in k for k in documents) >= 40 and sum(":" not in k for k in documents) >= 9, sorted(documents)
    rules = api_rules()
    for name, document in documents.items():
        assert not validate(SCHEMA._schema, document, rules), name
        for operation in document.definitions:
            if isinstance(operation, OperationDefinitionNode):
                measured = Measurer(SCHEMA._schema, document).operation(operation)
                assert measured.cost <= SETTINGS.graphql_max_cost // 1.5, (name, measured)  # room to grow


def test_the_full_introspection_query_is_within_the_limits() -> None:
    document = parse(get_introspection_query())
    assert not validate(SCHEMA._schema, document, api_rules())
    assert measure(get_introspection_query()).depth == 0


# --- the measure ----------------------------------------------------------------------------


def test_depth_counts_fields_with_a_selection() -> None:
    assert measure("{ me { id } }").depth == 1
    assert measure("{ me { tenant { slug } } }").depth == 2
    assert measure("{ me { ... on Viewer { tenant { slug } } } }").depth == 2
    assert measure("{ __typename me { __typename } }").depth == 1


def test_aliases_are_counted_at_each_spread() -> None:
    assert measure("{ a: me { b: id } c: me { id } }").aliases == 3
    twice = "{ me { ...A ...A } } fragment A on Viewer { x: id y: email }"
    assert measure(twice).aliases == 4


def test_cost_multiplies_by_the_page_asked_for() -> None:
    assert measure("{ me { id email } }").cost == 3  # me, id, email
    # models (1) + 100 pages of edges (1) + node (1) + id (1); pageInfo is counted once per row too
    assert measure("{ models(first: 100) { edges { node { id } } } }").cost == 301
    assert measure("{ models(first: 25) { edges { node { id } } } }").cost == 76
    assert measure("{ models(first: 25) { edges { node { id versions { id } } } } }").cost == 1 + 25 * (3 + 1 + 100)


def test_cost_of_an_omitted_first_is_the_schema_default_or_the_largest_page() -> None:
    assert measure("{ users { edges { node { id } } } }").cost == 1 + 50 * 3  # users(first: Int = 50)
    assert measure("{ models { edges { node { id } } } }").cost == 301  # models(first: Int = null)
    assert measure("{ models(first: null) { edges { node { id } } } }").cost == 301


def test_a_variable_counts_as_the_largest_page_whatever_its_default() -> None:
    # The client may send any value up to the largest page; the default applies only when it sends none.
    with_default = "query Q($n: Int = 5) { models(first: $n) { edges { node { id } } } }"
    without = "query Q($n: Int) { models(first: $n) { edges { node { id } } } }"
    assert measure(with_default).cost == measure(without).cost == 301


def test_a_fragment_spread_twice_is_measured_once_and_counted_twice() -> None:
    document = parse("{ me { ...V } viewer: me { ...V } } fragment V on Viewer { id tenant { slug } }")
    measurer = Measurer(SCHEMA._schema, document)
    result = measurer.operation(document.definitions[0])
    assert result == Measure(depth=2, aliases=1, cost=2 * (1 + 3))
    assert list(measurer.memo) == ["V"]


def test_a_fragment_fan_out_is_measured_in_linear_time() -> None:
    assert measure(fan_out(30)).cost == 2**30 + 1
    started = time.perf_counter()
    assert measure(fan_out(300)).cost == CEILING  # 2**300 fields when expanded
    assert time.perf_counter() - started < 1


def test_a_fragment_cycle_is_reported_by_graphql_core_not_looped_on() -> None:
    cycle = "{ me { ...A } } fragment A on Viewer { id ...B } fragment B on Viewer { email ...A }"
    assert measure(cycle).cost == 3
    errors = validate(SCHEMA._schema, parse(cycle), api_rules())
    assert errors and "Cannot spread fragment 'A' within itself" in errors[0].message


def test_the_limits_stop_validation_before_the_other_rules_read_the_document() -> None:
    errors = validate(SCHEMA._schema, parse(fan_out(30) + " { nope }"), api_rules())
    assert len(errors) == 1 and isinstance(errors[0], LimitExceeded)  # not also "Cannot query field 'nope'"


@pytest.mark.parametrize("copies", [998])
def test_the_same_field_repeated_is_refused_within_milliseconds(copies: int) -> None:
    # graphql-core compares same-named fields pairwise: this took ~1.5 s with its own budget.
    document = parse("{ me { " + "tenant { id } " * copies + "} }", max_tokens=SETTINGS.graphql_max_tokens)
    started = time.perf_counter()
    errors = validate(SCHEMA._schema, document, api_rules())
    assert time.perf_counter() - started < 0.5
    assert [e.extensions["limit"] for e in errors] == ["merging"]


async def test_the_event_loop_keeps_running_while_a_large_document_validates() -> None:
    # Valid and near the token limit (every operation of a document is validated, one runs): a cache
    # miss that takes graphql-core tens of milliseconds.
    query = " ".join(f"query Q{i} {{ me {{ email role tenant {{ slug name }} }} }}" for i in range(250))
    assert len(query) > INLINE_CHARS
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        await asyncio.sleep(0)
        before = ticks
        result = await build_schema(Settings()).execute(query, operation_name="Q0")
        during = ticks - before
    finally:
        task.cancel()
    assert result.errors and result.errors[0].path == ["me"]  # validated, then ran (with no viewer here)
    assert during > 10, "the loop was held for the whole validation"
