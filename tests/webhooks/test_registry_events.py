"""model_version.* events arrive at the webhooks subscribed to them when the registry changes a version."""

from __future__ import annotations

import json
import secrets

from backend.identity.roles import Role
from backend.webhooks.signature import verify
from tests.registry import corpus
from tests.support.registry import register, upload, wait_final
from tests.support.webhooks import ADMIN, create, deliveries
from tests.webhooks.receiver import receiving

DS = Role.DATA_SCIENTIST
SUBMIT = 'mutation($id: ID!) { submitForApproval(versionId: $id, comment: "ready") { status } }'
APPROVE = 'mutation($id: ID!) { approveModelVersion(id: $id, comment: "ship it") { status } }'


async def test_an_approval_through_graphql_arrives_as_model_version_approved(fast_tenant, worker) -> None:
    with receiving() as approvals, receiving() as lifecycle:
        approved_hook, secret = await create(fast_tenant, approvals.url, ["model_version.approved"])
        lifecycle_hook, _ = await create(
            fast_tenant, lifecycle.url, ["model_version.validated", "model_version.submitted"]
        )
        name = f"wh-{secrets.token_hex(4)}"
        await register(fast_tenant, DS, name)
        uploaded = (
            await upload(fast_tenant.base_url, fast_tenant.users[DS].token, corpus.linear(7), model_name=name)
        ).ok()
        version_id = uploaded["uploadModelVersion"]["version"]["id"]
        assert (await wait_final(fast_tenant, DS, version_id, timeout=180))["status"] == "VALIDATED"
        (await fast_tenant.client(DS).execute(SUBMIT, {"id": version_id})).ok()
        (await fast_tenant.client(ADMIN).execute(APPROVE, {"id": version_id})).ok()
        [request] = await approvals.wait_for(1)
        seen = await lifecycle.wait_for(2)
    assert verify(secret, request.body, request.headers["x-slipway-signature"])
    body = json.loads(request.body)
    assert body["event"] == request.headers["x-slipway-event"] == "model_version.approved"
    assert body["tenant"] == fast_tenant.slug
    assert body["data"]["modelVersion"]["id"] == version_id and body["data"]["modelVersion"]["status"] == "APPROVED"
    assert body["data"]["model"]["name"] == name
    assert body["data"]["actor"]["email"] == fast_tenant.users[ADMIN].email and body["data"]["comment"] == "ship it"
    assert [r.headers["x-slipway-event"] for r in seen] == ["model_version.validated", "model_version.submitted"]
    # Each webhook's log holds only the events it subscribed to (recorded with the change, so final now).
    assert [d["event"] for d in await deliveries(fast_tenant, approved_hook)] == ["model_version.approved"]
    assert sorted(d["event"] for d in await deliveries(fast_tenant, lifecycle_hook)) == [
        "model_version.submitted",
        "model_version.validated",
    ]
