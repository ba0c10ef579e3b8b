"""Nothing half-written: S3 down answers UNAVAILABLE with no row; a database failure after the write removes the object."""

from __future__ import annotations

import secrets

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from backend.identity.roles import Principal, Role
from backend.registry import service
from backend.registry.models import ModelVersion, RegisteredModel
from backend.storage.s3 import ObjectStore
from tests.faults import TcpProxy
from tests.registry import corpus
from tests.support.processes import start_api, stop_process
from tests.support.registry import register, upload

DS = Role.DATA_SCIENTIST


async def _versions(sessionmaker, tenant_id) -> int:
    async with sessionmaker() as session:
        return await session.scalar(
            select(func.count()).select_from(ModelVersion).where(ModelVersion.tenant_id == tenant_id)
        )


async def test_s3_down_is_unavailable_and_leaves_no_row(servers, tenant, sessionmaker, tmp_path) -> None:
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_S3_ENDPOINT=proxy.url)
    try:
        name = f"o-{secrets.token_hex(4)}"
        await register(tenant, DS, name)
        proxy.cut()
        answer = await upload(api.base_url, tenant.users[DS].token, corpus.linear(5), model_name=name)
        assert answer.status == 503
        assert answer.codes == ["UNAVAILABLE"]
        assert await _versions(sessionmaker, tenant.id) == 0
        proxy.restore()
        again = (await upload(api.base_url, tenant.users[DS].token, corpus.linear(5), model_name=name)).ok()
        assert again["uploadModelVersion"]["version"]["version"] == 1  # the failed attempt used no number
    finally:
        stop_process(api.process)
        proxy.stop()


class _FailingAtEnd:
    """Hands out the file, and at its end kills the session's Postgres connection: the row insert must fail."""

    def __init__(self, data: bytes, session, pid: int, sessionmaker) -> None:
        self.data, self.pid, self.sessionmaker = data, pid, sessionmaker

    async def read(self, size: int) -> bytes:
        chunk, self.data = self.data[:size], self.data[size:]
        if not chunk:
            async with self.sessionmaker() as killer:
                await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": self.pid})
        return chunk


async def test_a_database_failure_after_the_write_removes_the_object(servers, tenant, sessionmaker) -> None:
    name = f"f-{secrets.token_hex(4)}"
    await register(tenant, DS, name)
    user = tenant.users[DS]
    principal = Principal(user_id=user.id, tenant_id=tenant.id, tenant_slug=tenant.slug, email=user.email, role=DS)
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        async with sessionmaker() as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            model = await session.scalar(select(RegisteredModel).where(RegisteredModel.tenant_id == tenant.id))
            reader = _FailingAtEnd(corpus.linear(6), session, pid, sessionmaker)
            request = service.UploadRequest(
                model_id=model.id, model_name=None, read=reader.read, description="", metadata={}, idempotency_key=None
            )
            with pytest.raises(Exception) as failed:
                await service.upload_version(session, store, servers.settings, principal, request)
        # The insert meets the killed connection; asyncpg words it by what it was doing at that moment.
        assert isinstance(failed.value, DBAPIError | asyncpg.PostgresError | asyncpg.InterfaceError), failed.value
        listed = await store.client.list_objects_v2(Bucket=store.bucket, Prefix=f"{tenant.id}/models/")
        assert listed.get("KeyCount", 0) == 0, f"{listed.get('Contents')} were left behind"
    finally:
        await store.close()
    assert await _versions(sessionmaker, tenant.id) == 0
