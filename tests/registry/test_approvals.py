"""Model cards and approvals: the lifecycle's CONFLICTs, four-eyes, roles, tenants, audit and subscriptions."""

from __future__ import annotations

import asyncio
import secrets

from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.identity.roles import Role
from tests.registry import corpus
from tests.support.registry import VERSION, register, upload, wait_final

DS, ADMIN, ENG, VIEWER = Role.DATA_SCIENTIST, Role.ADMIN, Role.ML_ENGINEER, Role.VIEWER

SUBMIT = """mutation($id: ID!, $comment: String!) {
  submitForApproval(versionId: $id, comment: $comment) { id status comment version { status } }
}"""
APPROVE = "mutation($id: ID!, $c: String!) { approveModelVersion(id: $id, comment: $c) { status decisionComment } }"
REJECT = "mutation($id: ID!, $c: String!) { rejectModelVersion(id: $id, comment: $c) { status decisionComment } }"
CARD = """mutation($id: ID!, $input: ModelCardInput!) {
  updateModelCard(versionId: $id, input: $input) { card { intendedUse trainingData metrics limitations editable } }
}"""
QUEUE = """query($status: ApprovalStatus) {
  approvalRequests(status: $status) { edges { node { status comment version { id version model { name } } } } }
}"""


async def _version(tenant, role: Role, make=corpus.linear) -> str:
    """A finished (validated or failed) version uploaded by `role`."""
    name = f"a-{secrets.token_hex(4)}"
    await register(tenant, role, name)
    data = make(secrets.randbelow(10**6)) if make is corpus.linear else make()
    answer = (await upload(tenant.base_url, tenant.users[role].token, data, model_name=name)).ok()
    version_id = answer["uploadModelVersion"]["version"]["id"]
    await wait_final(tenant, VIEWER, version_id)
    return version_id


async def _card(tenant, role: Role, version_id: str) -> dict:
    return (await tenant.client(role).execute(VERSION, {"id": version_id})).ok()["modelVersion"]["card"]


async def test_the_owner_submits_and_another_admin_approves(tenant, worker, sessionmaker) -> None:
    version_id = await _version(tenant, DS)
    assert (await _card(tenant, DS, version_id))["viewerCanSubmit"] is True
    assert (await _card(tenant, ENG, version_id))["viewerCanSubmit"] is False  # not the owner
    submitted = (await tenant.client(DS).execute(SUBMIT, {"id": version_id, "comment": "ready"})).ok()
    assert submitted["submitForApproval"]["status"] == "PENDING"
    assert submitted["submitForApproval"]["version"]["status"] == "PENDING_APPROVAL"
    assert (await _card(tenant, ADMIN, version_id))["viewerCanApprove"] is True
    assert (await _card(tenant, DS, version_id))["viewerCanApprove"] is False
    queue = (await tenant.client(ADMIN).execute(QUEUE, {"status": "PENDING"})).ok()["approvalRequests"]["edges"]
    assert [e["node"]["version"]["id"] for e in queue] == [version_id]
    approved = (await tenant.client(ADMIN).execute(APPROVE, {"id": version_id, "c": "looks good"})).ok()
    assert approved["approveModelVersion"] == {"status": "APPROVED", "decisionComment": "looks good"}
    version = (await tenant.client(VIEWER).execute(VERSION, {"id": version_id})).ok()["modelVersion"]
    assert version["status"] == "APPROVED"
    assert version["card"]["editable"] is False
    async with sessionmaker() as session:
        actions = list(await session.scalars(select(AuditEntry.action).where(AuditEntry.tenant_id == tenant.id)))
    assert {"model.registered", "model.version_uploaded", "model.version_submitted", "model.version_approved"} <= set(
        actions
    )


async def test_a_second_submit_and_a_second_decision_are_conflicts_naming_the_state(tenant, worker) -> None:
    version_id = await _version(tenant, DS)
    client = tenant.client(DS)
    (await client.execute(SUBMIT, {"id": version_id, "comment": ""})).ok()
    again = await client.execute(SUBMIT, {"id": version_id, "comment": ""})
    assert again.codes == ["CONFLICT"]
    assert "PENDING_APPROVAL" in again.body["errors"][0]["message"]
    (await tenant.client(ADMIN).execute(REJECT, {"id": version_id, "c": "metrics missing"})).ok()
    twice = await tenant.client(ADMIN).execute(APPROVE, {"id": version_id, "c": ""})
    assert twice.codes == ["CONFLICT"]
    assert "REJECTED" in twice.body["errors"][0]["message"]


async def test_only_validated_versions_can_be_submitted(tenant, worker) -> None:
    failed = await _version(tenant, DS, corpus.nan_output)
    answer = await tenant.client(DS).execute(SUBMIT, {"id": failed, "comment": ""})
    assert answer.codes == ["CONFLICT"]
    assert "VALIDATION_FAILED" in answer.body["errors"][0]["message"]


async def test_four_eyes_an_admin_cannot_approve_their_own_submission(tenant, worker) -> None:
    version_id = await _version(tenant, ADMIN)
    admin = tenant.client(ADMIN)
    (await admin.execute(SUBMIT, {"id": version_id, "comment": "mine"})).ok()
    assert (await _card(tenant, ADMIN, version_id))["viewerCanApprove"] is False
    answer = await admin.execute(APPROVE, {"id": version_id, "c": "self"})
    assert answer.codes == ["CONFLICT"]
    assert "four-eyes" in answer.body["errors"][0]["message"]


async def test_roles_comments_and_tenants_are_enforced(tenant, other_tenant, worker) -> None:
    version_id = await _version(tenant, DS)
    assert (await tenant.client(VIEWER).execute(SUBMIT, {"id": version_id, "comment": ""})).codes == ["FORBIDDEN"]
    stranger = await other_tenant.client(DS).execute(SUBMIT, {"id": version_id, "comment": ""})
    assert stranger.codes == ["NOT_FOUND"]
    (await tenant.client(DS).execute(SUBMIT, {"id": version_id, "comment": ""})).ok()
    assert (await tenant.client(ENG).execute(APPROVE, {"id": version_id, "c": ""})).codes == ["FORBIDDEN"]
    assert (await tenant.client(DS).execute(QUEUE, {"status": "PENDING"})).codes == ["FORBIDDEN"]
    foreign = await other_tenant.client(ADMIN).execute(APPROVE, {"id": version_id, "c": ""})
    assert foreign.codes == ["NOT_FOUND"]
    bare = await tenant.client(ADMIN).execute(REJECT, {"id": version_id, "c": "  "})
    assert bare.codes == ["BAD_USER_INPUT"]
    other_queue = (await other_tenant.client(ADMIN).execute(QUEUE, {"status": None})).ok()
    assert other_queue["approvalRequests"]["edges"] == []


async def test_the_card_is_editable_by_its_owner_until_decided(tenant, worker) -> None:
    version_id = await _version(tenant, DS)
    fields = {
        "intendedUse": "triage",
        "trainingData": "export 42",
        "metrics": {"auc": 0.91},
        "limitations": "adults only",
    }
    card = (await tenant.client(DS).execute(CARD, {"id": version_id, "input": fields})).ok()
    assert card["updateModelCard"]["card"] == {**fields, "editable": True}
    assert (await tenant.client(ENG).execute(CARD, {"id": version_id, "input": fields})).codes == ["FORBIDDEN"]
    assert (await tenant.client(VIEWER).execute(CARD, {"id": version_id, "input": fields})).codes == ["FORBIDDEN"]
    bad = await tenant.client(DS).execute(CARD, {"id": version_id, "input": {"metrics": [1, 2]}})
    assert bad.codes == ["BAD_USER_INPUT"]
    (await tenant.client(DS).execute(SUBMIT, {"id": version_id, "comment": ""})).ok()
    # An admin's edit while pending withdraws the request (tests/governance covers the diff it records).
    (await tenant.client(ADMIN).execute(CARD, {"id": version_id, "input": {"limitations": "x"}})).ok()
    assert (await tenant.client(ADMIN).execute(APPROVE, {"id": version_id, "c": ""})).codes == ["CONFLICT"]
    (await tenant.client(DS).execute(SUBMIT, {"id": version_id, "comment": "again"})).ok()
    (await tenant.client(ADMIN).execute(APPROVE, {"id": version_id, "c": ""})).ok()
    frozen = await tenant.client(DS).execute(CARD, {"id": version_id, "input": {"limitations": "later"}})
    assert frozen.codes == ["CONFLICT"]
    assert "read-only" in frozen.body["errors"][0]["message"]


async def test_the_admins_queue_is_pushed_to_subscribers(tenant, worker) -> None:
    version_id = await _version(tenant, DS)
    transport = WebsocketsTransport(
        url=tenant.base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {tenant.users[ADMIN].token}"},
    )
    query = "subscription { approvalRequestsChanged { status version { id status } } }"
    seen: list[dict] = []

    async def listen() -> None:
        async with Client(transport=transport) as session:
            async for update in session.subscribe(GraphQLRequest(query)):
                seen.append(update["approvalRequestsChanged"])
                if len(seen) == 2:
                    return

    listener = asyncio.create_task(listen())
    await asyncio.sleep(1.5)  # the socket is open and subscribed
    (await tenant.client(DS).execute(SUBMIT, {"id": version_id, "comment": ""})).ok()
    (await tenant.client(ADMIN).execute(APPROVE, {"id": version_id, "c": ""})).ok()
    await asyncio.wait_for(listener, 30)
    assert [s["status"] for s in seen] == ["PENDING", "APPROVED"]
    assert all(s["version"]["id"] == version_id for s in seen)
