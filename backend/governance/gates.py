"""The gates a version must pass before production, evaluated from the rows as they are now.

Each gate the model's promotion policy turns on gives a verdict and a sentence a person can act on. The
same evaluation answers `promotionGates(versionId)`, fills the version page's checklist and, through
`require_promotable`, refuses `deployModelVersion(PRODUCTION)`: deployments sits upstream of this area
(the shadow gate reads scoring runs), so the API hands this check to it (backend/api/context.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.deployments import repository as deployments
from backend.deployments.lifecycle import Environment
from backend.governance import repository
from backend.identity.roles import Principal
from backend.kit.errors import Conflict
from backend.registry import policies, review
from backend.registry import repository as registry
from backend.registry import service as registry_service
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ModelVersion
from backend.scoring import repository as scoring


@dataclass(frozen=True)
class Gate:
    key: str  # APPROVAL, VALIDATION, CARD_FIELDS, STAGING, SHADOW, SECURITY
    title: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Evaluation:
    version: ModelVersion
    policy: policies.Policy
    gates: list[Gate]
    evaluated_at: datetime

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def failed(self) -> list[Gate]:
        return [g for g in self.gates if not g.passed]


async def evaluate_for(session: AsyncSession, principal: Principal, version_id: uuid.UUID) -> Evaluation:
    """The gates of a version of the caller's tenant (anyone who reads models)."""
    return await evaluate(session, await registry_service.get_version(session, principal, version_id))


async def evaluate(session: AsyncSession, version: ModelVersion) -> Evaluation:
    policy = await policies.effective(session, version.tenant_id, version.model_id)
    now = await registry.now(session)
    gates = [await _approval(session, version, policy)]
    if policy.require_validation:
        gates.append(_validation(version))
    if policy.required_card_fields:
        gates.append(_card_fields(version, policy))
    gates.append(await _staging(session, version, policy, now))
    if policy.shadow_min_windows > 0:
        gates.append(await _shadow(session, version, policy))
    if policy.block_on_open_findings:
        gates.append(await _security(session, version))
    return Evaluation(version=version, policy=policy, gates=gates, evaluated_at=now)


async def require_promotable(session: AsyncSession, principal: Principal, version: ModelVersion) -> None:
    """CONFLICT naming every failed gate with its reason; nothing when all pass."""
    found = await evaluate(session, version)
    if found.passed:
        return
    lines = " ".join(f"{g.title}: {g.reason}" for g in found.failed)
    raise Conflict(
        f"Version {version.version} cannot go to production yet ({len(found.failed)} of {len(found.gates)} "
        f"gates failed) — {lines}",
        currentStatus=version.status,
        failedGates=[{"gate": g.key, "reason": g.reason} for g in found.failed],
    )


async def _approval(session: AsyncSession, version: ModelVersion, policy: policies.Policy) -> Gate:
    title = "Approved"
    request = await registry.request_for_version(session, version.id)
    if version.status == VersionStatus.APPROVED.value and request is not None:
        votes = await registry.decisions_of(session, [request.id])
        count = sum(v.approve for v in votes) or 1  # requests decided before N-of-M have no vote rows
        revision = f" (card revision {request.card_revision})" if request.card_revision else ""
        return Gate("APPROVAL", title, True, f"Approved by {count} distinct approver(s){revision}.")
    need = f"{policy.required_approvals} distinct {' or '.join(r.upper() for r in policy.approver_roles)}"
    if version.status == VersionStatus.PENDING_APPROVAL.value and request is not None:
        votes = await registry.decisions_of(session, [request.id])
        have = sum(v.approve for v in votes)
        return Gate(
            "APPROVAL", title, False, f"Waiting for approval: {have} of {request.required_approvals} approvals so far."
        )
    return Gate(
        "APPROVAL",
        title,
        False,
        f"Version {version.version} is {version.status}; production takes an APPROVED version: "
        f"submit it for approval ({need} must approve).",
    )


def _validation(version: ModelVersion) -> Gate:
    title = "Validation passed"
    failed = [c["name"] for c in version.report or [] if c.get("status") == "FAILED"]
    if version.validated_at is None or version.status in (
        VersionStatus.VALIDATING.value,
        VersionStatus.VALIDATION_FAILED.value,
    ):
        return Gate("VALIDATION", title, False, f"Validation has not passed (the version is {version.status}).")
    if failed:
        return Gate("VALIDATION", title, False, f"Validation checks failed: {', '.join(failed)}.")
    return Gate("VALIDATION", title, True, f"All {len(version.report or [])} validation checks passed.")


def _card_fields(version: ModelVersion, policy: policies.Policy) -> Gate:
    title = "Model card filled"
    card = review.card_of(version)
    names = [review.CARD_FIELDS[f] for f in policy.required_card_fields]
    missing = [n for n in names if not card.get(n) or (isinstance(card[n], str) and not card[n].strip())]
    if missing:
        return Gate("CARD_FIELDS", title, False, f"Fill in the card's {', '.join(missing)}.")
    return Gate("CARD_FIELDS", title, True, f"{', '.join(names)} filled in.")


async def _staging(session: AsyncSession, version: ModelVersion, policy: policies.Policy, now: datetime) -> Gate:
    need = policy.min_staging_seconds
    title = "LIVE in staging" + (f" for {_duration(need)}" if need else "")
    live = await deployments.live_of_version(session, version.id, Environment.STAGING.value)
    if live is None:
        return Gate(
            "STAGING",
            title,
            False,
            f"Version {version.version} has no LIVE staging deployment; deploy it to staging first and wait "
            "until it is LIVE.",
        )
    since = await deployments.live_since(session, live.id) or live.updated_at
    held = max(0, int((now - since).total_seconds()))
    if held < need:
        return Gate(
            "STAGING",
            title,
            False,
            f"LIVE in staging for {_duration(held)}; the policy asks {_duration(need)} "
            f"({_duration(need - held)} to go).",
        )
    return Gate("STAGING", title, True, f"LIVE in staging for {_duration(held)}.")


async def _shadow(session: AsyncSession, version: ModelVersion, policy: policies.Policy) -> Gate:
    title = f"Shadow agreement ≥ {policy.shadow_min_agreement:.0%} over {policy.shadow_min_windows} windows"
    windows, agreeing = 0, 0.0
    key = str(version.id)
    for run in await scoring.shadow_results(session, version.id):
        mine = ((run.metrics or {}).get("shadows") or {}).get(key) or {}
        rate, count = mine.get("agreementRate"), int(mine.get("windows") or run.windows or 0)
        if rate is None or not count:
            continue
        windows += count
        agreeing += rate * count
    if windows < policy.shadow_min_windows:
        return Gate(
            "SHADOW",
            title,
            False,
            f"{windows} shadow windows scored; the policy asks at least {policy.shadow_min_windows}: run the version "
            "as SHADOW and start scoring runs.",
        )
    rate = agreeing / windows
    if rate < policy.shadow_min_agreement:
        return Gate(
            "SHADOW",
            title,
            False,
            f"Agreement with production is {rate:.1%} over {windows} windows, below {policy.shadow_min_agreement:.1%}.",
        )
    return Gate("SHADOW", title, True, f"Agreement with production is {rate:.1%} over {windows} windows.")


async def _security(session: AsyncSession, version: ModelVersion) -> Gate:
    title = "No open security finding"
    open_ = [f for f in await repository.findings_of(session, [version.id]) if f.status == "OPEN"]
    if open_:
        names = "; ".join(f"{f.severity} {f.title!r}" for f in open_[:3])
        return Gate("SECURITY", title, False, f"{len(open_)} open security finding(s): {names}; resolve them first.")
    return Gate("SECURITY", title, True, "No security finding is open.")


def _duration(seconds: int) -> str:
    if seconds >= 86400 and seconds % 3600 == 0:
        return f"{seconds // 86400} d {seconds % 86400 // 3600} h".replace(" 0 h", "")
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min".replace(" 0 min", "")
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s".replace(" 0 s", "")
    return f"{seconds} s"
