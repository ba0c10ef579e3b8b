"""Case pages load in a fixed number of queries, whatever the number of cases, versions and authors."""

from __future__ import annotations

import dataclasses

from sqlalchemy import event

from backend.api.context import Context
from backend.api.schema import build_schema
from backend.api.state import AppState
from backend.identity.roles import Principal, Role
from backend.kit.db import create_engine, create_sessionmaker
from tests.support.labels import Labeling

CASES = """{ cases(first: 20) { edges { node { currentLabel { id version } artifacts { kind sha256 }
  labels { version author { email } } } } } }"""
CASE = '{ case(id: "%s") { artifacts { kind sha256 } labels { version sha256 author { email role } } } }'


async def execute_counting_selects(servers, tenant, query: str) -> tuple[dict, int]:
    """The operation's data, run in-process as the tenant's admin, and how many SELECTs answering it took.

    Like tests/query_count.py, with every state field it does not need left None (that helper lags
    AppState's fields).
    """
    engine = create_engine(servers.settings, pool_size=1)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    user = tenant.users[Role.ADMIN]
    principal = Principal(
        user_id=user.id, tenant_id=tenant.id, tenant_slug=tenant.slug, email=user.email, role=Role.ADMIN
    )
    unused = {f.name: None for f in dataclasses.fields(AppState)}
    state = AppState(
        **{**unused, "settings": servers.settings, "engine": engine, "sessionmaker": create_sessionmaker(engine)}
    )
    try:
        result = await build_schema(servers.settings).execute(
            query, context_value=Context(request=None, state=state, principal=principal)
        )
    finally:
        await engine.dispose()
    assert result.errors is None, result.errors
    return result.data, len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


async def _cases(labeling: Labeling, count: int, saves: int) -> list[str]:
    made = []
    for seed in range(count):
        case = await labeling.create_case(seed=seed)
        base = case.label_id
        for step in range(saves):
            role = (Role.LABELER, Role.ADMIN)[step % 2]  # versions by two authors
            saved = (await labeling.save(case, labeling.edit(case, step + 1), base=base, role=role)).ok()
            base = saved["saveLabel"]["label"]["id"]
        made.append(case.id)
    return made


async def test_the_case_list_with_versions_and_authors_costs_three_queries(servers, tenant, other_tenant) -> None:
    await _cases(Labeling(tenant), 1, 0)
    await _cases(Labeling(other_tenant), 3, 2)
    few, few_queries = await execute_counting_selects(servers, tenant, CASES)
    many, many_queries = await execute_counting_selects(servers, other_tenant, CASES)
    assert [len(e["node"]["labels"]) for e in many["cases"]["edges"]] == [3, 3, 3]
    assert {v["author"]["email"] for e in many["cases"]["edges"] for v in e["node"]["labels"]} == {
        other_tenant.users[Role.ADMIN].email,
        other_tenant.users[Role.LABELER].email,
    }
    assert few_queries == many_queries == 3  # the page, the current labels, every version with its author


async def test_one_case_with_its_artifacts_and_history_costs_one_query(servers, tenant) -> None:
    (case_id,) = await _cases(Labeling(tenant), 1, 3)
    data, queries = await execute_counting_selects(servers, tenant, CASE % case_id)
    assert [v["version"] for v in data["case"]["labels"]] == [4, 3, 2, 1]
    assert [a["kind"] for a in data["case"]["artifacts"]] == ["IMAGE", "MASK"]
    # The mask artifact is the newest version's: the current label came with the history.
    assert data["case"]["artifacts"][1]["sha256"] == data["case"]["labels"][0]["sha256"]
    assert queries == 1  # the case with every version and its author


async def test_the_history_asked_for_through_a_fragment_comes_in_the_same_query(servers, tenant) -> None:
    (case_id,) = await _cases(Labeling(tenant), 1, 1)
    query = (
        '{ case(id: "%s") { ...Page } } fragment Page on Case { currentLabel { version } ... on Case { labels '
        "{ version author { email } } } }"
    )
    data, queries = await execute_counting_selects(servers, tenant, query % case_id)
    assert data["case"]["currentLabel"]["version"] == 2 and [v["version"] for v in data["case"]["labels"]] == [2, 1]
    assert queries == 1


async def test_a_case_without_versions_has_an_empty_history_in_one_query(servers, tenant) -> None:
    case = await Labeling(tenant).create_case(with_mask=False)
    data, queries = await execute_counting_selects(servers, tenant, CASE % case.id)
    assert data["case"]["labels"] == [] and [a["kind"] for a in data["case"]["artifacts"]] == ["IMAGE"]
    assert queries == 1


async def test_a_case_without_its_history_costs_one_query_too(servers, tenant) -> None:
    (case_id,) = await _cases(Labeling(tenant), 1, 1)
    query = '{ case(id: "CASE") { currentLabel { version } artifacts { kind } } }'.replace("CASE", case_id)
    data, queries = await execute_counting_selects(servers, tenant, query)
    assert data["case"]["currentLabel"]["version"] == 2 and queries == 1
