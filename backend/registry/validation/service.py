"""The worker's validation of one version: fetch the file, check it, record VALIDATED or VALIDATION_FAILED."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.events.publish import publish
from backend.kit.db import transaction
from backend.registry import lifecycle, repository
from backend.registry.lifecycle import VersionStatus
from backend.registry.service import TOPIC_VERSION
from backend.registry.validation import checks, sandbox
from backend.registry.validation.report import CHECKS, Report
from backend.storage.s3 import ObjectStore

log = logging.getLogger(__name__)

WEIGHT_COPIES = 6


async def validate_version(sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings,
                           *, version_id: uuid.UUID) -> str | None:
    """Validate once; a redelivered job re-runs the checks and finds the result already recorded."""
    async with transaction(sessionmaker) as session:
        version = await repository.version_for_worker(session, version_id, lock=False)
        if version is None or version.status != VersionStatus.VALIDATING.value:
            return version.status if version else None
        key, size = version.s3_key, version.size_bytes
    log.info("validating model version", extra={"version_id": str(version_id), "size": size})
    with tempfile.TemporaryDirectory(prefix="slipway-validate-") as folder:
        # Inside its own folder: a relative external-data path could only ever name files in it.
        path = Path(folder) / "model.onnx"
        await _download(store, key, path)
        report = await run_checks(path, settings, expected_size=size)
    async with transaction(sessionmaker) as session:
        return await record(session, version_id=version_id, report=report)


async def run_checks(path: Path, settings: Settings, *, expected_size: int) -> Report:
    """Every check of the report; also what bench/validate.py times."""
    report = Report()
    # Parsing and onnx.checker are CPU-bound C++: off the event loop the worker's other jobs share.
    try:
        static_ok = await asyncio.to_thread(checks.run_static, path, report, expected_size=expected_size,
                                            max_bytes=settings.max_model_bytes)
    except Exception as exc:  # noqa: BLE001 - the file broke a check: a retry would break it again
        check = next(name for name in CHECKS if name not in report.results)
        log.warning("a validation check crashed on a model", exc_info=exc, extra={"check": check})
        report.failed(check, f"The check could not run on this file ({type(exc).__name__}: {str(exc)[:300]}); "
                             "re-export the model with a current exporter and upload it again.")
        static_ok = False
    if static_ok:
        # onnxruntime holds a model's weights several times while it builds a session (file, parsed
        # proto, initializers, pre-packed copies: bench/validate.py needed 5-6x for a 1 GB MatMul), so
        # the limit grows with the file; the setting bounds what the graph allocates beyond that.
        memory = settings.validation_memory_bytes + WEIGHT_COPIES * expected_size
        outcome = await sandbox.run(path, memory_bytes=memory, timeout=settings.validation_timeout_seconds,
                                    runs=settings.validation_runs)
        sandbox.record(outcome, report, memory_bytes=memory)
    return report


async def record(session: AsyncSession, *, version_id: uuid.UUID, report: Report) -> str | None:
    """Write the result unless another delivery of the job already did."""
    version = await repository.version_for_worker(session, version_id, lock=True)
    if version is None or version.status != VersionStatus.VALIDATING.value:
        return version.status if version else None
    lifecycle.transition(version, VersionStatus.VALIDATED if report.ok else VersionStatus.VALIDATION_FAILED)
    version.report = report.as_rows()
    version.facts = report.facts
    version.validated_at = await repository.now(session)
    await session.flush()
    await publish(session, tenant_id=version.tenant_id, topic=TOPIC_VERSION, id=str(version.id))
    log.info("model version validated", extra={"version_id": str(version_id), "status": version.status,
                                               "failed_check": report.first_failure})
    return version.status


async def _download(store: ObjectStore, key: str, path: Path) -> None:
    answer = await store.client.get_object(Bucket=store.bucket, Key=key)
    body = answer["Body"]
    try:
        with path.open("wb") as out:
            while chunk := await body.read(8 << 20):
                await asyncio.to_thread(out.write, chunk)
    finally:
        body.close()
