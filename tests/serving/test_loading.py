"""Loading: the registry row and S3 file are checked (sha256, tenant, status) before a session is built."""

from __future__ import annotations

import uuid

import httpx
import pytest

from backend.deployments.runtimes.base import RuntimeCheckFailed
from backend.identity.roles import Role
from backend.registry import repository
from backend.serving.control import control_token
from backend.storage.s3 import ObjectStore
from tests.registry import corpus
from tests.serving import models
from tests.support.registry import register, upload, wait_final
from tests.support.serving import control_client, validated, version_uuid


async def test_a_file_changed_in_s3_after_upload_is_refused_with_the_reason(
    servers, model_server, tenant, worker, sessionmaker
) -> None:
    version = await validated(tenant, models.logistic())
    async with sessionmaker() as session:
        row = await repository.version_in_tenant(session, tenant.id, version.id)
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        await store.client.put_object(Bucket=store.bucket, Key=row.s3_key, Body=models.logistic(c=0.01))
    finally:
        await store.close()
    control = control_client(servers, model_server.base_url)
    with pytest.raises(RuntimeCheckFailed) as refused:
        await control.load(tenant.id, version.served_name, version.id)
    assert "sha256" in str(refused.value) and version.sha256 in str(refused.value)
    assert not await control.is_ready(tenant.id, version.served_name)
    [entry] = await control.index(tenant.id)
    assert entry["state"] == "UNAVAILABLE" and "sha256" in entry["reason"]
    async with httpx.AsyncClient(base_url=model_server.base_url, timeout=60) as http:
        answer = await http.post(
            f"/v2/repository/models/{version.served_name}/load",
            json={"parameters": {"version_id": str(version.id)}},
            headers={"Authorization": f"Bearer {control_token(servers.settings)}", "X-Slipway-Tenant": str(tenant.id)},
        )
        assert answer.status_code == 409 and "changed after upload" in answer.json()["error"]
    await control.aclose()


async def test_unknown_foreign_and_unvalidated_versions_are_not_loaded(
    servers, model_server, tenant, other_tenant, worker
) -> None:
    version = await validated(tenant, models.logistic())
    control = control_client(servers, model_server.base_url)
    with pytest.raises(RuntimeCheckFailed, match="not found"):
        await control.load(tenant.id, "ghost-v1", uuid.uuid4())
    with pytest.raises(RuntimeCheckFailed, match="not found"):
        await control.load(other_tenant.id, version.served_name, version.id)
    with pytest.raises(RuntimeCheckFailed, match=f"served as {version.served_name}"):
        await control.load(tenant.id, "another-name-v1", version.id)
    name = "broken"
    await register(tenant, Role.ML_ENGINEER, name)
    answer = await upload(tenant.base_url, tenant.users[Role.ML_ENGINEER].token, corpus.random_bytes(), model_name=name)
    failed = answer.ok()["uploadModelVersion"]["version"]
    assert (await wait_final(tenant, Role.ML_ENGINEER, failed["id"], timeout=180))["status"] == "VALIDATION_FAILED"
    with pytest.raises(RuntimeCheckFailed, match="VALIDATION_FAILED"):
        await control.load(tenant.id, f"{name}-v1", version_uuid(failed["id"]))
    assert await control.index(other_tenant.id) == []
    await control.aclose()


async def test_load_is_idempotent_and_the_index_and_readiness_follow_it(servers, model_server, tenant, worker) -> None:
    first = await validated(tenant, models.logistic())
    second = await validated(tenant, models.logistic(c=0.1), model=first.model)
    control = control_client(servers, model_server.base_url)
    assert not await control.is_ready(tenant.id, first.served_name)
    await control.load(tenant.id, first.served_name, first.id)
    await control.load(tenant.id, first.served_name, first.id)  # again: 200, nothing changes
    with pytest.raises(RuntimeCheckFailed, match="already serves"):
        await control.load(tenant.id, first.served_name, second.id)
    await control.load(tenant.id, second.served_name, second.id)
    assert await control.is_ready(tenant.id, first.served_name)
    index = await control.index(tenant.id)
    assert [(e["name"], e["state"], e["version"]) for e in index] == [
        (first.served_name, "READY", "1"),
        (second.served_name, "READY", "2"),
    ]
    metadata = await control.metadata(tenant.id, second.served_name)
    assert metadata["versions"] == ["2"] and metadata["parameters"]["execution_provider"] == "CPUExecutionProvider"
    await control.unload(tenant.id, first.served_name)
    await control.unload(tenant.id, first.served_name)  # idempotent too
    assert not await control.is_ready(tenant.id, first.served_name)
    assert [e["name"] for e in await control.index(tenant.id)] == [second.served_name]
    await control.aclose()
