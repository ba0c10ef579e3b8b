"""The one place that says which status a deployment may move to (DESIGN: lifecycle of a model version).

PENDING → ROLLING_OUT → LIVE → RETIRED, with FAILED / ROLLED_BACK on the way. A RETIRED deployment comes
back to LIVE only when the deployment that replaced it is rolled back. Everything else is a CONFLICT
naming the current state.
"""

from __future__ import annotations

import enum

from backend.kit.status_machine import StatusMachine


class DeploymentStatus(enum.StrEnum):
    PENDING = "PENDING"
    ROLLING_OUT = "ROLLING_OUT"
    LIVE = "LIVE"
    FAILED = "FAILED"
    ROLLED_BACK = "ROLLED_BACK"
    RETIRED = "RETIRED"


class Environment(enum.StrEnum):
    STAGING = "STAGING"
    PRODUCTION = "PRODUCTION"

    @property
    def route_suffix(self) -> str:
        return self.value.lower()


class Strategy(enum.StrEnum):
    DIRECT = "DIRECT"
    BLUE_GREEN = "BLUE_GREEN"
    CANARY = "CANARY"


class Stage(enum.StrEnum):
    NONE = "NONE"
    STAGING = "STAGING"
    SHADOW = "SHADOW"
    PRODUCTION = "PRODUCTION"
    ARCHIVED = "ARCHIVED"


S = DeploymentStatus
ALLOWED: dict[DeploymentStatus, frozenset[DeploymentStatus]] = {
    S.PENDING: frozenset({S.ROLLING_OUT, S.FAILED, S.ROLLED_BACK}),
    S.ROLLING_OUT: frozenset({S.LIVE, S.FAILED, S.ROLLED_BACK}),
    S.LIVE: frozenset({S.ROLLED_BACK, S.RETIRED}),
    S.RETIRED: frozenset({S.LIVE}),  # restored by rolling back the deployment that replaced it
    S.FAILED: frozenset(),
    S.ROLLED_BACK: frozenset(),
}
IN_FLIGHT = frozenset({S.PENDING, S.ROLLING_OUT})
# The route and the loaded model of these are what the runtime must hold.
HOLDS_RUNTIME = frozenset({S.PENDING, S.ROLLING_OUT, S.LIVE})

_HINTS: dict[DeploymentStatus, str] = {
    S.PENDING: "wait until its rollout has started",
    S.ROLLING_OUT: "wait until the rollout has finished, or roll it back",
    S.LIVE: "it is serving traffic",
    S.RETIRED: "it was retired; deploy the version again",
    S.FAILED: "it failed; deploy the version again once the cause is fixed",
    S.ROLLED_BACK: "it was rolled back; deploy the version again",
}


MACHINE = StatusMachine(
    DeploymentStatus, ALLOWED, _HINTS, final=frozenset({S.FAILED, S.ROLLED_BACK, S.RETIRED}), label="This deployment"
)
check, transition, is_final = MACHINE.check, MACHINE.transition, MACHINE.is_final
