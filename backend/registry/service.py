"""Registered models and their versions: register, upload, read, edit the card, download."""

from __future__ import annotations

import asyncio
import enum
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.config import Settings
from backend.events.publish import publish
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict, NotFound
from backend.kit.jobs import enqueue
from backend.kit.pagination import Page, PageRequest, ordered_key, position_in, time_key
from backend.registry import lifecycle, repository, upload
from backend.registry.models import ModelVersion, RegisteredModel
from backend.storage.s3 import ObjectStore

TOPIC_VERSION = "modelVersion"


class ModelOrder(enum.StrEnum):
    """The orders of the models list; each walks an index of the tenant's models."""

    NAME = "NAME"
    NAME_DESC = "NAME_DESC"
    NEWEST = "NEWEST"


Release = Callable[[], Awaitable[object]]
MAX_NAME = 200
# Names become endpoint names (`/v2/models/{name}-production`, Kubernetes objects `{name}-v12`): a DNS label
# (RFC 1123) with room for the longest suffix.
ENDPOINT_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")
MAX_ENDPOINT_NAME = 63 - len("-production")
MAX_TAGS = 20


def object_key(tenant_id: uuid.UUID, model_id: uuid.UUID, object_id: uuid.UUID) -> str:
    """A new object's name: the file is stored before its version number exists (rows keep `s3_key`)."""
    return f"{tenant_id}/models/{model_id}/{object_id}.onnx"


async def register_model(
    session: AsyncSession, principal: Principal, *, name: str, description: str, tags: list[str]
) -> RegisteredModel:
    """A new model name in the caller's tenant (names are unique per tenant)."""
    principal.require(Permission.MANAGE_MODELS)
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"A model name has 1 to {MAX_NAME} characters.", field="name")
    if len(name) > MAX_ENDPOINT_NAME or not ENDPOINT_NAME.fullmatch(name):
        raise BadInput(
            f"{name!r} cannot name an endpoint: use at most {MAX_ENDPOINT_NAME} lowercase letters, digits "
            "and hyphens, starting and ending with a letter or digit (e.g. 'pump-anomaly').",
            field="name",
        )
    clean_tags = sorted({t.strip() for t in tags if t.strip()})
    if len(clean_tags) > MAX_TAGS or any(len(t) > 64 for t in clean_tags):
        raise BadInput(f"At most {MAX_TAGS} tags of at most 64 characters each.", field="tags")
    if await repository.model_by_name(session, principal.tenant_id, name) is not None:
        raise Conflict(f"A model named {name!r} already exists; upload a new version to it instead.")
    model = RegisteredModel(
        tenant_id=principal.tenant_id,
        name=name,
        description=description,
        tags=clean_tags,
        created_by=principal.user_id,
        latest_version=0,
    )
    try:
        async with session.begin_nested():
            await repository.add(session, model)
    except IntegrityError:  # registered by someone else a moment ago
        raise Conflict(f"A model named {name!r} already exists; upload a new version to it instead.") from None
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="model.registered",
        target_type="RegisteredModel",
        target_id=str(model.id),
        details={"name": name},
    )
    return model


@dataclass(frozen=True)
class UploadRequest:
    model_id: uuid.UUID | None
    model_name: str | None
    read: upload.Reader
    description: str
    metadata: dict[str, Any]
    idempotency_key: str | None


@dataclass(frozen=True)
class Uploaded:
    version: ModelVersion
    replayed: bool  # True: the idempotency key named an earlier upload of the same bytes


async def upload_version(
    session: AsyncSession,
    store: ObjectStore,
    settings: Settings,
    principal: Principal,
    request: UploadRequest,
    *,
    release: Release | None = None,
) -> Uploaded:
    """Stream the file to S3, then add version N (VALIDATING) and its validation job in one short transaction.

    `release` hands the session's connection back while the bytes travel (the next use of `session` takes one
    again): a slow or frozen S3 then holds no connection and no row lock.
    """
    principal.require(Permission.MANAGE_MODELS)
    if request.idempotency_key is not None and not 1 <= len(request.idempotency_key) <= 200:
        raise BadInput("An idempotency key has 1 to 200 characters.", field="idempotencyKey")
    model = await _model_for_upload(session, principal, request, lock=False)  # NOT_FOUND before any byte moves
    model_id = model.id
    earlier = None
    if request.idempotency_key is not None:
        earlier = await repository.version_by_key(session, model_id, request.idempotency_key)
    if release is not None:
        await release()
    if earlier is not None:
        return Uploaded(await _replay(earlier, request), replayed=True)
    stored = await upload.stream_to_s3(
        store,
        object_key(principal.tenant_id, model_id, uuid.uuid4()),
        request.read,
        part_size=settings.model_part_bytes,
        limit=settings.max_model_bytes,
    )
    try:
        result = await _record(session, principal, model_id, stored, request)
    except BaseException:
        # No row will point at the object: take it away again.
        await asyncio.shield(upload.delete_object(store, stored.key))
        raise
    if result.replayed:  # a retry with the same key overtook this request: its object is the one kept
        await upload.delete_object(store, stored.key)
    return result


async def _record(
    session: AsyncSession, principal: Principal, model_id: uuid.UUID, stored: upload.Stored, request: UploadRequest
) -> Uploaded:
    """The short transaction after the transfer; the lock keeps version numbers gapless, uploads take turns."""
    model = await repository.model_in_tenant(session, principal.tenant_id, model_id, lock=True)
    if model is None:
        raise NotFound("RegisteredModel", request.model_name)
    if request.idempotency_key is not None:
        # The same key may have been uploaded meanwhile, by a retry that overtook this request.
        earlier = await repository.version_by_key(session, model.id, request.idempotency_key)
        if earlier is not None:
            _same_bytes(earlier, stored.sha256, request)
            return Uploaded(earlier, replayed=True)
    version = await _add_version(session, principal, model, model.latest_version + 1, stored, request)
    return Uploaded(version, replayed=False)


async def _model_for_upload(
    session: AsyncSession, principal: Principal, request: UploadRequest, *, lock: bool
) -> RegisteredModel:
    name_missing = not (request.model_name or "").strip()
    if request.model_id is None and name_missing:
        # An empty name is a missing name, not a model that does not exist.
        raise BadInput(
            "The model name is missing: send `modelName` (a registered model's name) or `modelId`.", field="modelName"
        )
    if request.model_id is not None and request.model_name is not None:
        raise BadInput("Name the model by exactly one of `modelId` or `modelName`.", field="modelId")
    if request.model_id is not None:
        model = await repository.model_in_tenant(session, principal.tenant_id, request.model_id, lock=lock)
    else:
        model = await repository.model_by_name(session, principal.tenant_id, request.model_name or "", lock=lock)
    if model is None:
        raise NotFound("RegisteredModel", request.model_name)
    return model


async def _replay(earlier: ModelVersion, request: UploadRequest) -> ModelVersion:
    _, sha256 = await upload.hash_only(request.read)
    _same_bytes(earlier, sha256, request)
    return earlier


def _same_bytes(earlier: ModelVersion, sha256: str, request: UploadRequest) -> None:
    if sha256 != earlier.sha256:
        raise Conflict(
            f"Idempotency key {request.idempotency_key!r} was used for version {earlier.version} with "
            "different bytes; use a new key for a new upload.",
            existingVersion=earlier.version,
        )


async def _add_version(
    session: AsyncSession,
    principal: Principal,
    model: RegisteredModel,
    number: int,
    stored: upload.Stored,
    request: UploadRequest,
) -> ModelVersion:
    twin = await repository.version_by_sha(session, model.id, stored.sha256)
    if twin is not None:
        raise Conflict(
            f"These bytes are already version {twin.version} of {model.name!r} (same sha256 "
            f"{stored.sha256[:12]}…); nothing was added.",
            existingVersion=twin.version,
            existingVersionId=str(twin.id),
        )
    version = ModelVersion(
        tenant_id=principal.tenant_id,
        model_id=model.id,
        version=number,
        status=lifecycle.VersionStatus.VALIDATING.value,
        description=request.description,
        extra=request.metadata,
        size_bytes=stored.size,
        sha256=stored.sha256,
        s3_key=stored.key,
        uploaded_by=principal.user_id,
        idempotency_key=request.idempotency_key,
        metrics={},
        intended_use="",
        training_data="",
        limitations="",
    )
    model.latest_version = number
    await repository.add(session, version)
    await enqueue(session, "registry.validate", str(version.id))
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="model.version_uploaded",
        target_type="ModelVersion",
        target_id=str(version.id),
        details={"model": model.name, "version": number, "sha256": stored.sha256, "size": stored.size},
    )
    await publish(session, tenant_id=principal.tenant_id, topic=TOPIC_VERSION, id=str(version.id))
    return version


async def get_model(session: AsyncSession, principal: Principal, model_id: uuid.UUID) -> RegisteredModel:
    principal.require(Permission.READ_MODELS)
    model = await repository.model_in_tenant(session, principal.tenant_id, model_id)
    if model is None:
        raise NotFound("RegisteredModel")
    return model


async def get_version(
    session: AsyncSession, principal: Principal, version_id: uuid.UUID, *, lock: bool = False
) -> ModelVersion:
    principal.require(Permission.READ_MODELS)
    version = await repository.version_in_tenant(session, principal.tenant_id, version_id, lock=lock)
    if version is None:
        raise NotFound("ModelVersion")
    return version


async def list_models(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    search: str | None,
    status: lifecycle.VersionStatus | None,
    mine: bool = False,
    order: ModelOrder = ModelOrder.NAME,
) -> Page[RegisteredModel]:
    """A page of the tenant's models by name (either way) or newest first (`mine`: those the principal
    registered or uploaded to)."""
    principal.require(Permission.READ_MODELS)
    after = position_in(order, page.after, what="the models list")
    if order is ModelOrder.NEWEST and after is not None and "|" not in after:
        raise BadInput("`after` is not a cursor of the models list.", field="after")
    rows = await repository.page_models(
        session,
        principal.tenant_id,
        order=order.value,
        after=after,
        limit=page.first + 1,
        search=search,
        status=status.value if status else None,
        person=principal.user_id if mine else None,
    )
    if order is ModelOrder.NEWEST:
        return page.page_of(rows, key=lambda r: ordered_key(order, time_key(r)))
    return page.page_of(rows, key=lambda r: ordered_key(order, r.name))


async def download_url(store: ObjectStore, settings: Settings, version: ModelVersion, *, model_name: str) -> str:
    """A presigned GET of the version's file, valid for `model_url_ttl_seconds`, saved as `{model}-v{N}.onnx`."""
    return await store.download_url(
        version.s3_key, ttl=settings.model_url_ttl_seconds, filename=f"{model_name}-v{version.version}.onnx"
    )
