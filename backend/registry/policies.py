"""Promotion policies: how many distinct people approve a version, and the gates before production.

A tenant has one default policy; a model may have its own, which replaces the default as a whole (one
place to read what applies). Without any row the built-in default applies: one admin approves, validation
must have passed, the version must be LIVE in staging, and no security finding may be open. Only admins
change policies, and every change is an audit row naming the old and new values.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity.roles import Permission, Principal, Role
from backend.kit.errors import BadInput, NotFound
from backend.registry import repository, review
from backend.registry.models import PromotionPolicy

# The card fields a policy may require, by their column names (the GraphQL enum CardField names them).
CARD_FIELDS = tuple(review.CARD_FIELDS)
# Approving needs judgement over production: admins, or engineers where the tenant trusts them to.
APPROVER_ROLES = (Role.ADMIN.value, Role.ML_ENGINEER.value)
MAX_APPROVALS = 10
MAX_STAGING_SECONDS = 90 * 24 * 3600
MAX_SHADOW_WINDOWS = 10_000_000


@dataclass(frozen=True)
class Policy:
    """The rules in force for one model (or the tenant default when `model_id` is None)."""

    required_approvals: int = 1
    approver_roles: tuple[str, ...] = (Role.ADMIN.value,)
    require_validation: bool = True
    required_card_fields: tuple[str, ...] = ()
    min_staging_seconds: int = 0
    shadow_min_windows: int = 0  # 0: no shadow gate
    shadow_min_agreement: float = 0.0
    block_on_open_findings: bool = True
    # Where it comes from: MODEL, TENANT (the tenant's default) or BUILT_IN.
    source: str = field(default="BUILT_IN", compare=False)
    row: PromotionPolicy | None = field(default=None, compare=False, repr=False)

    def values(self) -> dict:
        """The rules alone, for audit rows and comparisons."""
        found = asdict(self)
        for key in ("source", "row"):
            found.pop(key)
        found["approver_roles"] = list(self.approver_roles)
        found["required_card_fields"] = list(self.required_card_fields)
        return found


def _of(row: PromotionPolicy, source: str) -> Policy:
    return Policy(
        required_approvals=row.required_approvals,
        approver_roles=tuple(row.approver_roles),
        require_validation=row.require_validation,
        required_card_fields=tuple(row.required_card_fields),
        min_staging_seconds=row.min_staging_seconds,
        shadow_min_windows=row.shadow_min_windows,
        shadow_min_agreement=row.shadow_min_agreement,
        block_on_open_findings=row.block_on_open_findings,
        source=source,
        row=row,
    )


async def effective(session: AsyncSession, tenant_id: uuid.UUID, model_id: uuid.UUID) -> Policy:
    """The policy a model's versions follow: the model's own, else the tenant's default, else the built-in one."""
    own = await repository.policy_of(session, tenant_id, model_id)
    if own is not None:
        return _of(own, "MODEL")
    default = await repository.policy_of(session, tenant_id, None)
    return _of(default, "TENANT") if default is not None else Policy()


async def read(session: AsyncSession, principal: Principal, model_id: uuid.UUID | None) -> Policy:
    """What applies to the model (or, with no model, the tenant default); anyone who reads models may see it."""
    principal.require(Permission.READ_MODELS)
    if model_id is None:
        row = await repository.policy_of(session, principal.tenant_id, None)
        return _of(row, "TENANT") if row is not None else Policy()
    await _model(session, principal, model_id)
    return await effective(session, principal.tenant_id, model_id)


def can_edit(principal: Principal) -> bool:
    return principal.can(Permission.MANAGE_USERS)


async def save(session: AsyncSession, principal: Principal, model_id: uuid.UUID | None, wanted: Policy) -> Policy:
    """Create or replace the tenant default (`model_id` None) or a model's policy; admins only, audited."""
    principal.require(Permission.MANAGE_USERS)  # tenant administration: the admin role
    model_name = (await _model(session, principal, model_id)).name if model_id is not None else None
    _check(wanted)
    row = await repository.policy_of(session, principal.tenant_id, model_id, lock=True)
    before = _of(row, "").values() if row is not None else None
    if row is None:
        row = PromotionPolicy(tenant_id=principal.tenant_id, model_id=model_id, updated_by=principal.user_id)
    for key, value in wanted.values().items():
        setattr(row, key, list(value) if isinstance(value, list) else value)
    row.updated_by = principal.user_id
    await repository.save_policy(session, row)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="governance.policy_changed",
        target_type="RegisteredModel" if model_id else "Tenant",
        target_id=str(model_id or principal.tenant_id),
        details={"model": model_name, "before": before, "after": wanted.values()},
    )
    return _of(row, "MODEL" if model_id else "TENANT")


async def remove(session: AsyncSession, principal: Principal, model_id: uuid.UUID) -> Policy:
    """Drop a model's own policy: the tenant default applies again. Admins only, audited."""
    principal.require(Permission.MANAGE_USERS)
    model = await _model(session, principal, model_id)
    row = await repository.policy_of(session, principal.tenant_id, model_id, lock=True)
    if row is not None:
        before = _of(row, "").values()
        await repository.delete_policy(session, row)
        await audit.record(
            session,
            tenant_id=principal.tenant_id,
            actor=principal,
            action="governance.policy_removed",
            target_type="RegisteredModel",
            target_id=str(model_id),
            details={"model": model.name, "before": before},
        )
    return await effective(session, principal.tenant_id, model_id)


async def _model(session: AsyncSession, principal: Principal, model_id: uuid.UUID):
    model = await repository.model_in_tenant(session, principal.tenant_id, model_id)
    if model is None:
        raise NotFound("RegisteredModel")
    return model


def _check(policy: Policy) -> None:
    if not 1 <= policy.required_approvals <= MAX_APPROVALS:
        raise BadInput(
            f"`requiredApprovals` is between 1 and {MAX_APPROVALS}; got {policy.required_approvals}.",
            field="requiredApprovals",
        )
    roles = set(policy.approver_roles)
    if not roles or not roles <= set(APPROVER_ROLES):
        raise BadInput(
            f"`approverRoles` names one or more of {', '.join(r.upper() for r in APPROVER_ROLES)}.",
            field="approverRoles",
        )
    if not set(policy.required_card_fields) <= set(CARD_FIELDS):
        raise BadInput("`requiredCardFields` names card fields only.", field="requiredCardFields")
    if not 0 <= policy.min_staging_seconds <= MAX_STAGING_SECONDS:
        raise BadInput(
            f"`minStagingSeconds` is between 0 and {MAX_STAGING_SECONDS} (90 days).", field="minStagingSeconds"
        )
    if not 0 <= policy.shadow_min_windows <= MAX_SHADOW_WINDOWS:
        raise BadInput(
            f"`shadowMinWindows` is between 0 (no shadow gate) and {MAX_SHADOW_WINDOWS}.", field="shadowMinWindows"
        )
    if not 0.0 <= policy.shadow_min_agreement <= 1.0:
        raise BadInput("`shadowMinAgreement` is a share between 0 and 1, e.g. 0.95.", field="shadowMinAgreement")
