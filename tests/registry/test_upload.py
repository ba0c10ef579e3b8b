"""Registering models and uploading versions through real multipart requests (httpx and gql)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import secrets
from urllib.parse import urlsplit

import httpx
from gql import Client, FileVar, gql
from gql.transport.httpx import HTTPXAsyncTransport
from sqlalchemy import func, select

from backend.identity.roles import Role
from backend.registry.models import ModelVersion
from backend.storage.s3 import ObjectStore
from tests.registry import corpus
from tests.support.registry import REGISTER, UPLOAD, register, upload

DS = Role.DATA_SCIENTIST


def _name() -> str:
    return f"model-{secrets.token_hex(4)}"


async def _object(servers, key: str) -> bytes | None:
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        answer = await store.client.get_object(Bucket=store.bucket, Key=key)
        async with answer["Body"] as body:
            return await body.read()
    except store.client.exceptions.NoSuchKey:
        return None
    finally:
        await store.close()


async def test_an_upload_is_stored_hashed_and_starts_validating(tenant, servers, sessionmaker) -> None:
    model = await register(tenant, DS, _name())
    data = corpus.linear()
    answer = await upload(
        tenant.base_url,
        tenant.users[DS].token,
        data,
        model_id=model["id"],
        description="first",
        metadata={"framework": "numpy"},
    )
    payload = answer.ok()["uploadModelVersion"]
    version = payload["version"]
    assert payload["replayed"] is False
    assert version["version"] == 1
    assert version["status"] == "VALIDATING"
    assert version["sizeBytes"] == len(data)
    assert version["sha256"] == hashlib.sha256(data).hexdigest()
    assert version["metadata"] == {"framework": "numpy"}
    async with sessionmaker() as session:
        # Other tests upload the same bytes in their own tenants: find this tenant's row.
        row = await session.scalar(
            select(ModelVersion).where(ModelVersion.sha256 == version["sha256"], ModelVersion.tenant_id == tenant.id)
        )
    # Stored before its number exists (no lock held while streaming): the row keeps the name.
    assert row.s3_key.startswith(f"{tenant.id}/models/{row.model_id}/")
    assert row.s3_key.endswith(".onnx")
    assert row.uploaded_by == tenant.users[DS].id
    assert await _object(servers, row.s3_key) == data


async def test_versions_count_up_and_identical_bytes_are_reported_not_duplicated(tenant, sessionmaker) -> None:
    name, token = _name(), tenant.users[DS].token
    await register(tenant, DS, name)
    first = (await upload(tenant.base_url, token, corpus.linear(1), model_name=name)).ok()
    second = (await upload(tenant.base_url, token, corpus.linear(2), model_name=name)).ok()
    assert [first["uploadModelVersion"]["version"]["version"], second["uploadModelVersion"]["version"]["version"]] == [
        1,
        2,
    ]
    again = await upload(tenant.base_url, token, corpus.linear(1), model_name=name)
    assert again.codes == ["CONFLICT"]
    error = again.body["errors"][0]
    assert "already version 1" in error["message"]
    assert error["extensions"]["existingVersion"] == 1
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(ModelVersion).where(ModelVersion.tenant_id == tenant.id)
        )
    assert count == 2


async def test_an_idempotency_key_replays_the_same_upload_and_refuses_other_bytes(tenant) -> None:
    name, token = _name(), tenant.users[DS].token
    await register(tenant, DS, name)
    first = (await upload(tenant.base_url, token, corpus.linear(3), model_name=name, key="k-1")).ok()
    retry = (await upload(tenant.base_url, token, corpus.linear(3), model_name=name, key="k-1")).ok()
    assert retry["uploadModelVersion"]["replayed"] is True
    assert retry["uploadModelVersion"]["version"]["id"] == first["uploadModelVersion"]["version"]["id"]
    other = await upload(tenant.base_url, token, corpus.linear(4), model_name=name, key="k-1")
    assert other.codes == ["CONFLICT"]
    assert "Idempotency key" in other.body["errors"][0]["message"]


async def test_the_notebook_client_uploads_with_stock_gql(tenant) -> None:
    name = _name()
    await register(tenant, DS, name)
    data = corpus.sklearn_logistic()
    transport = HTTPXAsyncTransport(
        url=f"{tenant.base_url}/graphql", timeout=60, headers={"authorization": f"Bearer {tenant.users[DS].token}"}
    )
    async with Client(transport=transport) as session:
        query = gql(UPLOAD)
        query.variable_values = {
            "file": FileVar(io.BytesIO(data), filename="clf.onnx"),
            "modelName": name,
            "description": "from a notebook",
        }
        result = await session.execute(query, upload_files=True)
    version = result["uploadModelVersion"]["version"]
    assert version["status"] == "VALIDATING"
    assert version["sha256"] == hashlib.sha256(data).hexdigest()


async def test_register_names_are_unique_per_tenant(tenant, other_tenant) -> None:
    name = _name()
    await register(tenant, DS, name)
    again = await tenant.client(Role.ML_ENGINEER).execute(REGISTER, {"name": name, "description": ""})
    assert again.codes == ["CONFLICT"]
    elsewhere = await other_tenant.client(DS).execute(REGISTER, {"name": name, "description": ""})
    assert elsewhere.ok()["registerModel"]["name"] == name


async def test_roles_and_tenants_bound_uploads(tenant, other_tenant) -> None:
    model = await register(tenant, Role.ML_ENGINEER, _name())
    viewer = await upload(tenant.base_url, tenant.users[Role.VIEWER].token, corpus.linear(), model_id=model["id"])
    assert viewer.codes == ["FORBIDDEN"]
    stranger = await upload(
        other_tenant.base_url, other_tenant.users[Role.ADMIN].token, corpus.linear(), model_id=model["id"]
    )
    assert stranger.codes == ["NOT_FOUND"]
    labeler = await tenant.client(Role.LABELER).execute(
        "query($id: ID!) { model(id: $id) { name } }", {"id": model["id"]}
    )
    assert labeler.codes == ["FORBIDDEN"]


async def test_an_empty_file_is_bad_input(tenant) -> None:
    name = _name()
    await register(tenant, DS, name)
    answer = await upload(tenant.base_url, tenant.users[DS].token, b"", model_name=name)
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "empty" in answer.body["errors"][0]["message"]


async def test_a_declared_length_over_the_model_limit_is_413_before_the_body(tenant) -> None:
    """Only headers are sent: the answer must come without the server waiting for 3 GiB."""
    url = urlsplit(tenant.base_url)
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {tenant.users[DS].token}\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {3 << 30}\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(head.encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
    finally:
        writer.close()
    assert status_line.split()[1] == b"413", status_line


def test_a_streamed_body_over_the_limit_is_cut_off(servers, tenant, tmp_path) -> None:
    """No Content-Length (chunked): the count while reading stops it at the limit."""
    from tests.support.processes import start_api, stop_process

    api = start_api(servers, tmp_path / "api.log", SLIPWAY_MAX_MODEL_BYTES=str(1 << 20))
    try:

        def body():
            yield b'--x\r\nContent-Disposition: form-data; name="0"; filename="m.onnx"\r\n\r\n'
            for _ in range(64):
                yield b"\0" * 65536

        answer = httpx.post(
            f"{api.base_url}/graphql",
            content=body(),
            timeout=30,
            headers={
                "content-type": "multipart/form-data; boundary=x",
                "authorization": f"Bearer {tenant.users[DS].token}",
            },
        )
        assert answer.status_code == 413
        assert answer.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    finally:
        stop_process(api.process)


async def test_a_body_longer_than_its_content_length_is_cut_off_and_rejected(tenant, sessionmaker) -> None:
    name = _name()
    await register(tenant, DS, name)
    request = httpx.Request(
        "POST",
        f"{tenant.base_url}/graphql",
        headers={"authorization": f"Bearer {tenant.users[DS].token}"},
        files={
            "operations": (
                None,
                '{"query": "mutation($f: Upload!) { uploadModelVersion(file: $f, modelName: \\"'
                + name
                + '\\") { version { id } } }", "variables": {"f": null}}',
            ),
            "map": (None, '{"0": ["variables.f"]}'),
            "0": ("m.onnx", corpus.linear(8), "application/octet-stream"),
        },
    )
    body = request.read()
    url = urlsplit(tenant.base_url)
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {tenant.users[DS].token}\r\n"
        f"Content-Type: {request.headers['content-type']}\r\nContent-Length: {len(body) - 200}\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(head.encode() + body)  # 200 bytes more than declared
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
    finally:
        writer.close()
    assert status_line.split()[1] == b"400", status_line
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(ModelVersion).where(ModelVersion.tenant_id == tenant.id)
        )
    assert count == 0
