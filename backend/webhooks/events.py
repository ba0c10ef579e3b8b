"""The catalogue of events a webhook may subscribe to."""

from __future__ import annotations

PING = "ping"

EVENTS: tuple[str, ...] = (
    "model_version.validated",
    "model_version.validation_failed",
    "model_version.submitted",
    "model_version.approved",
    "model_version.rejected",
    "model_version.approval_withdrawn",
    "deployment.rolling_out",
    "deployment.live",
    "deployment.failed",
    "deployment.rolled_back",
    "deployment.retired",
    "scoring_run.finished",
    "monitoring.drift_detected",
    PING,
)
