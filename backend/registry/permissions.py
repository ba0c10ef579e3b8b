"""Who may do what to a model version, in one place for the services and the `viewerCan…` fields."""

from __future__ import annotations

from backend.identity.roles import Permission, Principal, Role
from backend.registry.lifecycle import CARD_FROZEN, VersionStatus
from backend.registry.models import ApprovalRequest, ModelVersion


def is_owner_or_admin(principal: Principal, version: ModelVersion) -> bool:
    return principal.role is Role.ADMIN or principal.user_id == version.uploaded_by


def card_open(version: ModelVersion) -> bool:
    return VersionStatus(version.status) not in CARD_FROZEN


def can_edit_card(principal: Principal, version: ModelVersion) -> bool:
    return principal.can(Permission.MANAGE_MODELS) and is_owner_or_admin(principal, version) and card_open(version)


def can_submit(principal: Principal, version: ModelVersion) -> bool:
    return (
        principal.can(Permission.MANAGE_MODELS)
        and is_owner_or_admin(principal, version)
        and version.status == VersionStatus.VALIDATED.value
    )


def can_revise_card(principal: Principal, version: ModelVersion) -> bool:
    return (
        principal.can(Permission.MANAGE_MODELS)
        and is_owner_or_admin(principal, version)
        and version.status == VersionStatus.APPROVED.value
    )


def can_decide(principal: Principal, version: ModelVersion, request: ApprovalRequest | None) -> bool:
    """Four-eyes: someone of a role the request's policy allows, on a pending version, who did not submit it."""
    return (
        version.status == VersionStatus.PENDING_APPROVAL.value
        and request is not None
        and request.status == "PENDING"
        and principal.role.value in request.approver_roles
        and request.submitted_by != principal.user_id
    )
