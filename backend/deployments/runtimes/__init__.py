"""Which runtime the rollout worker drives: `local` (the embedded model server) or `kubernetes`."""

from __future__ import annotations

from backend.config import Settings
from backend.deployments.runtimes.base import Runtime


def runtime_for(settings: Settings) -> Runtime:
    if settings.runtime == "kubernetes":
        # Imported only here: the kubernetes client is not needed by a local install.
        from backend.deployments.runtimes.kubernetes import KubernetesRuntime

        return KubernetesRuntime(settings)
    from backend.deployments.runtimes.local import LocalRuntime

    return LocalRuntime(settings)
