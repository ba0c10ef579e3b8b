"""Approvals bind to what was reviewed: frozen card, report and file with their hashes; a card edit withdraws the
request; an approved card is read-only and a correction needs a new approval; N-of-M distinct approvers."""

from __future__ import annotations

import asyncio
import hashlib
import json

from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.kit import ids
from tests.governance.support import (
    ADMIN,
    APPROVE,
    CARD,
    DS,
    ENG,
    REJECT,
    REVISE,
    SUBMIT,
    VIEWER,
    another_admin,
    set_policy,
    version,
)
from tests.support import deploy_models as models
from tests.support.deployments import model_name, new_version
from tests.support.webhooks import create, deliveries
from tests.support.websocket import open_socket

CARD_A = {"intendedUse": "pump triage", "trainingData": "export 7", "metrics": {"auc": 0.91}, "limitations": "none"}
UPDATED = "subscription($id: ID!) { modelVersionUpdated(id: $id) { status cardRevision } }"


def _sha256(value: object) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()


async def _audit(sessionmaker, tenant, action: str) -> list[AuditEntry]:
    async with sessionmaker() as session:
        stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant.id, AuditEntry.action == action)
        return list(await session.scalars(stmt))


async def test_submitting_freezes_card_report_and_file_with_hashes_anyone_can_recompute(tenant) -> None:
    v = await new_version(tenant, model_name(), models.linear(1.0))
    (await tenant.client(ENG).execute(CARD, {"id": v["id"], "input": CARD_A})).ok()
    submitted = (await tenant.client(ENG).execute(SUBMIT, {"id": v["id"]})).ok()["submitForApproval"]
    assert submitted["status"] == "PENDING" and submitted["requiredApprovals"] == 1
    assert submitted["frozenCard"] == CARD_A
    assert submitted["cardSha256"] == _sha256(CARD_A)
    assert submitted["fileSha256"] == v["sha256"]
    assert len(submitted["reportSha256"]) == 64
    assert submitted["cardRevision"] == 2  # the upload's empty card was revision 1
    # Nothing was decided for this model before: the reviewer sees every filled field as new.
    assert {c["field"] for c in submitted["changesSinceLastDecision"]} == {
        "intendedUse",
        "trainingData",
        "metrics.auc",
        "limitations",
    }


async def test_a_card_edit_after_submission_withdraws_the_request_and_shows_the_diff(tenant, sessionmaker) -> None:
    v = await new_version(tenant, model_name(), models.linear(1.0))
    engineer = tenant.client(ENG)
    (await engineer.execute(CARD, {"id": v["id"], "input": CARD_A})).ok()
    hook_id, _ = await create(tenant, "http://127.0.0.1:9/hook", ["model_version.approval_withdrawn"])
    (await engineer.execute(SUBMIT, {"id": v["id"]})).ok()
    async with open_socket(tenant.base_url, tenant.users[VIEWER].token) as socket:
        await socket.subscribe("1", UPDATED, {"id": v["id"]})
        assert (await socket.next("1"))["payload"]["data"]["modelVersionUpdated"]["status"] == "PENDING_APPROVAL"
        edited = await engineer.execute(
            CARD, {"id": v["id"], "input": {"intendedUse": "pump triage, night shift", "metrics": {"auc": 0.88}}}
        )
        assert edited.ok()["updateModelCard"]["status"] == "VALIDATED"
        pushed = (await socket.next("1"))["payload"]["data"]["modelVersionUpdated"]
        while pushed["status"] != "VALIDATED":
            pushed = (await socket.next("1"))["payload"]["data"]["modelVersionUpdated"]
        assert pushed["cardRevision"] == 3
    found = await version(tenant, v["id"])
    request = found["approvalRequest"]
    assert found["status"] == "VALIDATED" and request["status"] == "WITHDRAWN" and request["withdrawnAt"]
    assert request["withdrawalChanges"] == [
        {"field": "intendedUse", "before": "pump triage", "after": "pump triage, night shift"},
        {"field": "metrics.auc", "before": 0.91, "after": 0.88},
    ]
    assert request["frozenCard"] == CARD_A  # the record of what was submitted stays as it was
    # Nobody can approve the withdrawn request.
    late = await tenant.client(ADMIN).execute(APPROVE, {"id": v["id"], "c": "ok"})
    assert late.codes == ["CONFLICT"] and "VALIDATED" in late.body["errors"][0]["message"]
    withdrawn = await _audit(sessionmaker, tenant, "model.version_approval_withdrawn")
    assert [e.details["request"] for e in withdrawn] == [str(ids.decode("ApprovalRequest", request["id"]))]
    sent = await deliveries(tenant, hook_id)
    assert [d["event"] for d in sent] == ["model_version.approval_withdrawn"]
    assert v["id"] in sent[0]["requestBody"]
    # Submitting again freezes the new card; the history keeps both submissions.
    again = (await engineer.execute(SUBMIT, {"id": v["id"]})).ok()["submitForApproval"]
    assert again["frozenCard"]["intendedUse"] == "pump triage, night shift" and again["cardRevision"] == 3
    history = (await version(tenant, v["id"]))["approvalHistory"]
    assert [h["status"] for h in history] == ["WITHDRAWN", "PENDING"]


async def test_an_edit_that_changes_nothing_keeps_the_request(tenant) -> None:
    v = await new_version(tenant, model_name(), models.linear(1.0))
    (await tenant.client(ENG).execute(CARD, {"id": v["id"], "input": CARD_A})).ok()
    (await tenant.client(ENG).execute(SUBMIT, {"id": v["id"]})).ok()
    same = (await tenant.client(ENG).execute(CARD, {"id": v["id"], "input": {"intendedUse": "pump triage"}})).ok()
    assert same["updateModelCard"]["status"] == "PENDING_APPROVAL"


async def test_the_reviewer_sees_the_diff_against_the_last_decided_version(tenant) -> None:
    name = model_name()
    v1 = await new_version(tenant, name, models.linear(1.0))
    (await tenant.client(ENG).execute(CARD, {"id": v1["id"], "input": CARD_A})).ok()
    (await tenant.client(ENG).execute(SUBMIT, {"id": v1["id"]})).ok()
    (await tenant.client(ADMIN).execute(APPROVE, {"id": v1["id"], "c": "fine"})).ok()
    v2 = await new_version(tenant, name, models.linear(2.0), create=False)
    card_b = {**CARD_A, "limitations": "not for pumps older than 1990", "metrics": {"auc": 0.93, "f1": 0.8}}
    (await tenant.client(ENG).execute(CARD, {"id": v2["id"], "input": card_b})).ok()
    (await tenant.client(ENG).execute(SUBMIT, {"id": v2["id"]})).ok()
    shown = (await version(tenant, v2["id"]))["approvalRequest"]["changesSinceLastDecision"]
    assert shown == [
        {"field": "metrics.auc", "before": 0.91, "after": 0.93},
        {"field": "metrics.f1", "before": None, "after": 0.8},
        {"field": "limitations", "before": "none", "after": "not for pumps older than 1990"},
    ]


async def test_an_approved_card_is_read_only_and_a_correction_needs_a_new_approval(tenant, sessionmaker) -> None:
    v = await new_version(tenant, model_name(), models.linear(1.0))
    (await tenant.client(ENG).execute(CARD, {"id": v["id"], "input": CARD_A})).ok()
    (await tenant.client(ENG).execute(SUBMIT, {"id": v["id"]})).ok()
    (await tenant.client(ADMIN).execute(APPROVE, {"id": v["id"], "c": "fine"})).ok()
    assert (await version(tenant, v["id"], ENG))["card"]["viewerCanRevise"] is True
    refused = await tenant.client(ENG).execute(CARD, {"id": v["id"], "input": {"limitations": "new"}})
    assert refused.codes == ["CONFLICT"] and "reviseModelCard" in refused.body["errors"][0]["message"]
    assert (await version(tenant, v["id"]))["card"]["limitations"] == "none"
    no_reason = await tenant.client(ENG).execute(REVISE, {"id": v["id"], "input": {"limitations": "x"}, "reason": " "})
    assert no_reason.codes == ["BAD_USER_INPUT"]
    viewer = await tenant.client(VIEWER).execute(REVISE, {"id": v["id"], "input": {"limitations": "x"}, "reason": "r"})
    assert viewer.codes == ["FORBIDDEN"]
    revised = await tenant.client(ENG).execute(
        REVISE, {"id": v["id"], "input": {"limitations": "not below 0 °C"}, "reason": "found in field use"}
    )
    assert revised.ok()["reviseModelCard"]["status"] == "VALIDATED"
    found = await version(tenant, v["id"])
    assert found["approvalHistory"][0]["status"] == "APPROVED"
    assert found["approvalHistory"][0]["frozenCard"]["limitations"] == "none"  # what was approved, unchanged
    [entry] = await _audit(sessionmaker, tenant, "model.card_revised")
    assert entry.details["changes"] == [{"field": "limitations", "before": "none", "after": "not below 0 °C"}]
    assert entry.details["reason"] == "found in field use"
    (await tenant.client(ENG).execute(SUBMIT, {"id": v["id"]})).ok()
    again = (await tenant.client(ADMIN).execute(APPROVE, {"id": v["id"], "c": "correction ok"})).ok()
    assert again["approveModelVersion"]["status"] == "APPROVED"
    assert again["approveModelVersion"]["frozenCard"]["limitations"] == "not below 0 °C"


async def test_a_policy_of_two_approvers_needs_two_distinct_admins(tenant, sessionmaker, issuer) -> None:
    v = await new_version(tenant, model_name(), models.linear(1.0))
    model_id = (await version(tenant, v["id"]))["model"]["id"]
    await set_policy(tenant, model_id, requiredApprovals=2, approverRoles=["ADMIN"])
    submitter = tenant.client(ADMIN)  # an admin submits, so the four-eyes rule has an admin to refuse
    submitted = (await submitter.execute(SUBMIT, {"id": v["id"]})).ok()["submitForApproval"]
    assert submitted["requiredApprovals"] == 2 and submitted["approverRoles"] == ["ADMIN"]
    own = await submitter.execute(APPROVE, {"id": v["id"], "c": "mine"})
    assert own.codes == ["CONFLICT"] and "four-eyes" in own.body["errors"][0]["message"]
    engineer = await tenant.client(ENG).execute(APPROVE, {"id": v["id"], "c": "ok"})
    assert engineer.codes == ["FORBIDDEN"] and "ADMIN" in engineer.body["errors"][0]["message"]
    second, third = await another_admin(sessionmaker, issuer, tenant), await another_admin(sessionmaker, issuer, tenant)
    first_vote = (await second.execute(APPROVE, {"id": v["id"], "c": "one"})).ok()["approveModelVersion"]
    assert first_vote["status"] == "PENDING" and first_vote["approvals"] == 1
    assert (await version(tenant, v["id"]))["status"] == "PENDING_APPROVAL"
    twice = await second.execute(APPROVE, {"id": v["id"], "c": "one again"})
    assert twice.codes == ["CONFLICT"] and "already approved" in twice.body["errors"][0]["message"]
    final = (await third.execute(APPROVE, {"id": v["id"], "c": "two"})).ok()["approveModelVersion"]
    assert final["status"] == "APPROVED" and final["approvals"] == 2
    assert len({d["user"]["email"] for d in final["decisions"]}) == 2
    assert (await version(tenant, v["id"]))["status"] == "APPROVED"


async def test_a_policy_may_let_engineers_approve_and_one_rejection_decides(tenant) -> None:
    v = await new_version(tenant, model_name(), models.linear(1.0))
    model_id = (await version(tenant, v["id"]))["model"]["id"]
    await set_policy(tenant, model_id, requiredApprovals=2, approverRoles=["ADMIN", "ML_ENGINEER"])
    assert (await tenant.client(DS).execute(SUBMIT, {"id": v["id"]})).codes == ["FORBIDDEN"]  # not the owner
    (await tenant.client(ENG).execute(SUBMIT, {"id": v["id"]})).ok()
    assert (await version(tenant, v["id"], ADMIN))["card"]["viewerCanApprove"] is True
    (await tenant.client(ADMIN).execute(APPROVE, {"id": v["id"], "c": "fine by me"})).ok()
    assert (await version(tenant, v["id"], ADMIN))["card"]["viewerCanApprove"] is False  # voted already
    rejected = (await tenant.client(ADMIN).execute(REJECT, {"id": v["id"], "c": "changed my mind"})).codes
    assert rejected == ["CONFLICT"]
    own = await tenant.client(ENG).execute(REJECT, {"id": v["id"], "c": "no"})
    assert own.codes == ["CONFLICT"]  # the engineer submitted it


async def test_concurrent_approve_and_card_edit_never_approve_a_changed_card(tenant) -> None:
    for round_ in range(4):
        v = await new_version(tenant, model_name(), models.linear(1.0 + round_))
        (await tenant.client(ENG).execute(CARD, {"id": v["id"], "input": CARD_A})).ok()
        (await tenant.client(ENG).execute(SUBMIT, {"id": v["id"]})).ok()
        approve, edit = await asyncio.gather(
            tenant.client(ADMIN).execute(APPROVE, {"id": v["id"], "c": "race"}),
            tenant.client(ENG).execute(CARD, {"id": v["id"], "input": {"limitations": f"edited {round_}"}}),
        )
        found = await version(tenant, v["id"])
        request = found["approvalRequest"]
        if found["status"] == "APPROVED":
            assert edit.codes == ["CONFLICT"] and approve.codes == []
            assert request["status"] == "APPROVED" and request["frozenCard"] == CARD_A
            assert found["card"]["limitations"] == CARD_A["limitations"]
        else:
            assert found["status"] == "VALIDATED", found
            assert approve.codes == ["CONFLICT"] and edit.codes == []
            assert request["status"] == "WITHDRAWN" and found["card"]["limitations"] == f"edited {round_}"
