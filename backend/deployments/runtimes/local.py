"""The `local` runtime: the embedded model server (`slipway serve`), driven through its control plane."""

from __future__ import annotations

import contextlib

import numpy as np

from backend.config import Settings
from backend.deployments.runtimes import smoke
from backend.deployments.runtimes.base import Route, RuntimeCheckFailed, ServedVersion, VersionStats
from backend.deployments.runtimes.model_server_client import ModelServerClient


class LocalRuntime:
    """Every call is idempotent on the server side (load of a loaded name, PUT of a route, unload of nothing)."""

    name = "local"

    def __init__(self, settings: Settings, *, client: ModelServerClient | None = None) -> None:
        self._settings = settings
        self._client = client or ModelServerClient.from_settings(settings)

    async def load(self, version: ServedVersion) -> None:
        await self._client.load(version.tenant_id, version.served_name, version.version_id)

    async def is_ready(self, version: ServedVersion) -> bool:
        return await self._client.is_ready(version.tenant_id, version.served_name)

    async def smoke(self, version: ServedVersion) -> None:
        metadata = await self._client.metadata(version.tenant_id, version.served_name)
        outputs = await self._client.infer(version.tenant_id, version.served_name, smoke.inputs_for(metadata))
        smoke.check_answer(version.served_name, outputs)

    async def apply_route(self, route: Route) -> None:
        targets = [(t.version.served_name, t.weight) for t in route.targets if t.weight > 0]
        await self._client.put_route(route.tenant_id, route.name, targets, [s.served_name for s in route.shadows])

    async def remove_route(self, route: Route) -> None:
        with contextlib.suppress(RuntimeCheckFailed):  # no such route: already removed
            await self._client.delete_route(route.tenant_id, route.name)

    async def unload(self, version: ServedVersion) -> None:
        with contextlib.suppress(RuntimeCheckFailed):  # not loaded: nothing to do
            await self._client.unload(version.tenant_id, version.served_name)

    async def stats(self, version: ServedVersion) -> VersionStats:
        return await self._client.stats(version.tenant_id, version.served_name)

    def endpoint_url(self, route: Route) -> str:
        return f"{self._settings.model_server_public_url}/v2/models/{route.name}/infer"

    async def infer(self, version: ServedVersion, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Control inference straight to one version (scoring runs): never through a route."""
        return await self._client.infer(version.tenant_id, version.served_name, inputs)

    async def aclose(self) -> None:
        await self._client.aclose()
