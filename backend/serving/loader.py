"""From a registry version id to a ready onnxruntime session: row, S3 download, sha256 check, session."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import onnxruntime as ort
from botocore.exceptions import BotoCoreError, ClientError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.identity import repository as identities
from backend.kit.tensors import ORT_TO_OIP
from backend.registry import repository as registry
from backend.registry.lifecycle import VersionStatus
from backend.serving.errors import BadRequest, NotServed, Refused, Unavailable
from backend.serving.tensors import TensorSpec
from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)

# A version still validating, or one that failed, has never been shown to run safely.
_NOT_SERVABLE = {VersionStatus.VALIDATING.value, VersionStatus.VALIDATION_FAILED.value}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class VersionRow:
    """The registry facts a load needs."""

    tenant_id: uuid.UUID
    tenant_slug: str
    model_name: str
    version_id: uuid.UUID
    version: int
    s3_key: str
    sha256: str

    @property
    def served_name(self) -> str:
        return f"{self.model_name}-v{self.version}"


@dataclass(frozen=True)
class Built:
    session: ort.InferenceSession
    provider: str
    inputs: dict[str, TensorSpec]
    outputs: dict[str, TensorSpec]


async def version_row(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, version_id: uuid.UUID
) -> VersionRow:
    """The version of `tenant_id` (another tenant's id is NotServed, like a missing one)."""
    try:
        async with sessionmaker() as session:
            version = await registry.version_in_tenant(session, tenant_id, version_id)
            if version is None:
                raise NotServed(f"Model version {version_id} was not found in your tenant.")
            model = await registry.model_in_tenant(session, tenant_id, version.model_id)
            tenant = await identities.get_tenant(session, tenant_id)
    except (OperationalError, DBAPIError, OSError) as exc:
        raise Unavailable(f"Postgres did not answer while reading version {version_id}: {exc}; try again.") from exc
    assert model is not None and tenant is not None
    if version.status in _NOT_SERVABLE:
        raise Refused(
            f"Version {model.name}-v{version.version} is {version.status}; only validated versions can be served."
        )
    return VersionRow(tenant_id, tenant.slug, model.name, version.id, version.version, version.s3_key, version.sha256)


async def download(store: ObjectStore, row: VersionRow, dest: Path) -> None:
    """Stream the model file to `dest`, hashing as it goes; Refused when the sha256 is not the registry's."""
    digest = hashlib.sha256()
    try:
        answer = await store.call("get_object", Key=row.s3_key)
        body = answer["Body"]
        try:
            with dest.open("wb") as out:
                async for chunk in store.chunks(body, _CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        finally:
            body.close()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise Refused(
                f"The file of {row.served_name} ({row.s3_key}) is missing from S3; upload the model again."
            ) from None
        raise Unavailable(f"S3 refused the download of {row.s3_key}: {exc}; try again.") from exc
    except (BotoCoreError, OSError) as exc:
        raise Unavailable(f"S3 did not answer while downloading {row.s3_key}: {exc}; try again.") from exc
    if digest.hexdigest() != row.sha256:
        raise Refused(
            f"The file of {row.served_name} in S3 has sha256 {digest.hexdigest()}, but the registry "
            f"recorded {row.sha256}: it changed after upload and will not be loaded. Upload it again "
            "as a new version."
        )


def build(path: Path, settings: Settings) -> Built:
    """The onnxruntime session (CUDA when available and allowed) and the tensor signature it serves."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = settings.serve_intra_op_threads
    providers = ["CPUExecutionProvider"]
    if settings.serve_use_gpu and "CUDAExecutionProvider" in ort.get_available_providers():
        providers.insert(0, "CUDAExecutionProvider")
    try:
        session = ort.InferenceSession(os.fspath(path), options, providers=providers)
    except Exception as exc:
        raise BadRequest(f"onnxruntime could not build a session for this model: {exc}") from None
    inputs = _specs(session.get_inputs())
    outputs = _specs(session.get_outputs())
    if not outputs:
        raise BadRequest(
            "The model has no tensor outputs (maps and sequences are not served); export it with "
            "tensor outputs, e.g. skl2onnx options={'zipmap': False}."
        )
    return Built(session, session.get_providers()[0], inputs, outputs)


def _specs(args: list) -> dict[str, TensorSpec]:
    specs = {}
    for arg in args:
        datatype = ORT_TO_OIP.get(arg.type)
        if datatype is None:
            log.info("not serving non-tensor model argument", extra={"name": arg.name, "type": arg.type})
            continue
        shape = tuple(d if isinstance(d, int) and d >= 0 else -1 for d in (arg.shape or []))
        specs[arg.name] = TensorSpec(arg.name, datatype, shape)
    return specs


async def load(store: ObjectStore, settings: Settings, executor: Executor, row: VersionRow) -> Built:
    """Download, check and build; the file is removed once onnxruntime has read it."""
    folder = Path(settings.data_dir) / "serving"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{row.version_id}.{os.getpid()}.{uuid.uuid4().hex[:8]}.onnx"
    try:
        await download(store, row, path)
        return await asyncio.get_running_loop().run_in_executor(executor, build, path, settings)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
