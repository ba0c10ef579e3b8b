"""What the rollout worker asks of a place that runs models: the `local` model server or Kubernetes.

The rollout reconcile loop (backend/deployments) only talks to this protocol, so a strategy
(direct, blue-green, canary) is written once and runs on either runtime.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol


class RuntimeUnavailable(Exception):
    """The runtime did not answer (model server down, API server unreachable): try again later."""


class RuntimeCheckFailed(Exception):
    """The runtime answered, and the answer says this version must not take traffic (the message says why)."""


@dataclass(frozen=True)
class ServedVersion:
    """One model version as a runtime loads it: the registry facts it needs, nothing else."""

    tenant_id: uuid.UUID
    tenant_slug: str
    model_id: uuid.UUID
    model_name: str
    version_id: uuid.UUID
    version: int
    storage_key: str  # S3 key of the .onnx file
    sha256: str  # checked by the runtime before the model is loaded
    gpu: bool = False

    @property
    def served_name(self) -> str:
        """The name this version answers to inside its tenant: `/v2/models/{served_name}`."""
        return f"{self.model_name}-v{self.version}"


@dataclass(frozen=True)
class RouteTarget:
    version: ServedVersion
    weight: int  # percent of the route's requests; a route's weights add up to 100


@dataclass(frozen=True)
class Route:
    """An environment's endpoint of a model: `/v2/models/{model}-{environment}` split over versions."""

    tenant_id: uuid.UUID
    tenant_slug: str
    model_name: str
    environment: str  # "staging" | "production"
    targets: tuple[RouteTarget, ...]
    shadows: tuple[ServedVersion, ...] = field(default=())  # see each request, never answer it

    @property
    def name(self) -> str:
        return f"{self.model_name}-{self.environment}"


@dataclass(frozen=True)
class VersionStats:
    """Counters since the version was loaded; the canary check diffs two readings."""

    requests: int
    errors: int
    latency_buckets: tuple[tuple[float, int], ...]  # (upper bound in seconds, cumulative count), Prometheus-style


class Runtime(Protocol):
    """Every call is idempotent: the reconcile loop may repeat any of them after a crash."""

    name: str

    async def load(self, version: ServedVersion) -> None:
        """Start serving `version` under its served name (no traffic through a route yet)."""

    async def is_ready(self, version: ServedVersion) -> bool:
        """True once `version` answers inference requests."""

    async def smoke(self, version: ServedVersion) -> None:
        """One inference on inputs made from the signature; raise RuntimeCheckFailed on a bad answer."""

    async def apply_route(self, route: Route) -> None:
        """Make the environment's endpoint split traffic as `route` says (atomically: no request lost)."""

    async def remove_route(self, route: Route) -> None:
        """Take the environment's endpoint away (retired deployment)."""

    async def unload(self, version: ServedVersion) -> None:
        """Stop serving `version`; requests already running finish first."""

    async def stats(self, version: ServedVersion) -> VersionStats:
        """The version's request, error and latency counters, from the runtime's own metrics."""

    def endpoint_url(self, route: Route) -> str:
        """The URL callers send Open Inference Protocol requests to."""
