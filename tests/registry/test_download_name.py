"""`downloadUrl` saves the file under the model's name and version, and signs a new link on each read."""

from __future__ import annotations

import asyncio
import secrets

import httpx

from backend.identity.roles import Role
from tests.registry import corpus
from tests.support.registry import register, upload

DOWNLOAD = "query($id: ID!) { modelVersion(id: $id) { downloadUrl sha256 } }"


async def test_the_download_is_named_after_the_model_and_version(tenant) -> None:
    name = f"pump-{secrets.token_hex(3)}"
    data = corpus.linear(41)
    await register(tenant, Role.DATA_SCIENTIST, name)
    answer = (await upload(tenant.base_url, tenant.users[Role.DATA_SCIENTIST].token, data, model_name=name)).ok()
    version_id = answer["uploadModelVersion"]["version"]["id"]
    client = tenant.client(Role.VIEWER)
    first = (await client.execute(DOWNLOAD, {"id": version_id})).ok()["modelVersion"]["downloadUrl"]
    async with httpx.AsyncClient() as http:
        got = await http.get(first)
    assert got.status_code == 200 and got.content == data
    disposition = got.headers["content-disposition"]
    assert disposition == f'attachment; filename="{name}-v1.onnx"'
    # A later read signs again (the web app asks on each click), so a page left open still downloads.
    await asyncio.sleep(1.1)
    second = (await client.execute(DOWNLOAD, {"id": version_id})).ok()["modelVersion"]["downloadUrl"]
    assert second != first
