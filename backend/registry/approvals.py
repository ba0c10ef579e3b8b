"""Approvals bound to what was reviewed: the owner submits a VALIDATED version, approvers other than the
submitter decide, as many distinct ones as the model's promotion policy asks (policies.py).

Submitting freezes the card, the validation report and the file's sha256 into the request, with their hashes
(review.py). Every change of state locks the version row first, so a card edit and a decision take turns: a
card edit while pending withdraws the request (`withdraw`), and a decision checks that the card it approves is
still the frozen one.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, Forbidden, NotFound
from backend.kit.pagination import Page, PageRequest, ordered_key, position_in, time_key
from backend.registry import lifecycle, permissions, policies, repository, review, service
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ApprovalDecision, ApprovalRequest, ModelVersion
from backend.webhooks import announce as webhooks

TOPIC = "approvalRequest"
MAX_COMMENT = 4000


async def submit(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, *, comment: str
) -> ApprovalRequest:
    """VALIDATED → PENDING_APPROVAL, with a request that freezes what the approvers will review."""
    principal.require(Permission.MANAGE_MODELS)
    _check_comment(comment)
    version = await service.get_version(session, principal, version_id, lock=True)
    if not permissions.is_owner_or_admin(principal, version):
        raise Forbidden("Only the uploader of this version or an admin may submit it for approval.")
    lifecycle.transition(version, VersionStatus.PENDING_APPROVAL)
    policy = await policies.effective(session, principal.tenant_id, version.model_id)
    card = review.card_of(version)
    request = ApprovalRequest(
        tenant_id=principal.tenant_id,
        version_id=version.id,
        submitted_by=principal.user_id,
        comment=comment,
        status="PENDING",
        card=card,
        card_revision=version.card_revision,
        card_sha256=review.sha256_of(card),
        report_sha256=review.sha256_of(review.report_of(version)),
        file_sha256=version.sha256,
        required_approvals=policy.required_approvals,
        approver_roles=list(policy.approver_roles),
    )
    await repository.add(session, request)
    await _announce(session, principal, version, request, action="model.version_submitted", comment=comment)
    return request


async def decide(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, *, approve: bool, comment: str
) -> ApprovalRequest:
    """One approver's vote: a rejection decides at once, approvals once the policy's count of distinct people."""
    _check_comment(comment)
    if not approve and not comment.strip():
        raise BadInput("Say why the version is rejected: a comment is required.", field="comment")
    version = await service.get_version(session, principal, version_id, lock=True)
    request = await repository.request_for_version(session, version.id)
    pending = request if request is not None and request.status == "PENDING" else None
    roles = pending.approver_roles if pending is not None else [policies.Policy().approver_roles[0]]
    if not principal.can(Permission.READ_MODELS) or principal.role.value not in roles:
        raise Forbidden(
            f"The promotion policy of this model lets {' or '.join(r.upper() for r in roles)} decide on its versions."
        )
    lifecycle.check(version.status, VersionStatus.APPROVED if approve else VersionStatus.REJECTED)
    assert pending is not None, "a PENDING_APPROVAL version always has a pending request"
    if pending.submitted_by == principal.user_id:
        raise Conflict("You submitted this version yourself; another admin must decide on it (four-eyes rule).")
    votes = await repository.decisions_of(session, [pending.id])
    if any(v.user_id == principal.user_id for v in votes):
        raise Conflict(
            f"You already approved this request; it needs {pending.required_approvals} distinct approvers "
            f"and has {sum(v.approve for v in votes)}: another approver must decide.",
            requiredApprovals=pending.required_approvals,
        )
    if pending.card_sha256 is not None and review.sha256_of(review.card_of(version)) != pending.card_sha256:
        # Unreachable while every card edit withdraws under the same lock; kept so a bug cannot approve it.
        raise Conflict("The card changed after submission; the request must be submitted again.")
    await repository.add(
        session,
        ApprovalDecision(
            tenant_id=principal.tenant_id,
            request_id=pending.id,
            user_id=principal.user_id,
            approve=approve,
            comment=comment,
        ),
    )
    approvals = sum(v.approve for v in votes) + int(approve)
    if approve and approvals < pending.required_approvals:
        await _announce(
            session, principal, version, pending, action="model.version_approval_recorded", comment=comment, hook=False
        )
        return pending
    target = VersionStatus.APPROVED if approve else VersionStatus.REJECTED
    lifecycle.transition(version, target)
    pending.status = target.value
    pending.decided_by = principal.user_id
    pending.decision_comment = comment
    pending.decided_at = datetime.now(UTC)
    await session.flush()
    action = "model.version_approved" if approve else "model.version_rejected"
    await _announce(session, principal, version, pending, action=action, comment=comment)
    return pending


async def withdraw(
    session: AsyncSession, principal: Principal, version: ModelVersion, changes: list[dict[str, Any]]
) -> ApprovalRequest:
    """A card edit while PENDING_APPROVAL: the request no longer describes the card, so it is withdrawn.

    The caller holds the version's row lock and has already applied the edit.
    """
    request = await repository.request_for_version(session, version.id)
    assert request is not None and request.status == "PENDING", "a PENDING_APPROVAL version has a pending request"
    lifecycle.transition(version, VersionStatus.VALIDATED)
    request.status = "WITHDRAWN"
    request.withdrawn_at = datetime.now(UTC)
    request.withdrawal_changes = changes
    await session.flush()
    await _announce(
        session,
        principal,
        version,
        request,
        action="model.version_approval_withdrawn",
        comment="The model card changed after submission: " + ", ".join(c["field"] for c in changes) + ".",
    )
    return request


class ApprovalOrder(enum.StrEnum):
    OLDEST_FIRST = "OLDEST_FIRST"
    NEWEST_FIRST = "NEWEST_FIRST"


async def list_requests(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    status: str | None,
    order: ApprovalOrder = ApprovalOrder.OLDEST_FIRST,
) -> Page[ApprovalRequest]:
    """The queue, oldest first unless asked otherwise; admins only (submitters watch their versions)."""
    require_queue_reader(principal)
    after = position_in(order, page.after, what="the approval queue")
    if after is not None and "|" not in after:
        raise BadInput("`after` is not a cursor of the approval queue.", field="after")
    rows = await repository.page_requests(
        session,
        principal.tenant_id,
        status=status,
        after=after,
        limit=page.first + 1,
        newest_first=order is ApprovalOrder.NEWEST_FIRST,
    )
    return page.page_of(rows, key=lambda r: ordered_key(order, time_key(r)))


async def get_request(session: AsyncSession, principal: Principal, request_id: uuid.UUID) -> ApprovalRequest:
    require_queue_reader(principal)
    row = await session.get(ApprovalRequest, request_id)
    if row is None or row.tenant_id != principal.tenant_id:
        raise NotFound("ApprovalRequest")
    return row


async def changes_since_last_decision(session: AsyncSession, request: ApprovalRequest) -> list[dict[str, Any]]:
    """What the reviewer must look at: the frozen card against the one last approved or rejected for this model
    (an earlier submission of this version, or the newest decided version before it); all fields when none."""
    version = await repository.versions_by_ids(session, [request.version_id])
    model_id = version[request.version_id].model_id
    baseline = await repository.last_decided(session, model_id, request)
    return review.changes(baseline.card if baseline else None, request.card or {})


def require_queue_reader(principal: Principal) -> None:
    principal.require(Permission.APPROVE_MODELS)


def _check_comment(comment: str) -> None:
    if len(comment) > MAX_COMMENT:
        raise BadInput(f"A comment holds at most {MAX_COMMENT} characters.", field="comment")


async def _announce(
    session: AsyncSession,
    principal: Principal,
    version: ModelVersion,
    request: ApprovalRequest,
    *,
    action: str,
    comment: str,
    hook: bool = True,
) -> None:
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action=action,
        target_type="ModelVersion",
        target_id=str(version.id),
        details={
            "version": version.version,
            "status": version.status,
            "comment": comment,
            "request": str(request.id),
            "cardRevision": request.card_revision,
            "cardSha256": request.card_sha256,
            "reportSha256": request.report_sha256,
            "fileSha256": request.file_sha256,
        },
    )
    await publish(session, tenant_id=principal.tenant_id, topic=service.TOPIC_VERSION, id=str(version.id))
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC, id=str(request.id))
    if hook:
        await webhooks.model_version(
            session, version, event=action.replace("model.version_", "model_version."), actor=principal, comment=comment
        )
