"""Validation that cannot run still ends in a final state: a vanished object, and retries exhausted."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.registry.models import ModelVersion, RegisteredModel
from backend.registry.validation.report import CHECKS
from backend.registry.validation.service import give_up, validate_version
from backend.storage.s3 import ObjectStore


async def _validating_version(sessionmaker, tenant) -> uuid.UUID:
    """A VALIDATING row whose object was never written (no job queued: the test drives the service)."""
    user = tenant.users[Role.DATA_SCIENTIST].id
    async with transaction(sessionmaker) as session:
        model = RegisteredModel(
            tenant_id=tenant.id,
            name=f"g-{secrets.token_hex(4)}",
            description="",
            tags=[],
            created_by=user,
            latest_version=1,
        )
        session.add(model)
        await session.flush()
        version = ModelVersion(
            tenant_id=tenant.id,
            model_id=model.id,
            version=1,
            status="VALIDATING",
            description="",
            extra={},
            size_bytes=10,
            sha256=hashlib.sha256(b"x").hexdigest(),
            s3_key=f"{tenant.id}/models/{model.id}/1.onnx",
            uploaded_by=user,
            metrics={},
            intended_use="",
            training_data="",
            limitations="",
        )
        session.add(version)
        await session.flush()
        return version.id


async def _row(sessionmaker, version_id: uuid.UUID) -> ModelVersion:
    async with sessionmaker() as session:
        return await session.get(ModelVersion, version_id)


async def test_a_vanished_object_fails_the_size_check_at_once(servers, sessionmaker, tenant) -> None:
    version_id = await _validating_version(sessionmaker, tenant)
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        status = await validate_version(sessionmaker, store, servers.settings, version_id=version_id)
    finally:
        await store.close()
    assert status == "VALIDATION_FAILED"
    row = await _row(sessionmaker, version_id)
    assert row.report[0]["name"] == "size"
    assert row.report[0]["status"] == "FAILED"
    assert "no longer in the object store" in row.report[0]["message"]


async def test_exhausted_retries_end_validation_failed_once(sessionmaker, tenant) -> None:
    version_id = await _validating_version(sessionmaker, tenant)
    async with transaction(sessionmaker) as session:
        assert await give_up(session, version_id=version_id, attempts=6) == "VALIDATION_FAILED"
    row = await _row(sessionmaker, version_id)
    assert [r["name"] for r in row.report] == ["worker", *CHECKS]
    assert "after 6 attempts" in row.report[0]["message"]
    first_report = row.report
    async with transaction(sessionmaker) as session:  # a second delivery changes nothing
        assert await give_up(session, version_id=version_id, attempts=7) == "VALIDATION_FAILED"
    assert (await _row(sessionmaker, version_id)).report == first_report
