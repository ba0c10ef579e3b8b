"""The user-written half of a model card, and how editing it keeps approvals honest.

Editing a VALIDATED card changes it; editing a PENDING_APPROVAL card withdraws the request (the approvers were
shown another card); an APPROVED card is read-only and takes a correction (`revise_card`), which is a new
revision that needs a new approval; a REJECTED card stays as it was rejected. Every edit bumps
`card_revision` and writes an audit row with the field-by-field changes (the version's timeline reads them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, Forbidden
from backend.registry import approvals, lifecycle, permissions, review, service
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ModelVersion

MAX_TEXT = 20_000


@dataclass(frozen=True)
class CardEdit:
    """The fields to change; None leaves a field as it is."""

    intended_use: str | None = None
    training_data: str | None = None
    metrics: Any = None
    limitations: str | None = None


async def update_card(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, edit: CardEdit
) -> ModelVersion:
    """Change the given fields; while PENDING_APPROVAL this withdraws the request (back to VALIDATED)."""
    version = await _editable(session, principal, version_id)
    if VersionStatus(version.status) is VersionStatus.APPROVED:
        raise Conflict(
            f"Version {version.version} is APPROVED: its model card is the approved record and read-only. "
            "Propose a correction with reviseModelCard; the corrected card needs a new approval.",
            currentStatus=version.status,
        )
    if not permissions.card_open(version):
        raise Conflict(
            f"Version {version.version} is {version.status}: its model card is frozen; "
            "upload a new version to describe changes.",
            currentStatus=version.status,
        )
    changes = await _apply(session, principal, version, edit, action="model.card_updated")
    if changes and VersionStatus(version.status) is VersionStatus.PENDING_APPROVAL:
        await approvals.withdraw(session, principal, version, changes)
    return version


async def revise_card(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, edit: CardEdit, *, reason: str
) -> ModelVersion:
    """A correction of an APPROVED card: a new revision, and the version goes back to VALIDATED for a new approval.

    Deployments already LIVE keep serving (the file did not change); promoting the version again needs the
    corrected card approved.
    """
    version = await _editable(session, principal, version_id)
    if VersionStatus(version.status) is not VersionStatus.APPROVED:
        raise Conflict(
            f"Version {version.version} is {version.status}; only an APPROVED card takes a correction. "
            "Edit this card with updateModelCard.",
            currentStatus=version.status,
        )
    if not reason.strip() or len(reason) > approvals.MAX_COMMENT:
        raise BadInput(
            f"Say why the approved card is corrected (1 to {approvals.MAX_COMMENT} characters).", field="reason"
        )
    changes = await _apply(session, principal, version, edit, action="model.card_revised", reason=reason)
    if not changes:
        raise BadInput("The correction changes nothing on the card; send the fields that change.", field="input")
    lifecycle.transition(version, VersionStatus.VALIDATED)
    await session.flush()
    await publish(session, tenant_id=principal.tenant_id, topic=service.TOPIC_VERSION, id=str(version.id))
    return version


async def _editable(session: AsyncSession, principal: Principal, version_id: uuid.UUID) -> ModelVersion:
    principal.require(Permission.MANAGE_MODELS)
    # The row lock makes an edit and a decision on the same version take turns (approvals.py).
    version = await service.get_version(session, principal, version_id, lock=True)
    if not permissions.is_owner_or_admin(principal, version):
        raise Forbidden("Only the uploader of this version or an admin may edit its model card.")
    return version


def _changes_of(edit: CardEdit) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field, value in (
        ("intended_use", edit.intended_use),
        ("training_data", edit.training_data),
        ("limitations", edit.limitations),
    ):
        if value is not None:
            if len(value) > MAX_TEXT:
                raise BadInput(f"`{field}` holds at most {MAX_TEXT} characters.", field=field)
            found[field] = value
    if edit.metrics is not None:
        if not isinstance(edit.metrics, dict):
            raise BadInput('`metrics` must be a JSON object, e.g. {"auc": 0.91}.', field="metrics")
        found["metrics"] = edit.metrics
    return found


async def _apply(
    session: AsyncSession, principal: Principal, version: ModelVersion, edit: CardEdit, *, action: str, reason: str = ""
) -> list[dict[str, Any]]:
    """Set the fields; a real change bumps the revision and is audited with its diff. Returns the diff."""
    before = review.card_of(version)
    for field, value in _changes_of(edit).items():
        setattr(version, field, value)
    changes = review.changes(before, review.card_of(version))
    if not changes:
        return []
    version.card_revision += 1
    await session.flush()
    details: dict[str, Any] = {
        "fields": sorted({c["field"].split(".")[0] for c in changes}),
        "changes": changes,
        "revision": version.card_revision,
        "status": version.status,
    }
    if reason:
        details["reason"] = reason
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action=action,
        target_type="ModelVersion",
        target_id=str(version.id),
        details=details,
    )
    await publish(session, tenant_id=principal.tenant_id, topic=service.TOPIC_VERSION, id=str(version.id))
    return changes
