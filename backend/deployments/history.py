"""What served an endpoint, and when: the deployment timeline replayed into intervals of traffic shares.

Every change of a route is written as deployment events in the transaction that makes it (see
transitions.record), so replaying the events of one model and environment in order, one transaction at a
time, gives what the endpoint answered with at any moment. A transaction is the unit because one change
writes several events: a rollback marks the rolled-back deployment and restores the previous one, and
between those two rows nothing was ever without a version.

The same events are checked against the audit chain (`slipway audit verify`): each deployment a person
asked for, rolled back or retired has the audit row of that request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import repository as audit_rows
from backend.audit.models import AuditEntry
from backend.deployments import repository
from backend.deployments.lifecycle import IN_FLIGHT, DeploymentStatus, Environment
from backend.deployments.models import Deployment, DeploymentEvent
from backend.deployments.traffic import split
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, NotFound
from backend.registry import repository as registry

# An answer longer than this asks for a narrower range instead of a page nobody reads.
MAX_INTERVALS = 1000
# Audit rows are stamped by the API's clock, events by Postgres's: allow them to disagree this much.
CLOCK_SLACK_SECONDS = 5.0

S = DeploymentStatus


@dataclass(frozen=True)
class Share:
    deployment_id: uuid.UUID
    version_id: uuid.UUID
    percent: int


@dataclass
class Interval:
    """From `start` until `end` (None: still so), the endpoint split its traffic over `shares` (none: no route)."""

    start: datetime
    end: datetime | None
    shares: tuple[Share, ...]
    change: list[DeploymentEvent]  # the events of the transaction that began it
    audit: list[AuditEntry] = field(default_factory=list)


@dataclass
class _Replayed:
    """One deployment as the events so far say it is."""

    id: uuid.UUID
    version_id: uuid.UUID
    status: str
    traffic_percent: int
    live_since: int = -1  # the event id that made it LIVE; the newest LIVE wins while a switch is half-written


def parse_endpoint(endpoint: str) -> tuple[str, Environment]:
    """`pump-health-production` → ("pump-health", PRODUCTION)."""
    for environment in Environment:
        suffix = f"-{environment.route_suffix}"
        if endpoint.endswith(suffix) and len(endpoint) > len(suffix):
            return endpoint[: -len(suffix)], environment
    raise BadInput(
        f"{endpoint!r} is not an endpoint name: use `<model>-staging` or `<model>-production`, "
        "as in the model server's URL.",
        field="endpoint",
    )


async def served_history(
    session: AsyncSession, principal: Principal, *, endpoint: str, start: datetime, end: datetime
) -> list[Interval]:
    """The intervals that overlap [start, end), oldest first, each with the events and audit rows behind it."""
    principal.require(Permission.READ_DEPLOYMENTS)
    if start.tzinfo is None or end.tzinfo is None:
        raise BadInput("Give `from` and `to` with a timezone, e.g. 2026-12-07T09:00:00Z.", field="from")
    if start >= end:
        raise BadInput("`from` must be before `to`.", field="from")
    name, environment = parse_endpoint(endpoint)
    model = await registry.model_by_name(session, principal.tenant_id, name)
    if model is None:
        raise NotFound("RegisteredModel", name)
    intervals = [
        i
        for i in replay(await repository.timeline(session, model.id, environment.value, until=end))
        if i.start < end and (i.end is None or i.end > start)
    ]
    if len(intervals) > MAX_INTERVALS:
        raise BadInput(
            f"{len(intervals)} changes of {endpoint} fall in this range; ask for a range with at most "
            f"{MAX_INTERVALS} (narrow `from` and `to`).",
            field="from",
        )
    if principal.can(Permission.READ_AUDIT_LOG):
        await _attach_audit(session, principal.tenant_id, intervals)
    return intervals


def replay(events: list[tuple[DeploymentEvent, Deployment, str]]) -> list[Interval]:
    """Intervals of (deployment event, its deployment, the writing transaction's id) in event order."""
    state: dict[uuid.UUID, _Replayed] = {}
    intervals: list[Interval] = []
    shares: tuple[Share, ...] = ()
    i = 0
    while i < len(events):
        txid = events[i][2]
        group: list[DeploymentEvent] = []
        while i < len(events) and events[i][2] == txid:
            event, deployment, _ = events[i]
            # A deployment enters the replay with no status, so even a first event that says LIVE marks when.
            now = state.setdefault(deployment.id, _Replayed(deployment.id, deployment.version_id, "", 0))
            if event.status == S.LIVE.value and now.status != S.LIVE.value:
                now.live_since = event.id
            now.status, now.traffic_percent = event.status, event.traffic_percent
            group.append(event)
            i += 1
        after = _shares(state)
        if after != shares:
            at = max(e.at for e in group)
            if intervals:
                intervals[-1].end = at
            intervals.append(Interval(start=at, end=None, shares=after, change=group))
            shares = after
    return intervals


def _shares(state: dict[uuid.UUID, _Replayed]) -> tuple[Share, ...]:
    live = max((d for d in state.values() if d.status == S.LIVE.value), key=lambda d: d.live_since, default=None)
    rolling = next(
        (d for d in state.values() if d.status in {s.value for s in IN_FLIGHT} and d.traffic_percent > 0), None
    )
    return tuple(Share(d.id, d.version_id, percent) for d, percent in split(live, rolling))


async def _attach_audit(session: AsyncSession, tenant_id: uuid.UUID, intervals: list[Interval]) -> None:
    """Each interval gets the audit rows behind its change: the requests for the deployments that moved, and
    the approvals of the versions it serves (for an auditor: who asked, who approved)."""
    targets = {str(e.deployment_id) for i in intervals for e in i.change} | {
        str(s.version_id) for i in intervals for s in i.shares
    }
    rows = await audit_rows.of_targets(session, tenant_id, sorted(targets))
    for interval in intervals:
        moved = {str(e.deployment_id) for e in interval.change}
        served = {str(s.version_id) for s in interval.shares}
        interval.audit = [
            r
            for r in rows
            if (r.occurred_at.timestamp() <= interval.start.timestamp() + CLOCK_SLACK_SECONDS)
            and (
                (r.target_type == "Deployment" and r.target_id in moved)
                or (r.target_type == "ModelVersion" and r.target_id in served and r.action.endswith("_approved"))
            )
        ]


# --- the timeline against the audit chain ------------------------------------------------------------------

# A deployment that reached this status, or that a person asked to reach it, has one of these audit rows.
_ROLLED_BACK_BY = ("deployment.rollback_requested", "deployment.rolled_back_automatically")
_RETIRED_BY = ("deployment.retire_requested",)


async def check_against_audit(session: AsyncSession, tenant_id: uuid.UUID) -> list[str]:
    """Problems where the deployment timeline and the audit chain disagree; empty when they agree.

    Every deployment was requested (`deployment.requested`) before it first took traffic; every rollback was
    requested or done by the canary check (`deployment.rollback_requested`,
    `deployment.rolled_back_automatically`), every retirement requested (`deployment.retire_requested`); and
    every deployment the chain says was requested still exists.
    """
    problems: list[str] = []
    deployments = await repository.of_tenant(session, tenant_id)
    audited = await audit_rows.of_actions(
        session,
        tenant_id,
        ["deployment.requested", *_ROLLED_BACK_BY, *_RETIRED_BY],
    )
    by_target: dict[tuple[str, str], AuditEntry] = {}
    for row in audited:
        by_target.setdefault((row.action, row.target_id or ""), row)
    first_served = await repository.first_served(session, tenant_id)
    for d in deployments:
        key = str(d.id)
        requested = by_target.get(("deployment.requested", key))
        if requested is None:
            problems.append(f"deployment {key}: on the timeline but no `deployment.requested` row in the audit chain")
        elif d.id in first_served and (
            requested.occurred_at.timestamp() > first_served[d.id].timestamp() + CLOCK_SLACK_SECONDS
        ):
            problems.append(
                f"deployment {key}: served traffic at {first_served[d.id].isoformat()} before its audited request "
                f"at {requested.occurred_at.isoformat()}"
            )
        needed = (
            _ROLLED_BACK_BY if d.status == S.ROLLED_BACK.value else _RETIRED_BY if d.desired == S.RETIRED.value else ()
        )
        if needed and not any((action, key) in by_target for action in needed):
            problems.append(
                f"deployment {key}: {d.status.lower().replace('_', ' ')} without a "
                f"{' or '.join(f'`{a}`' for a in needed)} row in the audit chain"
            )
    known = {str(d.id) for d in deployments}
    for action, target in by_target:
        if action == "deployment.requested" and target not in known:
            problems.append(f"deployment {target}: requested in the audit chain but gone from the timeline")
    return problems
