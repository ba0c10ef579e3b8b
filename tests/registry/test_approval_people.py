"""Approval requests name who submitted and who decided: the queue (approvers) and each version (model readers)."""

from __future__ import annotations

from backend.identity.roles import Role
from tests.registry.test_approvals import _version

DS, ADMIN, VIEWER = Role.DATA_SCIENTIST, Role.ADMIN, Role.VIEWER

SUBMIT = 'mutation($id: ID!) { submitForApproval(versionId: $id, comment: "ready") { id } }'
APPROVE = 'mutation($id: ID!) { approveModelVersion(id: $id, comment: "fine") { status } }'
PEOPLE = """query($status: ApprovalStatus) {
  approvalRequests(status: $status) { edges { node { version { id } submittedBy { email } decidedBy { email } } } }
}"""
ON_VERSION = (
    "query($id: ID!) { modelVersion(id: $id) { approvalRequest { submittedBy { email } decidedBy { email } } } }"
)


async def test_submitter_and_decider_are_users_in_the_queue_and_on_the_version(tenant, worker) -> None:
    first, second = await _version(tenant, DS), await _version(tenant, DS)
    for version_id in (first, second):
        (await tenant.client(DS).execute(SUBMIT, {"id": version_id})).ok()
    pending = (await tenant.client(ADMIN).execute(PEOPLE, {"status": "PENDING"})).ok()["approvalRequests"]["edges"]
    assert {e["node"]["version"]["id"] for e in pending} == {first, second}
    assert all(e["node"]["submittedBy"] == {"email": tenant.users[DS].email} for e in pending)
    assert all(e["node"]["decidedBy"] is None for e in pending)

    (await tenant.client(ADMIN).execute(APPROVE, {"id": first})).ok()
    request = (await tenant.client(VIEWER).execute(ON_VERSION, {"id": first})).ok()["modelVersion"]["approvalRequest"]
    assert request == {
        "submittedBy": {"email": tenant.users[DS].email},
        "decidedBy": {"email": tenant.users[ADMIN].email},
    }
