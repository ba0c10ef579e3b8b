"""One websocket carrying many clients' worth of traffic: each operation is its own unit of work,
subscriptions hold no connection between events, sockets follow their token, and protocol errors close
with 4400 — all against the real API process and Postgres."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid

import httpx
from sqlalchemy import text, update

from backend.identity.models import User
from backend.identity.roles import Role
from backend.identity.tokens import LEEWAY_SECONDS
from backend.kit import ids
from backend.kit.db import transaction
from tests.registry import corpus
from tests.registry.helpers import register, upload, wait_final
from tests.support.websocket import open_socket

ADMIN, DS, VIEWER = Role.ADMIN, Role.DATA_SCIENTIST, Role.VIEWER

REGISTER = "mutation($name: String!) { registerModel(name: $name) { id name } }"
ME = "query { me { email role tenant { slug } } }"
VERSION_LIVE = """subscription($id: ID!) {
  modelVersionUpdated(id: $id) {
    status model { name } approvalRequest { status } card { viewerCanApprove viewerCanSubmit }
  }
}"""


async def api_connections(sessionmaker, api) -> list[str]:
    """The states of the API process's Postgres connections (its pool and its LISTEN connection)."""
    async with transaction(sessionmaker) as session:
        rows = await session.execute(
            text("SELECT state FROM pg_stat_activity WHERE application_name LIKE :name"),
            {"name": f"slipway-api-{api.process.pid}%"},
        )
        return [row.state for row in rows]


async def metric(api, sample: str) -> float:
    """One sample of the API's /metrics, e.g. `slipway_websockets_open`."""
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as http:
        lines = (await http.get("/metrics")).text.splitlines()
    return next(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith(sample + " "))


async def wait_no_open_transactions(sessionmaker, api, timeout: float = 10) -> list[str]:
    """Poll until none of the API's connections is inside a transaction; the states at the end."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        states = await api_connections(sessionmaker, api)
        if (
            not any(s and s.startswith("idle in transaction") for s in states)
            or asyncio.get_running_loop().time() > deadline
        ):
            return states
        await asyncio.sleep(0.2)


async def test_concurrent_queries_and_mutations_on_one_socket_are_isolated_and_committed(
    tenant, api, sessionmaker
) -> None:
    names = [f"ws-{secrets.token_hex(4)}-{i}" for i in range(5)]
    async with open_socket(tenant.base_url, tenant.users[ADMIN].token) as socket:
        answers = await asyncio.gather(
            *(socket.result(f"q{i}", ME) for i in range(10)),
            *(socket.result(f"m{i}", REGISTER, {"name": name}) for i, name in enumerate(names)),
        )
    assert all("errors" not in a for a in answers), [a for a in answers if "errors" in a]
    assert [a["data"]["me"]["email"] for a in answers[:10]] == [tenant.users[ADMIN].email] * 10
    assert sorted(a["data"]["registerModel"]["name"] for a in answers[10:]) == sorted(names)
    # Every "ok" was committed: a fresh HTTP request sees each model, and nothing is left open or locked.
    listed = (await tenant.client(VIEWER).execute("{ models(first: 50) { edges { node { name } } } }")).ok()
    assert set(names) <= {e["node"]["name"] for e in listed["models"]["edges"]}
    states = await wait_no_open_transactions(sessionmaker, api)
    assert not [s for s in states if s and s.startswith("idle in transaction")], states
    # The audit head is not held: another write of the tenant goes through at once.
    (await tenant.client(ADMIN).execute(REGISTER, {"name": f"after-{secrets.token_hex(4)}"})).ok()


async def test_an_operation_that_fails_on_one_socket_leaves_the_others_alone(tenant) -> None:
    name = f"dup-{secrets.token_hex(4)}"
    async with open_socket(tenant.base_url, tenant.users[ADMIN].token) as socket:
        first, second, me = await asyncio.gather(
            socket.result("a", REGISTER, {"name": name}),
            socket.result("b", REGISTER, {"name": name}),
            socket.result("c", ME),
        )
    outcomes = sorted(["ok" if "errors" not in a else a["errors"][0]["extensions"]["code"] for a in (first, second)])
    assert outcomes == ["CONFLICT", "ok"]
    assert me["data"]["me"]["role"] == "ADMIN"


async def _validated_version(tenant) -> str:
    name = f"live-{secrets.token_hex(4)}"
    await register(tenant, DS, name)
    answer = (
        await upload(tenant.base_url, tenant.users[DS].token, corpus.linear(secrets.randbelow(10**6)), model_name=name)
    ).ok()
    version_id = answer["uploadModelVersion"]["version"]["id"]
    assert (await wait_final(tenant, VIEWER, version_id))["status"] == "VALIDATED"
    return version_id


async def test_subscription_events_say_what_http_says_at_that_moment(tenant, worker) -> None:
    version_id = await _validated_version(tenant)
    submit = 'mutation($id: ID!) { submitForApproval(versionId: $id, comment: "go") { status } }'
    approve = 'mutation($id: ID!) { approveModelVersion(id: $id, comment: "ok") { status } }'
    async with open_socket(tenant.base_url, tenant.users[ADMIN].token) as socket:
        await socket.subscribe("v", VERSION_LIVE, {"id": version_id})
        first = (await socket.next("v"))["payload"]["data"]["modelVersionUpdated"]
        assert first["status"] == "VALIDATED" and first["approvalRequest"] is None
        assert first["card"]["viewerCanApprove"] is False

        (await tenant.client(DS).execute(submit, {"id": version_id})).ok()
        pending = (await socket.next("v"))["payload"]["data"]["modelVersionUpdated"]
        assert pending["status"] == "PENDING_APPROVAL"
        assert pending["approvalRequest"] == {"status": "PENDING"}
        assert pending["card"]["viewerCanApprove"] is True

        (await tenant.client(ADMIN).execute(approve, {"id": version_id})).ok()
        approved = (await socket.next("v"))["payload"]["data"]["modelVersionUpdated"]
        assert approved["status"] == "APPROVED"
        assert approved["approvalRequest"] == {"status": "APPROVED"}
        assert approved["card"]["viewerCanApprove"] is False
        # APPROVED is not final: a card correction sends the version back for a new approval, and the
        # subscription that stayed open says so.
        revise = (
            'mutation($id: ID!) { reviseModelCard(versionId: $id, input: {limitations: "Not for pumps over 5 MW."}, '
            'reason: "a limitation was missing") { status } }'
        )
        (await tenant.client(DS).execute(revise, {"id": version_id})).ok()
        corrected = (await socket.next("v"))["payload"]["data"]["modelVersionUpdated"]
        assert corrected["status"] == "VALIDATED"  # its last request stays APPROVED, for the card it approved


async def test_open_and_abandoned_subscriptions_hold_no_connection(tenant, api, sessionmaker) -> None:
    # More subscribers than the pool has connections (10 + 10 overflow): each reads through loaders.
    version_id = (await tenant.client(ADMIN).execute(REGISTER, {"name": f"ab-{secrets.token_hex(4)}"})).ok()
    model_id = version_id["registerModel"]["id"]
    query = "subscription($id: ID!) { deploymentsChanged(modelId: $id) { id version { status model { name } } } }"
    missing = ids.encode("ModelVersion", uuid.uuid4())
    async with contextlib.AsyncExitStack() as stack:
        sockets = [
            await stack.enter_async_context(open_socket(tenant.base_url, tenant.users[ADMIN].token)) for _ in range(25)
        ]
        for i, socket in enumerate(sockets):
            await socket.subscribe(f"s{i}", query, {"id": model_id})
            await socket.subscribe(f"f{i}", VERSION_LIVE, {"id": missing})
        for i, socket in enumerate(sockets):  # each NOT_FOUND was read in a unit of its own, then let go
            answer = await socket.next(f"f{i}")
            errors = answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
            assert errors[0]["extensions"]["code"] == "NOT_FOUND", answer
        # Each `deploymentsChanged` checked the model in a short unit of its own; none stays open.
        held = await wait_no_open_transactions(sessionmaker, api)
        assert not [s for s in held if s and s.startswith("idle in transaction")], held
        assert await metric(api, 'slipway_db_connections{state="in_use"}') == 0
        assert await metric(api, "slipway_websockets_open") >= 25
        me = await tenant.client(VIEWER).execute(ME)
        assert me.status == 200
        # Half say `complete`, half just vanish.
        for i, socket in enumerate(sockets[:12]):
            await socket.send({"id": f"s{i}", "type": "complete"})
        for socket in sockets[12:]:
            socket.connection.transport.abort()
    after = await wait_no_open_transactions(sessionmaker, api)
    assert not [s for s in after if s and s.startswith("idle in transaction")], after
    assert await metric(api, 'slipway_db_connections{state="in_use"}') == 0
    for _ in range(50):  # the server notices the vanished clients
        if await metric(api, "slipway_websockets_open") == 0:
            break
        await asyncio.sleep(0.2)
    assert await metric(api, "slipway_websockets_open") == 0
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        token = await http.post(
            "/auth/token", json={"username": tenant.users[VIEWER].email, "password": tenant.users[VIEWER].password}
        )
        ready = await http.get("/readyz")
    assert token.status_code == 200 and ready.status_code == 200, (token.text, ready.text)


async def test_a_socket_closes_with_4401_when_its_token_expires(tenant, issuer) -> None:
    user = tenant.users[VIEWER]
    # Past `exp` but still inside the verifier's leeway for another ~3 s.
    token = issuer.issue(
        user_id=user.id, email=user.email, tenant=tenant.slug, role=VIEWER.value, ttl=-(LEEWAY_SECONDS - 3)
    )
    async with open_socket(tenant.base_url, token) as socket:
        assert (await socket.result("1", ME))["data"]["me"]["email"] == user.email
        code, reason = await socket.wait_closed(timeout=3 + 5 + 5)  # leeway left + one check interval + slack
    assert code == 4401 and "expired" in reason
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        refused = await http.post("/graphql", json={"query": ME}, headers={"authorization": f"Bearer {token}"})
    assert refused.status_code == 401


async def test_a_socket_closes_with_4403_when_its_user_is_disabled(tenant, sessionmaker) -> None:
    user = tenant.users[Role.LABELER]
    async with open_socket(tenant.base_url, user.token) as socket:
        await socket.subscribe("q", "subscription { approvalRequestsChanged { status } }")
        assert (await socket.next("q"))["type"] == "error"  # labelers may not read the queue; the socket stays
        async with transaction(sessionmaker) as session:
            await session.execute(update(User).where(User.id == user.id).values(is_active=False))
        code, reason = await socket.wait_closed(timeout=5 + 5)
    assert code == 4403 and "disabled" in reason


async def test_a_role_change_reaches_an_open_socket(tenant, sessionmaker) -> None:
    user = tenant.users[VIEWER]
    async with open_socket(tenant.base_url, user.token) as socket:
        assert (await socket.result("1", ME))["data"]["me"]["role"] == "VIEWER"
        async with transaction(sessionmaker) as session:
            await session.execute(update(User).where(User.id == user.id).values(role="data_scientist"))
        for attempt in range(40):
            if (await socket.result(f"r{attempt}", ME))["data"]["me"]["role"] == "DATA_SCIENTIST":
                break
            await asyncio.sleep(0.25)
        else:
            raise AssertionError("the socket kept the old role")


BAD_FRAMES = [
    ("a JSON array", "[1, 2]"),
    ("a JSON string", '"subscribe"'),
    ("JSON nested far too deep", "[" * 5000 + "]" * 5000),
    ("not JSON", "{nope"),
    ("an unknown type", {"type": "start", "id": "1"}),
    ("a query that is not a string", {"type": "subscribe", "id": "1", "payload": {"query": 42}}),
    ("no payload", {"type": "subscribe", "id": "1"}),
    (
        "variables that are a list",
        {"type": "subscribe", "id": "1", "payload": {"query": "{ me { email } }", "variables": [1]}},
    ),
    ("an id that is a number", {"type": "subscribe", "id": 1, "payload": {"query": "{ me { email } }"}}),
]


async def test_protocol_errors_close_with_4400(tenant) -> None:
    for what, frame in BAD_FRAMES:
        async with open_socket(tenant.base_url, tenant.users[VIEWER].token) as socket:
            await socket.send(frame if isinstance(frame, str) else json.dumps(frame))
            code, reason = await socket.wait_closed(timeout=10)
        assert code == 4400 and reason, (what, code, reason)


async def test_sign_in_refusals_say_why(tenant) -> None:
    async with open_socket(tenant.base_url) as socket:
        await socket.send({"type": "connection_init", "payload": {"Authorization": "Bearer nonsense"}})
        code, reason = await socket.wait_closed(timeout=10)
    assert code == 4403 and "token" in reason
    async with open_socket(tenant.base_url) as socket:
        await socket.subscribe("1", ME)  # before connection_init
        code, _ = await socket.wait_closed(timeout=10)
    assert code == 4401


async def test_shared_streams_keep_each_viewer_apart_and_give_late_joiners_the_current_state(
    tenant, worker, api
) -> None:
    version_id = await _validated_version(tenant)
    submit = 'mutation($id: ID!) { submitForApproval(versionId: $id, comment: "go") { status } }'
    approve = 'mutation($id: ID!) { approveModelVersion(id: $id, comment: "ok") { status } }'
    queue = "subscription { approvalRequestsChanged { status version { id } } }"
    admin, owner = tenant.users[ADMIN].token, tenant.users[DS].token
    async with contextlib.AsyncExitStack() as stack:
        early_admin, early_owner, late_admin, queue_early, queue_late = [
            await stack.enter_async_context(open_socket(tenant.base_url, token))
            for token in (admin, owner, admin, admin, admin)
        ]
        await early_admin.subscribe("v", VERSION_LIVE, {"id": version_id})
        await early_owner.subscribe("v", VERSION_LIVE, {"id": version_id})
        await queue_early.subscribe("q", queue)
        for socket in (early_admin, early_owner):
            assert (await socket.next("v"))["payload"]["data"]["modelVersionUpdated"]["status"] == "VALIDATED"
        assert await metric(api, "slipway_subscription_streams") >= 3  # one per viewer and document

        (await tenant.client(DS).execute(submit, {"id": version_id})).ok()
        seen_by_admin = (await early_admin.next("v"))["payload"]["data"]["modelVersionUpdated"]
        seen_by_owner = (await early_owner.next("v"))["payload"]["data"]["modelVersionUpdated"]
        assert seen_by_admin["card"]["viewerCanApprove"] is True
        assert seen_by_owner["card"]["viewerCanApprove"] is False  # the submitter may not approve their own
        assert (await queue_early.next("q"))["payload"]["data"]["approvalRequestsChanged"]["status"] == "PENDING"

        # Joining the running streams late: the state stream answers with the state now, the change
        # stream with nothing until the next change.
        await late_admin.subscribe("v", VERSION_LIVE, {"id": version_id})
        await queue_late.subscribe("q", queue)
        now = (await late_admin.next("v"))["payload"]["data"]["modelVersionUpdated"]
        assert now["status"] == "PENDING_APPROVAL" and now["card"]["viewerCanApprove"] is True
        await asyncio.sleep(0.5)
        assert queue_late.messages["q"].empty()

        (await tenant.client(ADMIN).execute(approve, {"id": version_id})).ok()
        assert (await queue_late.next("q"))["payload"]["data"]["approvalRequestsChanged"]["status"] == "APPROVED"
        for socket in (early_admin, early_owner, late_admin):
            assert (await socket.next("v"))["payload"]["data"]["modelVersionUpdated"]["status"] == "APPROVED"
            await socket.send({"id": "v", "type": "complete"})  # APPROVED is not final (a correction reopens it)
        await queue_early.send({"id": "q", "type": "complete"})
        await queue_late.send({"id": "q", "type": "complete"})
    for _ in range(50):  # the last socket to leave a stream stops it
        if await metric(api, "slipway_subscription_streams") == 0:
            break
        await asyncio.sleep(0.1)
    assert await metric(api, "slipway_subscription_streams") == 0
