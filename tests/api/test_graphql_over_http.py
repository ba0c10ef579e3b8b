"""GraphQL-over-HTTP conventions, limits, and masking of unexpected errors."""

from __future__ import annotations

import json
import time

import httpx
from graphql import GraphQLError

from backend.api.errors import to_graphql_error
from backend.api.schema import build_schema
from backend.config import Settings
from backend.identity.roles import Role


async def test_get_serves_queries_but_never_mutations(tenant) -> None:
    headers = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        query = await http.get("/graphql", params={"query": "{ me { email } }"}, headers=headers)
        mutation = await http.get("/graphql", params={"query": "mutation { ping { id } }"}, headers=headers)
    assert query.status_code == 200 and query.json()["data"]["me"]["email"]
    assert mutation.status_code == 405


async def test_answers_in_the_media_type_asked_for(tenant) -> None:
    token = tenant.users[Role.VIEWER].token
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        modern = await http.post(
            "/graphql",
            json={"query": "{ me { email } }"},
            headers={"authorization": f"Bearer {token}", "accept": "application/graphql-response+json"},
        )
        legacy = await http.post(
            "/graphql",
            json={"query": "{ me { email } }"},
            headers={"authorization": f"Bearer {token}", "accept": "application/json"},
        )
    assert modern.headers["content-type"] == "application/graphql-response+json"
    assert legacy.headers["content-type"] == "application/json"


async def test_an_unparsable_document_is_a_400_request_error(tenant) -> None:
    answer = await tenant.client(Role.VIEWER).execute("{ me { email ")
    assert answer.status == 400
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "data" not in answer.body
    assert "Syntax Error" in answer.body["errors"][0]["message"]


async def test_depth_limit() -> None:
    # Today's schema nests only three deep, under the production limit; a tighter limit shows the rule.
    query = "{ me { tenant { slug } } }"
    within = await build_schema(Settings(graphql_max_depth=2)).execute(query)
    beyond = await build_schema(Settings(graphql_max_depth=1)).execute(query)
    # Within the limit the document is valid: any error comes from executing a field (it has a path),
    # here `me` without a signed-in caller, never from validation.
    assert all(error.path is not None for error in within.errors or []), within.errors
    assert beyond.errors and "exceeds maximum operation depth" in beyond.errors[0].message


async def test_alias_limit(tenant) -> None:
    many = "{ " + " ".join(f"a{i}: me {{ email }}" for i in range(31)) + " }"
    answer = await tenant.client(Role.VIEWER).execute(many)
    assert answer.status == 400 and answer.codes == ["BAD_USER_INPUT"]
    assert "aliases" in answer.body["errors"][0]["message"]
    fine = "{ " + " ".join(f"a{i}: me {{ email }}" for i in range(30)) + " }"
    assert (await tenant.client(Role.VIEWER).execute(fine)).status == 200


async def test_token_limit(tenant) -> None:
    huge = "{ me { " + "email " * 5000 + "} }"
    answer = await tenant.client(Role.VIEWER).execute(huge)
    assert answer.status == 400 and answer.codes == ["BAD_USER_INPUT"]
    assert "more than 4000 tokens" in answer.body["errors"][0]["message"]


async def test_introspection_can_be_switched_off() -> None:
    query = "{ __schema { queryType { name } } }"
    on = await build_schema(Settings()).execute(query)
    off = await build_schema(Settings(graphql_introspection=False)).execute(query)
    assert on.errors is None and on.data == {"__schema": {"queryType": {"name": "Query"}}}
    assert off.errors and "introspection" in off.errors[0].message.lower()


def test_unexpected_errors_are_masked_with_a_request_id() -> None:
    leaked = to_graphql_error(GraphQLError("boom", original_error=RuntimeError("password=hunter2 at db:5432")))
    assert leaked.extensions["code"] == "INTERNAL"
    assert "hunter2" not in leaked.message and "request id" in leaked.message


async def test_every_response_carries_a_request_id_that_the_json_logs_repeat(tenant, api) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        answer = await http.post(
            "/graphql",
            json={"query": "{ me { email } }"},
            headers={"authorization": f"Bearer {tenant.users[Role.VIEWER].token}", "x-request-id": "trace-me-42"},
        )
    assert answer.headers["x-request-id"] == "trace-me-42"
    for _ in range(20):
        lines = [json.loads(line) for line in api.log_lines() if line.startswith("{")]
        if any(line.get("request_id") == "trace-me-42" and line.get("status") == 200 for line in lines):
            return
        time.sleep(0.1)
    raise AssertionError("no JSON access log line carries the request id")


async def test_an_oversized_body_is_413_before_it_is_read(tenant) -> None:
    headers = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}", "content-type": "application/json"}
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        declared = await http.post("/graphql", content=b"{" + b" " * (2 << 20) + b"}", headers=headers)

        async def chunks():
            for _ in range(40):
                yield b" " * 65536

        streamed = await http.post("/graphql", content=chunks(), headers=headers)
    for answer in (declared, streamed):
        assert answer.status_code == 413
        assert answer.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
