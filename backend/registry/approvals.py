"""Approvals: the owner submits a VALIDATED version, an admin who did not submit it decides."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, Forbidden, NotFound
from backend.kit.pagination import Page, PageRequest, time_key
from backend.registry import lifecycle, permissions, repository, service
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ApprovalRequest, ModelVersion
from backend.webhooks import announce as webhooks

TOPIC = "approvalRequest"
MAX_COMMENT = 4000


async def submit(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, *, comment: str
) -> ApprovalRequest:
    """VALIDATED → PENDING_APPROVAL, with a request in the admins' queue."""
    principal.require(Permission.MANAGE_MODELS)
    _check_comment(comment)
    version = await service.get_version(session, principal, version_id, lock=True)
    if not permissions.is_owner_or_admin(principal, version):
        raise Forbidden("Only the uploader of this version or an admin may submit it for approval.")
    lifecycle.transition(version, VersionStatus.PENDING_APPROVAL)
    request = ApprovalRequest(
        tenant_id=principal.tenant_id,
        version_id=version.id,
        submitted_by=principal.user_id,
        comment=comment,
        status="PENDING",
    )
    await repository.add(session, request)
    await _announce(session, principal, version, request, action="model.version_submitted", comment=comment)
    return request


async def decide(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, *, approve: bool, comment: str
) -> ApprovalRequest:
    """PENDING_APPROVAL → APPROVED | REJECTED by an admin other than the submitter."""
    principal.require(Permission.APPROVE_MODELS)
    _check_comment(comment)
    if not approve and not comment.strip():
        raise BadInput("Say why the version is rejected: a comment is required.", field="comment")
    version = await service.get_version(session, principal, version_id, lock=True)
    target = VersionStatus.APPROVED if approve else VersionStatus.REJECTED
    lifecycle.check(version.status, target, label=f"Version {version.version}")
    request = await repository.request_for_version(session, version.id)
    assert request is not None, "a PENDING_APPROVAL version always has its request"
    if request.submitted_by == principal.user_id:
        raise Conflict("You submitted this version yourself; another admin must decide on it (four-eyes rule).")
    lifecycle.transition(version, target)
    request.status = target.value
    request.decided_by = principal.user_id
    request.decision_comment = comment
    request.decided_at = datetime.now(UTC)
    await session.flush()
    action = "model.version_approved" if approve else "model.version_rejected"
    await _announce(session, principal, version, request, action=action, comment=comment)
    return request


async def list_requests(
    session: AsyncSession, principal: Principal, *, page: PageRequest, status: str | None
) -> Page[ApprovalRequest]:
    """The queue, oldest first; admins only (submitters watch their versions)."""
    require_queue_reader(principal)
    if page.after is not None and (not isinstance(page.after, str) or "|" not in page.after):
        raise BadInput("`after` is not a cursor of the approval queue.", field="after")
    rows = await repository.page_requests(
        session, principal.tenant_id, status=status, after=page.after, limit=page.first + 1
    )
    return page.page_of(rows, key=time_key)


async def get_request(session: AsyncSession, principal: Principal, request_id: uuid.UUID) -> ApprovalRequest:
    require_queue_reader(principal)
    row = await session.get(ApprovalRequest, request_id)
    if row is None or row.tenant_id != principal.tenant_id:
        raise NotFound("ApprovalRequest")
    return row


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
) -> None:
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action=action,
        target_type="ModelVersion",
        target_id=str(version.id),
        details={"version": version.version, "status": version.status, "comment": comment},
    )
    await publish(session, tenant_id=principal.tenant_id, topic=service.TOPIC_VERSION, id=str(version.id))
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC, id=str(request.id))
    await webhooks.model_version(
        session, version, event=action.replace("model.version_", "model_version."), actor=principal, comment=comment
    )
