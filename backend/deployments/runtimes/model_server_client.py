"""ModelServerClient: how the rollout worker (local and kubernetes runtimes) drives `slipway serve`.

Every call has two deadlines: one to open the connection and one for the whole exchange. A model server
that accepts the connection and never answers costs the caller the total deadline, not a hung job.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import numpy as np

from backend.config import Settings
from backend.deployments.runtimes.base import RuntimeCheckFailed, RuntimeUnavailable, VersionStats
from backend.kit.tensors import OIP_TO_NUMPY
from backend.serving.control import control_token
from backend.serving.datatypes import oip_datatype, to_json_data


class ModelServerClient:
    """Every call names the tenant; the control token stands in for a caller's token."""

    def __init__(self, base_url: str, control_token: str, *, timeout: float, connect_timeout: float) -> None:
        self._timeout = timeout
        self._connect_timeout = min(connect_timeout, timeout)
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout, connect=self._connect_timeout),
            headers={"Authorization": f"Bearer {control_token}"},
        )

    @classmethod
    def from_settings(cls, settings: Settings, base_url: str | None = None) -> ModelServerClient:
        """The client of the model server at `base_url` (default: the configured one), deadlines from settings."""
        return cls(
            base_url or settings.model_server_url,
            control_token(settings),
            timeout=settings.model_server_timeout_seconds,
            connect_timeout=settings.model_server_connect_timeout_seconds,
        )

    async def load(self, tenant_id: uuid.UUID, name: str, version_id: uuid.UUID) -> None:
        await self._call(
            "POST",
            f"/v2/repository/models/{name}/load",
            tenant_id,
            json={"parameters": {"version_id": str(version_id)}},
        )

    async def unload(self, tenant_id: uuid.UUID, name: str) -> None:
        await self._call("POST", f"/v2/repository/models/{name}/unload", tenant_id)

    async def index(self, tenant_id: uuid.UUID) -> list[dict]:
        return (await self._call("POST", "/v2/repository/index", tenant_id, json={})).json()

    async def is_ready(self, tenant_id: uuid.UUID, name: str) -> bool:
        response = await self._send("GET", f"/v2/models/{name}/ready", tenant_id)
        if response.status_code in (200, 404, 400):
            return response.status_code == 200
        self._raise_for(response)
        return False

    async def put_route(
        self, tenant_id: uuid.UUID, route: str, targets: list[tuple[str, int]], shadows: list[str]
    ) -> None:
        body = {"targets": [{"model": model, "weight": weight} for model, weight in targets], "shadows": list(shadows)}
        await self._call("PUT", f"/v2/repository/routes/{route}", tenant_id, json=body)

    async def delete_route(self, tenant_id: uuid.UUID, route: str) -> None:
        await self._call("DELETE", f"/v2/repository/routes/{route}", tenant_id)

    async def routes(self, tenant_id: uuid.UUID) -> list[dict]:
        return (await self._call("GET", "/v2/repository/routes", tenant_id)).json()

    async def stats(self, tenant_id: uuid.UUID, name: str) -> VersionStats:
        body = (await self._call("GET", f"/v2/repository/models/{name}/stats", tenant_id)).json()
        return VersionStats(
            requests=int(body["requests"]),
            errors=int(body["errors"]),
            latency_buckets=tuple((float(le), int(n)) for le, n in body["latency_buckets"]),
        )

    async def metadata(self, tenant_id: uuid.UUID, name: str) -> dict:
        return (await self._call("GET", f"/v2/models/{name}", tenant_id)).json()

    async def infer(self, tenant_id: uuid.UUID, name: str, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        body = {
            "inputs": [
                {"name": key, "shape": list(array.shape), "datatype": oip_datatype(array), "data": to_json_data(array)}
                for key, array in inputs.items()
            ]
        }
        answer = (await self._call("POST", f"/v2/models/{name}/infer", tenant_id, json=body)).json()
        return {out["name"]: _array(out) for out in answer["outputs"]}

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(
        self, method: str, path: str, tenant_id: uuid.UUID, *, json: object | None = None
    ) -> httpx.Response:
        response = await self._send(method, path, tenant_id, json=json)
        self._raise_for(response)
        return response

    async def _send(
        self, method: str, path: str, tenant_id: uuid.UUID, *, json: object | None = None
    ) -> httpx.Response:
        call = f"{method} {path}"
        headers = {"X-Slipway-Tenant": str(tenant_id)}
        try:
            # httpx's timeouts bound each read, not the exchange: a server trickling bytes would never trip them.
            async with asyncio.timeout(self._timeout):
                return await self._http.request(method, path, headers=headers, json=json)
        except httpx.ConnectTimeout as exc:
            raise RuntimeUnavailable(
                f"the model server at {self._http.base_url} did not accept a connection for {call} "
                f"within {self._connect_timeout:g} s"
            ) from exc
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise RuntimeUnavailable(
                f"the model server at {self._http.base_url} did not answer {call} within {self._timeout:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise RuntimeUnavailable(
                f"the model server at {self._http.base_url} did not answer {call}: {exc!r}"
            ) from exc

    def _raise_for(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        reason = _reason(response)
        if response.status_code >= 500:
            raise RuntimeUnavailable(f"the model server answered {response.status_code}: {reason}")
        raise RuntimeCheckFailed(reason)


def _reason(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"])
    except (ValueError, KeyError, TypeError):
        return response.text or f"HTTP {response.status_code}"


def _array(tensor: dict) -> np.ndarray:
    dtype = OIP_TO_NUMPY.get(tensor["datatype"], np.dtype(object))
    data = tensor["data"]
    if tensor["datatype"] == "BYTES":
        return np.array(data, dtype=object).reshape(tensor["shape"])
    return np.asarray(data, dtype=dtype).reshape(tensor["shape"])
