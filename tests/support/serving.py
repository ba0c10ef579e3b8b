"""Serving: a validated version through the real API and worker, clients of the model server, Prometheus samples."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from backend.deployments.runtimes.model_server_client import ModelServerClient
from backend.identity.roles import Role
from backend.kit import ids
from backend.serving.control import control_token
from tests.support.processes import Servers
from tests.support.registry import register, upload, wait_final
from tests.support.tenants import TestTenant


@dataclass(frozen=True)
class Version:
    tenant_id: uuid.UUID
    id: uuid.UUID
    model: str
    number: int
    sha256: str

    @property
    def served_name(self) -> str:
        return f"{self.model}-v{self.number}"


async def validated(tenant: TestTenant, data: bytes, *, model: str | None = None) -> Version:
    """Upload `data` as an ml_engineer (registering `model` when new) and wait until the worker has VALIDATED it."""
    if model is None:
        model = f"m{secrets.token_hex(3)}"
        await register(tenant, Role.ML_ENGINEER, model)
    answer = await upload(tenant.base_url, tenant.users[Role.ML_ENGINEER].token, data, model_name=model)
    version = answer.ok()["uploadModelVersion"]["version"]
    final = await wait_final(tenant, Role.ML_ENGINEER, version["id"], timeout=180)
    assert final["status"] == "VALIDATED", final["report"]
    return Version(tenant.id, version_uuid(version["id"]), model, version["version"], version["sha256"])


def control_client(servers: Servers, base_url: str) -> ModelServerClient:
    return ModelServerClient(base_url, control_token(servers.settings), timeout=120, connect_timeout=10)


def version_uuid(global_id: str) -> uuid.UUID:
    return ids.decode("ModelVersion", global_id)


@dataclass(frozen=True)
class Loaded:
    tenant: TestTenant
    version: Version
    base_url: str

    def headers(self, role: Role = Role.VIEWER) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tenant.users[role].token}"}


def sample(metrics: str, name: str, **labels: str) -> float:
    """Sum of the Prometheus samples `name` whose labels include `labels`."""
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total
