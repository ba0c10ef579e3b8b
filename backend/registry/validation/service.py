"""The worker's validation of one version: fetch the file, check it, record VALIDATED or VALIDATION_FAILED."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from pathlib import Path

from botocore.exceptions import ClientError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.events.publish import publish
from backend.kit.db import transaction
from backend.registry import lifecycle, repository
from backend.registry.lifecycle import VersionStatus
from backend.registry.service import TOPIC_VERSION
from backend.registry.validation import checks, sandbox, workdir, zygote
from backend.registry.validation.report import CHECKS, Report
from backend.storage.s3 import ObjectStore
from backend.webhooks import announce as webhooks

log = logging.getLogger(__name__)

WEIGHT_COPIES = 6


def prepare() -> None:
    """At worker boot, so the first job waits for neither: start the sandbox's zygote, warm the static checks.

    Call it on the worker process's main thread: the zygote dies when the thread that started it ends.
    """
    zygote.ZYGOTE.start()
    checks.warm_up()


async def validate_version(
    sessionmaker: async_sessionmaker[AsyncSession], store: ObjectStore, settings: Settings, *, version_id: uuid.UUID
) -> str | None:
    """Validate once; a redelivered job re-runs the checks and finds the result already recorded."""
    started = time.perf_counter()
    async with transaction(sessionmaker) as session:
        version = await repository.version_for_worker(session, version_id, lock=False)
        if version is None or version.status != VersionStatus.VALIDATING.value:
            return version.status if version else None
        key, size = version.s3_key, version.size_bytes
    loaded = time.perf_counter()
    log.info("validating model version", extra={"version_id": str(version_id), "size": size})
    # Inside its own folder: a relative external-data path could only ever name files in it. Named for
    # this worker process, so a worker starting after it was killed removes it (workdir.sweep).
    with workdir.folder() as folder:
        path = folder / "model.onnx"
        if await _download(store, key, path):
            downloaded = time.perf_counter()
            report = await run_checks(path, settings, expected_size=size)
            report.seconds.update(download=downloaded - loaded)
        else:  # gone for good: retrying cannot bring it back
            report = Report()
            report.failed("size", "The uploaded file is no longer in the object store; upload the model again.")
    report.seconds["load"] = loaded - started
    checked = time.perf_counter()
    async with transaction(sessionmaker) as session:
        status = await record(session, version_id=version_id, report=report)
    report.seconds.update(record=time.perf_counter() - checked, total=time.perf_counter() - started)
    # Seconds per phase, from the job's start to the committed result: what bench/validate.py reads.
    log.info(
        "validation job finished",
        extra={
            "version_id": str(version_id),
            "status": status,
            "seconds": {k: round(v, 4) for k, v in report.seconds.items()},
        },
    )
    return status


async def give_up(session: AsyncSession, *, version_id: uuid.UUID, attempts: int) -> str | None:
    """After the last retry: VALIDATION_FAILED saying validation never ran, rather than VALIDATING forever."""
    version = await repository.version_for_worker(session, version_id, lock=True)
    if version is None or version.status != VersionStatus.VALIDATING.value:
        return version.status if version else None
    lifecycle.transition(version, VersionStatus.VALIDATION_FAILED)
    message = (
        f"Validation could not run after {attempts} attempts (the object store or database was "
        "unreachable, or the worker kept failing); upload the model again, and tell an admin if it repeats."
    )
    version.report = [
        {"name": "worker", "status": "FAILED", "message": message},
        *({"name": name, "status": "SKIPPED", "message": "Not run: validation could not start."} for name in CHECKS),
    ]
    version.facts = {}
    version.validated_at = await repository.now(session)
    await session.flush()
    await publish(session, tenant_id=version.tenant_id, topic=TOPIC_VERSION, id=str(version.id))
    await webhooks.model_version(session, version, event="model_version.validation_failed")
    log.error("model version validation gave up", extra={"version_id": str(version_id), "attempts": attempts})
    return version.status


async def run_checks(path: Path, settings: Settings, *, expected_size: int) -> Report:
    """Every check of the report; also what bench/validate.py times."""
    report = Report()
    started = time.perf_counter()
    # Parsing and onnx.checker are CPU-bound C++: off the event loop the worker's other jobs share.
    try:
        static_ok = await asyncio.to_thread(
            checks.run_static, path, report, expected_size=expected_size, max_bytes=settings.max_model_bytes
        )
    except Exception as exc:
        check = next(name for name in CHECKS if name not in report.results)
        log.warning("a validation check crashed on a model", exc_info=exc, extra={"check": check})
        report.failed(
            check,
            f"The check could not run on this file ({type(exc).__name__}: {str(exc)[:300]}); "
            "re-export the model with a current exporter and upload it again.",
        )
        static_ok = False
    report.seconds["static"] = time.perf_counter() - started
    if static_ok:
        # onnxruntime holds a model's weights several times while it builds a session (file, parsed
        # proto, initializers, pre-packed copies: bench/validate.py needed 5-6x for a 1 GB MatMul), so
        # the limit grows with the file; the setting bounds what the graph allocates beyond that.
        memory = settings.validation_memory_bytes + WEIGHT_COPIES * expected_size
        outcome = await sandbox.run(
            path, memory_bytes=memory, timeout=settings.validation_timeout_seconds, runs=settings.validation_runs
        )
        sandbox.record(outcome, report, memory_bytes=memory)
        report.seconds["sandbox"] = time.perf_counter() - started - report.seconds["static"]
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
    await webhooks.model_version(
        session, version, event="model_version.validated" if report.ok else "model_version.validation_failed"
    )
    log.info(
        "model version validated",
        extra={"version_id": str(version_id), "status": version.status, "failed_check": report.first_failure},
    )
    return version.status


async def _download(store: ObjectStore, key: str, path: Path) -> bool:
    """Copy the object to `path`; False when it does not exist (other S3 errors raise and are retried)."""
    try:
        answer = await store.call("get_object", Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return False
        raise
    body = answer["Body"]
    try:
        with path.open("wb") as out:
            async for chunk in store.chunks(body, 8 << 20):
                await asyncio.to_thread(out.write, chunk)
    finally:
        body.close()
    return True
