"""Deploy, roll back, retire, read: the rules. The rollout worker (rollout.py) carries the changes out."""

from __future__ import annotations

import math
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.config import Settings, settings
from backend.deployments import permissions, repository, transitions, upstream
from backend.deployments.lifecycle import DeploymentStatus, Environment, Strategy, check, is_final
from backend.deployments.models import Deployment
from backend.identity.roles import Permission, Principal
from backend.kit import ids
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.jobs import enqueue
from backend.kit.pagination import Page, PageRequest, time_key
from backend.registry import repository as registry
from backend.registry.models import ModelVersion

LIVE = DeploymentStatus.LIVE.value

# The gates before production (approval, validation, card, time in staging, shadow agreement, security) are
# governance's, downstream of this area: the shadow gate reads scoring runs. The caller hands the check in
# (backend/api/context.py, backend/demo.py), so every production deploy runs it and this area imports nothing
# below it. It raises Conflict listing each failed gate.
PromotionCheck = Callable[[AsyncSession, Principal, ModelVersion], Awaitable[None]]


def canary_steps(strategy: Strategy, steps: list[int] | None, settings: Settings) -> list[int]:
    """The traffic steps of a canary: increasing percentages ending at 100 (added when missing)."""
    if strategy is not Strategy.CANARY:
        if steps:
            raise BadInput("`canarySteps` applies to the CANARY strategy only; leave it out.", field="canarySteps")
        return []
    chosen = list(steps) if steps else list(settings.deploy_canary_steps)
    if any(not 1 <= s <= 100 for s in chosen) or any(b <= a for a, b in zip(chosen, chosen[1:], strict=False)):
        raise BadInput(
            f"`canarySteps` are increasing percentages between 1 and 100, e.g. [10, 50, 100]; got {chosen}.",
            field="canarySteps",
        )
    return chosen if chosen[-1] == 100 else [*chosen, 100]


async def deploy(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    *,
    version_id: uuid.UUID,
    environment: Environment,
    strategy: Strategy,
    steps: list[int] | None,
    promotion: PromotionCheck,
) -> Deployment:
    """A PENDING deployment of the version, and the rollout job that drives it (production: once its gates pass)."""
    version = await registry.version_in_tenant(session, principal.tenant_id, version_id)
    if version is None or not principal.can(Permission.READ_MODELS):
        raise NotFound("ModelVersion")
    permissions.require_deploy(principal, environment)
    chosen = canary_steps(strategy, steps, settings)
    model = await upstream.model(session, version.model_id)
    await repository.lock_environment(session, version.model_id, environment.value)
    await _check_version(session, principal, version, environment, promotion)
    running = await repository.in_flight(session, version.model_id, environment.value)
    if running is not None:
        raise Conflict(
            f"A rollout of {model.name!r} version {await _number(session, running)} to "
            f"{environment.value.lower()} is {running.status}; wait until it ends or roll it back.",
            currentStatus=running.status,
            deploymentId=ids.encode("Deployment", running.id),
        )
    live = await repository.live(session, version.model_id, environment.value)
    if live is not None and live.version_id == version.id:
        raise Conflict(f"Version {version.version} is already LIVE in {environment.value.lower()}.", currentStatus=LIVE)
    if live is not None and live.desired != LIVE:
        raise Conflict(
            f"The LIVE deployment of {model.name!r} in {environment.value.lower()} is being "
            f"{'rolled back' if live.desired == 'ROLLED_BACK' else 'retired'}; wait until it is done.",
            currentStatus=LIVE,
        )
    row = Deployment(
        tenant_id=principal.tenant_id,
        model_id=version.model_id,
        version_id=version.id,
        environment=environment.value,
        strategy=strategy.value,
        status=DeploymentStatus.PENDING.value,
        desired=LIVE,
        canary_steps=chosen,
        phase="load",
        step=0,
        baseline={},
        traffic_percent=0,
        previous_id=live.id if live else None,
        message="",
        created_by=principal.user_id,
        ticket=0,
    )
    await repository.add(session, row)
    await transitions.record(
        session,
        row,
        f"Deployment of version {version.version} to {environment.value.lower()} "
        f"requested ({strategy.value.replace('_', '-').lower()}).",
    )
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="deployment.requested",
        target_type="Deployment",
        target_id=str(row.id),
        details={
            "model": model.name,
            "version": version.version,
            "environment": environment.value,
            "strategy": strategy.value,
            "canarySteps": chosen,
        },
    )
    await wake(session, row)
    return row


async def _check_version(
    session: AsyncSession,
    principal: Principal,
    version: ModelVersion,
    environment: Environment,
    promotion: PromotionCheck,
) -> None:
    if environment is Environment.STAGING:
        if version.status not in permissions.STAGING_READY:
            raise Conflict(
                f"Version {version.version} is {version.status}; staging takes a version that passed "
                "validation (VALIDATED, PENDING_APPROVAL or APPROVED).",
                currentStatus=version.status,
            )
        return
    # Under the environment lock: two promotions of one model cannot both pass on the same evidence.
    await promotion(session, principal, version)


async def rollback(session: AsyncSession, principal: Principal, deployment_id: uuid.UUID, *, reason: str) -> Deployment:
    """Ask the worker to go back to the version that was LIVE before this deployment."""
    row = await _writable(session, principal, deployment_id)
    if row.status == LIVE and row.previous_id is None:
        raise Conflict(
            "This deployment replaced nothing, so there is no earlier version to go back to; retire it instead.",
            currentStatus=row.status,
        )
    check(row.status, DeploymentStatus.ROLLED_BACK)
    if row.status == LIVE:
        await _no_rollout_over(session, row)
    reason = reason.strip() or "no reason given"
    row.desired = DeploymentStatus.ROLLED_BACK.value
    row.baseline = {**(row.baseline or {}), "reason": reason}
    await transitions.record(session, row, f"Rollback requested: {reason}")
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="deployment.rollback_requested",
        target_type="Deployment",
        target_id=str(row.id),
        details={"reason": reason},
    )
    await wake(session, row)
    return row


async def retire(session: AsyncSession, principal: Principal, deployment_id: uuid.UUID) -> Deployment:
    """Ask the worker to take the endpoint away and unload the version."""
    row = await _writable(session, principal, deployment_id)
    check(row.status, DeploymentStatus.RETIRED)
    await _no_rollout_over(session, row)
    row.desired = DeploymentStatus.RETIRED.value
    await transitions.record(session, row, "Retirement requested: the endpoint goes away.")
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="deployment.retire_requested",
        target_type="Deployment",
        target_id=str(row.id),
        details={},
    )
    await wake(session, row)
    return row


async def _writable(session: AsyncSession, principal: Principal, deployment_id: uuid.UUID) -> Deployment:
    found = await get(session, principal, deployment_id)
    permissions.require_deploy(principal, found.environment)
    await repository.lock_environment(session, found.model_id, found.environment)
    row = await repository.in_tenant(session, principal.tenant_id, deployment_id, lock=True)
    if row is None:  # found a moment ago: only a concurrent delete of its tenant gets here
        raise NotFound("Deployment")
    await session.refresh(row)
    if row.desired != LIVE and not is_final(row.status):
        raise Conflict(
            f"This deployment is already being {'rolled back' if row.desired == 'ROLLED_BACK' else 'retired'}.",
            currentStatus=row.status,
        )
    return row


async def _no_rollout_over(session: AsyncSession, row: Deployment) -> None:
    running = await repository.in_flight(session, row.model_id, row.environment)
    if running is not None:
        raise Conflict(
            f"A rollout of version {await _number(session, running)} is {running.status} over this "
            "deployment; roll that one back first.",
            currentStatus=row.status,
            deploymentId=ids.encode("Deployment", running.id),
        )


async def _number(session: AsyncSession, row: Deployment) -> int:
    """The version number a person knows a deployment by (its uuid means nothing to them)."""
    return (await upstream.version(session, row.version_id)).version


async def wake(session: AsyncSession, row: Deployment, *, delay: float = 0) -> None:
    """Queue the next reconcile of `row` in this transaction; older queued ones become stale."""
    row.ticket += 1
    await session.flush()
    await enqueue(session, "deployments.reconcile", str(row.id), row.ticket, delay=delay)
    await schedule_sweep(session)


async def schedule_sweep(session: AsyncSession, *, now: datetime | None = None) -> str:
    """Ask for a `deployments.sweep` at the next slot of `deploy_sweep_seconds` (one message per slot)."""
    period = max(1.0, settings.deploy_sweep_seconds)
    slot = datetime.fromtimestamp((math.floor((now or datetime.now(UTC)).timestamp() / period) + 1) * period, UTC)
    return await enqueue(session, "deployments.sweep", at=slot, key=slot.isoformat())


async def get(session: AsyncSession, principal: Principal, deployment_id: uuid.UUID) -> Deployment:
    principal.require(Permission.READ_DEPLOYMENTS)
    row = await repository.in_tenant(session, principal.tenant_id, deployment_id)
    if row is None:
        raise NotFound("Deployment")
    return row


async def list_deployments(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    model_id: uuid.UUID | None,
    environment: Environment | None,
    status: DeploymentStatus | None,
) -> Page[Deployment]:
    """Newest first."""
    principal.require(Permission.READ_DEPLOYMENTS)
    if page.after is not None and (not isinstance(page.after, str) or "|" not in page.after):
        raise BadInput("`after` is not a cursor of the deployments list.", field="after")
    rows = await repository.page(
        session,
        principal.tenant_id,
        model_id=model_id,
        environment=environment.value if environment else None,
        status=status.value if status else None,
        after=page.after,
        limit=page.first + 1,
    )
    return page.page_of(rows, key=time_key)
