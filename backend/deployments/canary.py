"""The canary's check, from the runtime's own counters: pure functions over two readings of VersionStats."""

from __future__ import annotations

import math
from dataclasses import dataclass

from backend.config import Settings
from backend.deployments.runtimes.base import VersionStats

MIN_STABLE_REQUESTS = 5  # fewer stable requests in a step give no P95 worth comparing with


def to_dict(stats: VersionStats) -> dict:
    """A reading as JSON (the +Inf bucket as the string Prometheus writes, JSON has no infinity)."""
    return {
        "requests": stats.requests,
        "errors": stats.errors,
        "buckets": [[le if math.isfinite(le) else "+Inf", n] for le, n in stats.latency_buckets],
    }


@dataclass(frozen=True)
class Window:
    """What a version served between two readings."""

    requests: int
    errors: int
    buckets: tuple[tuple[float, int], ...]

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0

    def p95(self) -> float | None:
        """Upper bound (seconds) of the bucket holding the 95th percentile; None without requests."""
        total = self.buckets[-1][1] if self.buckets else 0
        if total <= 0:
            return None
        finite = [le for le, _ in self.buckets if math.isfinite(le)]
        for le, count in self.buckets:
            if count >= 0.95 * total:
                return le if math.isfinite(le) else (finite[-1] if finite else None)
        return None


def since(now: VersionStats, base: dict | None) -> Window:
    """`now` minus the reading in `base`; a reset counter (version reloaded) counts from zero."""
    base = base or {}
    if now.requests < int(base.get("requests", 0)):
        base = {}
    before = {float(le): int(n) for le, n in base.get("buckets", [])}
    buckets = tuple((le, max(0, n - before.get(le, 0))) for le, n in now.latency_buckets)
    return Window(now.requests - int(base.get("requests", 0)), now.errors - int(base.get("errors", 0)), buckets)


def ready_to_check(canary: Window, elapsed: float, settings: Settings) -> bool:
    """A step is judged after `canary_step_seconds` once enough requests came, or at its time limit."""
    if elapsed < settings.canary_step_seconds:
        return False
    return canary.requests >= settings.canary_min_requests or elapsed >= settings.canary_step_max_seconds


def verdict(canary: Window, stable: Window | None, settings: Settings) -> tuple[str | None, str]:
    """(why it failed or None, a sentence with the numbers)."""
    rate = canary.error_rate
    numbers = f"{canary.requests} requests, error rate {rate:.3f}"
    if canary.requests and rate > settings.canary_max_error_rate:
        return (
            f"error rate {rate:.3f} ({canary.errors} of {canary.requests} requests failed) is above the limit "
            f"{settings.canary_max_error_rate:.3f}"
        ), numbers
    canary_p95 = canary.p95()
    stable_p95 = stable.p95() if stable is not None and stable.requests >= MIN_STABLE_REQUESTS else None
    if canary_p95 is not None:
        numbers += f", P95 ≤ {canary_p95 * 1000:.1f} ms"
    if canary_p95 is not None and stable_p95:
        numbers += f" (stable ≤ {stable_p95 * 1000:.1f} ms)"
        if canary_p95 > settings.canary_max_p95_ratio * stable_p95:
            return (
                f"P95 latency ≤ {canary_p95 * 1000:.1f} ms is above {settings.canary_max_p95_ratio:g} × the "
                f"stable version's {stable_p95 * 1000:.1f} ms"
            ), numbers
    if canary.requests == 0:
        numbers = "no requests reached the canary in this step"
    return None, numbers
