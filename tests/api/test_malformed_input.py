"""Every client mistake gets a coded 4xx with a sentence, never a 500, and no ERROR in the log."""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy.exc import DBAPIError
from strawberry.types.base import StrawberryOptional

from backend.api.errors import classify
from backend.api.schema import build_schema
from backend.config import Settings
from backend.identity.roles import Role
from tests.conftest import start_api, stop_process
from tests.labels.conftest import Labeling
from tests.labels.conftest import upload as labels_upload
from tests.registry.helpers import register
from tests.registry.helpers import upload as model_upload
from tests.support.websocket import open_socket

DS = Role.DATA_SCIENTIST
ME = "{ me { email } }"
UPLOAD = 'mutation($f: Upload!) { uploadModelVersion(file: $f, modelName: "m") { version { id } } }'
JSON = {"content-type": "application/json"}


@dataclass
class Case:
    """One malformed request: how it is sent, and the status, code and words of its answer."""

    name: str
    status: int
    says: str  # a fragment of the message, so the sentence names what was wrong
    send: dict[str, Any] = field(default_factory=dict)  # httpx.request keyword arguments
    method: str = "POST"
    code: str = "BAD_USER_INPUT"


def multipart(operations: Any, mapping: Any = "{}", **files: tuple[str, bytes]) -> dict[str, Any]:
    def part(value: Any) -> tuple[None, str]:
        return None, value if isinstance(value, str) else json.dumps(value)

    return {"files": {"operations": part(operations), "map": part(mapping), **files}}


def nested_json(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def nested(depth: int) -> bytes:
    return f'{{"query": "{ME}", "variables": {nested_json(depth)}}}'.encode()


CASES = [
    # 1. U+0000 would reach Postgres, which refuses it (it was a 500 INTERNAL).
    Case(
        "nul in a variable",
        400,
        "`$d`",
        {
            "json": {
                "query": 'mutation($d: String!) { registerModel(name: "nul-var", description: $d) { id } }',
                "variables": {"d": "a\u0000b"},
            }
        },
    ),
    Case(
        "nul deep in a list variable",
        400,
        "`$t[1]`",
        {
            "json": {
                "query": 'mutation($t: [String!]) { registerModel(name: "nul-list", tags: $t) { id } }',
                "variables": {"t": ["ok", "b\u0000"]},
            }
        },
    ),
    Case(
        "nul in a JSON variable's key",
        400,
        "`$m",
        {
            "json": {
                "query": 'mutation($m: JSON) { updateModelCard(versionId: "x", input: {metrics: $m}) { id } }',
                "variables": {"m": {"k\u0000": 1}},
            }
        },
    ),
    Case(
        "nul in a string literal",
        400,
        "Argument `description`",
        {"json": {"query": 'mutation { registerModel(name: "nul-lit", description: "a\\u0000b") { id } }'}},
    ),
    Case(
        "nul in a literal of a query",
        400,
        "Argument `search`",
        {"json": {"query": '{ models(search: "a\\u0000") { edges { node { id } } } }'}},
    ),
    Case(
        "nul in an input object literal",
        400,
        "Argument `input.intendedUse`",
        {"json": {"query": 'mutation { updateModelCard(versionId: "x", input: {intendedUse: "\\u0000"}) { id } }'}},
    ),
    # JSON stored deeper than an answer can be written: it would break every later read (it was a 500 after commit).
    Case(
        "a JSON variable nested 300 deep",
        400,
        "`$m` nests deeper than 64 levels",
        {
            "json": {
                "query": 'mutation($m: JSON) { updateModelCard(versionId: "x", input: {metrics: $m}) { id } }',
                "variables": {"m": json.loads(nested_json(300))},
            }
        },
    ),
    Case(
        "a JSON literal nested 100 deep",
        400,
        "Argument `input` nests deeper than 64 levels",
        {
            "json": {
                "query": 'mutation { updateModelCard(versionId: "x", input: {metrics: '
                + "{a: " * 100
                + "1"
                + "}" * 100
                + "}) { id } }"
            }
        },
    ),
    # 2. Bodies that are not one JSON object.
    Case("a null body", 400, "not null", {"content": b"null", "headers": JSON}),
    Case("a string body", 400, "not a string", {"content": b'"str"', "headers": JSON}),
    Case("an array body", 400, "batches are off", {"content": b"[1]", "headers": JSON}),
    Case("a batch", 400, "batches are off", {"json": [{"query": ME}]}),
    Case("invalid UTF-8", 400, "not UTF-8", {"content": b'{"query": "{ me { email } }\xff"}', "headers": JSON}),
    Case("a BOM then junk", 400, "not valid JSON", {"content": b"\xef\xbb\xbfjunk", "headers": JSON}),
    Case("JSON nested 5,000 deep", 400, "too deeply", {"content": b"[" * 5000 + b"]" * 5000, "headers": JSON}),
    Case("variables nested 5,000 deep", 400, "too deeply", {"content": nested(5000), "headers": JSON}),
    Case(
        "an integer of 5,000 digits",
        400,
        "number too long",
        {"content": b'{"query": "{ me { email } }", "variables": {"n": ' + b"9" * 5000 + b"}}", "headers": JSON},
    ),
    Case("an empty body", 400, "is empty", {"content": b"", "headers": JSON}),
    Case("a query that is not a string", 400, "`query` must be a string", {"json": {"query": 1}}),
    Case(
        "variables that are not an object",
        400,
        "`variables` must be an object",
        {"json": {"query": ME, "variables": [1]}},
    ),
    Case(
        "extensions that are not an object",
        400,
        "`extensions` must be an object",
        {"json": {"query": ME, "extensions": "x"}},
    ),
    Case(
        "an operationName that is not a string",
        400,
        "`operationName` must be a string",
        {"json": {"query": ME, "operationName": 1}},
    ),
    Case("no query", 400, "Send a GraphQL document", {"json": {"variables": {}}}),
    Case("no Content-Type", 400, "application/json", {"content": json.dumps({"query": ME}).encode()}),
    Case("text/plain", 400, "not text/plain", {"content": b"{}", "headers": {"content-type": "text/plain"}}),
    Case("a huge variable name", 400, "never used", {"json": {"query": "query($" + "v" * 50_000 + ": Int) " + ME}}),
    Case("a document of fragments only", 400, "no operation", {"json": {"query": "fragment F on Query { me { id } }"}}),
    Case(
        "a document nested too deeply",
        400,
        "nested too deeply",
        {"json": {"query": "{" + "me {" * 1900 + "id" + "}" * 1901}},
    ),
    # 3. The GraphQL multipart request spec, broken in each of its parts.
    Case(
        "multipart without a boundary",
        400,
        "no boundary",
        {"content": b"x", "headers": {"content-type": "multipart/form-data"}},
    ),
    Case(
        "multipart that is not multipart",
        400,
        "cannot be read",
        {"content": b"junk", "headers": {"content-type": "multipart/form-data; boundary=b"}},
    ),
    Case("operations a JSON string", 400, "`operations` part must be a JSON object, not a string", multipart('"x"')),
    Case("operations an array", 400, "`operations` part must be a JSON object, not an array", multipart([1])),
    Case("operations not JSON", 400, "`operations` part is not valid JSON", multipart("{")),
    Case(
        "operations sent as a file",
        400,
        "needs an `operations` form field",
        {"files": {"operations": ("ops.json", json.dumps({"query": ME}).encode())}},
    ),
    Case(
        "map an array",
        400,
        "`map` part must be a JSON object, not an array",
        multipart({"query": UPLOAD, "variables": {"f": None}}, [1]),
    ),
    Case(
        "map naming a missing file part",
        400,
        "file part '0' that the request does not have",
        multipart({"query": UPLOAD, "variables": {"f": None}}, {"0": ["variables.f"]}),
    ),
    Case(
        "map naming a field, not a file",
        400,
        "file part 'operations'",
        multipart({"query": UPLOAD, "variables": {"f": None}}, {"operations": ["variables.f"]}),
    ),
    Case(
        "map with a path outside variables",
        400,
        'path starts with "variables."',
        multipart({"query": ME}, {"0": ["query"]}, **{"0": ("m.onnx", b"x")}),
    ),
    Case(
        "map with a path that leads nowhere",
        400,
        "does not lead into",
        multipart({"query": ME, "variables": {}}, {"0": ["variables.a.b"]}, **{"0": ("m.onnx", b"x")}),
    ),
    Case(
        "map with a string, not a list",
        400,
        "'0' has a string",
        multipart({"query": ME}, {"0": "variables.f"}, **{"0": ("m.onnx", b"x")}),
    ),
    # 4. Subscriptions are the websocket's.
    Case(
        "a subscription over POST",
        400,
        "websocket at /graphql",
        {"json": {"query": 'subscription { pingUpdated(id: "x") { id } }'}},
    ),
    Case(
        "a subscription over GET",
        400,
        "websocket at /graphql",
        {"params": {"query": 'subscription { pingUpdated(id: "x") { id } }'}},
        method="GET",
    ),
    # 5. Which operation to run.
    Case(
        "two operations and no operationName",
        400,
        "name the one to run in `operationName`",
        {"json": {"query": "query A { me { id } } query B { me { email } }"}},
    ),
    Case(
        "an operationName that names none",
        400,
        "no operation named 'C'",
        {"json": {"query": "query A { me { id } } query B { me { email } }", "operationName": "C"}},
    ),
    # 8. GET: the IDE is for browsers only.
    Case(
        "GET without a query, Accept */*", 400, "Send a GraphQL document", {"headers": {"accept": "*/*"}}, method="GET"
    ),
    Case(
        "GET with variables not JSON",
        400,
        "`variables` query parameter is not valid JSON",
        {"params": {"query": ME, "variables": "{"}},
        method="GET",
    ),
    Case(
        "GET with variables an array",
        400,
        "`variables` query parameter must be a JSON object",
        {"params": {"query": ME, "variables": "[]"}},
        method="GET",
    ),
    Case("a mutation over GET", 405, "with POST", {"params": {"query": "mutation { ping { id } }"}}, method="GET"),
]


def is_sentence(message: str) -> bool:
    return bool(re.match(r"[A-Z]", message)) and message.rstrip().endswith(".")


async def send(http: httpx.AsyncClient, case: Case, token: str, request_id: str | None = None) -> httpx.Response:
    options = dict(case.send)
    headers = {"authorization": f"Bearer {token}", **options.pop("headers", {})}
    if request_id:
        headers["x-request-id"] = request_id
    return await http.request(case.method, "/graphql", headers=headers, **options)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_malformed_request_is_refused_with_a_sentence(tenant, case: Case) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        answer = await send(http, case, tenant.users[Role.ADMIN].token)
    assert answer.status_code == case.status, answer.text[:500]
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == case.code
    assert case.says in error["message"], error["message"]
    assert is_sentence(error["message"]), error["message"]


async def test_nothing_refused_above_was_done(tenant) -> None:
    """The NUL and two-operation mutations ran no resolver: no model exists in the fresh tenant."""
    viewer = tenant.client(Role.ADMIN)
    both = await viewer.execute(
        'mutation A { registerModel(name: "run-a") { id } } mutation B { registerModel(name: "run-b") { id } }'
    )
    nul = await viewer.execute(
        'mutation($d: String!) { registerModel(name: "run-c", description: $d) { id } }', {"d": "\u0000"}
    )
    assert both.status == nul.status == 400
    models = (await viewer.execute("{ models { edges { node { name } } } }")).ok()["models"]["edges"]
    assert models == []


async def test_a_nul_is_refused_over_the_websocket_too(tenant) -> None:
    async with open_socket(tenant.base_url, tenant.users[Role.ADMIN].token) as socket:
        await socket.subscribe(
            "var", 'mutation($d: String!) { registerModel(name: "ws", description: $d) { id } }', {"d": "a\u0000"}
        )
        await socket.subscribe("literal", 'mutation { registerModel(name: "ws", description: "\\u0000") { id } }')
        await socket.subscribe("live", "subscription($id: ID!) { pingUpdated(id: $id) { id } }", {"id": "\u0000"})
        answers = {id: await socket.next(id) for id in ("var", "literal", "live")}
    for id, answer in answers.items():
        # Queries and mutations get the protocol's `error`; a subscription's refusal comes as its one result.
        errors = answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], (id, answer)
        assert "NUL character" in errors[0]["message"]
    assert answers["var"]["type"] == answers["literal"]["type"] == "error"


async def test_the_ide_is_served_to_browsers_only(tenant) -> None:
    token = {"authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        browser = await http.get("/graphql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        curl = await http.get("/graphql", headers={"accept": "*/*", **token})
    assert browser.status_code == 200 and "text/html" in browser.headers["content-type"]
    assert curl.status_code == 400 and "Send a GraphQL document" in curl.json()["errors"][0]["message"]


def test_postgres_refusing_a_character_is_bad_input_not_internal() -> None:
    """The second line of defence, for a path the NUL check misses: SQLSTATE 22021/22P05 is the caller's."""

    class Refused(Exception):
        sqlstate = "22021"  # character_not_in_repertoire: what Postgres says about U+0000 in text

    code, message, _ = classify(DBAPIError("INSERT …", {}, Refused("invalid byte sequence for encoding")))
    assert code == "BAD_USER_INPUT" and "U+0000" in message


def test_every_nullable_argument_may_be_left_out() -> None:
    """A nullable argument without a Python default is a TypeError when a client omits it (saveLabel's was)."""
    schema = build_schema(Settings())
    missing = []
    for name, graphql_type in schema.schema_converter.type_map.items():
        for resolved in getattr(graphql_type.definition, "fields", None) or []:
            if resolved.base_resolver is None:
                continue
            parameters = inspect.signature(resolved.base_resolver.wrapped_func).parameters
            missing += [
                f"{name}.{resolved.python_name}({argument.python_name})"
                for argument in resolved.arguments
                if isinstance(argument.type, StrawberryOptional)
                and parameters[argument.python_name].default is inspect.Parameter.empty
            ]
    assert missing == []


async def test_save_label_without_a_base_label_id(tenant) -> None:
    case = await Labeling(tenant).create_case(with_mask=False)
    omitted = """mutation($caseId: ID!, $mask: Upload!, $key: String!) {
      saveLabel(caseId: $caseId, mask: $mask, idempotencyKey: $key) { label { version baseLabelId } } }"""
    answer = await labels_upload(
        tenant.base_url,
        tenant.users[Role.LABELER].token,
        omitted,
        {"caseId": case.id, "key": secrets.token_hex(8)},
        {"mask": ("mask.nii.gz", Labeling.edit(case))},
    )
    assert answer.ok()["saveLabel"]["label"] == {"version": 1, "baseLabelId": None}


def test_a_model_over_its_limit_inside_the_body_limit_is_413(servers, tenant, tmp_path) -> None:
    """1.5 MiB against a 1 MiB model limit: the body passes (file + request limit), the upload's count does not."""
    asyncio.run(register(tenant, DS, "too-big"))
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_MAX_MODEL_BYTES=str(1 << 20))
    try:
        answer = asyncio.run(
            model_upload(api.base_url, tenant.users[DS].token, b"\1" * (3 << 19), model_name="too-big")
        )
        assert answer.status == 413, answer.body
        assert answer.codes == ["PAYLOAD_TOO_LARGE"]
        assert is_sentence(answer.body["errors"][0]["message"])
    finally:
        stop_process(api.process)


async def vanish_mid_upload(base_url: str, token: str) -> None:
    """Send the headers and the start of a multipart upload, then close the connection."""
    url = urlsplit(base_url)
    operations = json.dumps({"query": UPLOAD, "variables": {"f": None}})
    body = (
        f'--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n'
        f'--b\r\nContent-Disposition: form-data; name="map"\r\n\r\n{{"0": ["variables.f"]}}\r\n'
        f'--b\r\nContent-Disposition: form-data; name="0"; filename="m.onnx"\r\n\r\n'
    ).encode() + b"\0" * 65536
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {len(body) + (1 << 20)}\r\n\r\n"
    )
    _, writer = await asyncio.open_connection(url.hostname, url.port)
    writer.write(head.encode() + body)
    await writer.drain()
    await asyncio.sleep(0.3)
    writer.close()


async def test_no_malformed_request_or_vanished_client_is_logged_at_error(tenant, api) -> None:
    start = len(api.log_lines())
    prefix = f"malformed-{secrets.token_hex(4)}-"
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        for i, case in enumerate(CASES):
            answer = await send(http, case, tenant.users[Role.ADMIN].token, f"{prefix}{i}")
            assert answer.status_code == case.status, (case.name, answer.text[:300])
    await vanish_mid_upload(tenant.base_url, tenant.users[DS].token)
    logged: list[dict] = []
    for _ in range(50):  # until the access log has every request (the vanished one's too)
        logged = [json.loads(line) for line in api.log_lines()[start:] if line.startswith("{")]
        if sum(1 for r in logged if r.get("logger") == "slipway.access") >= len(CASES) + 1:
            break
        time.sleep(0.1)
    answered = {r.get("request_id") for r in logged if r.get("logger") == "slipway.access"}
    assert {f"{prefix}{i}" for i in range(len(CASES))} <= answered
    errors = [r for r in logged if r.get("level") in ("ERROR", "CRITICAL")]
    assert errors == [], errors
