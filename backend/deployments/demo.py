"""Demo data: a small model of the demo tenant, validated, approved by a second person, LIVE in staging and
production. Runs beside the started worker and model server (`slipway up`); each part is skipped when done."""

from __future__ import annotations

import asyncio
import io
import uuid

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.deployments import repository, service, upstream
from backend.deployments.lifecycle import IN_FLIGHT, Environment, Strategy
from backend.identity import repository as identity
from backend.identity.roles import Principal, Role
from backend.kit.db import transaction
from backend.kit.errors import SlipwayError
from backend.registry import approvals
from backend.registry import repository as registry
from backend.registry import service as registry_service
from backend.registry.lifecycle import VersionStatus
from backend.storage.s3 import ObjectStore

MODEL = "pump-health"
WAIT_SECONDS = 240


def demo_model(features: int) -> bytes:
    """A linear health score over the asset's tags (onnx.helper: no training needed for a demo)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = numpy_helper.from_array(np.linspace(0.5, -0.5, features, dtype=np.float32).reshape(features, 1), "w")
    bias = numpy_helper.from_array(np.array([1.0], dtype=np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["score"])],
        "health",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", features])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["batch", 1])],
        [weights, bias],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="slipway-demo", ir_version=8
    )
    onnx.checker.check_model(model)
    return model.SerializeToString()


async def _principal(session: AsyncSession, email: str) -> Principal:
    user = await identity.get_user_by_email(session, email)
    if user is None:
        raise RuntimeError(f"The demo user {email} is missing: seed the demo tenant first.")
    return Principal(
        user_id=user.id, tenant_id=user.tenant_id, tenant_slug=user.tenant.slug, email=user.email, role=Role(user.role)
    )


async def seed(
    sessionmaker: async_sessionmaker[AsyncSession],
    store: ObjectStore,
    settings: Settings,
    *,
    features: int,
    promotion: service.PromotionCheck,
) -> str:
    try:
        return await _seed(sessionmaker, store, settings, features=features, promotion=promotion)
    except SlipwayError as exc:  # e.g. a person changed the demo model meanwhile: say so, keep the other steps
        return f"model {MODEL} not deployed: {exc.message}"


async def _seed(
    sessionmaker: async_sessionmaker[AsyncSession],
    store: ObjectStore,
    settings: Settings,
    *,
    features: int,
    promotion: service.PromotionCheck,
) -> str:
    async with transaction(sessionmaker) as session:
        engineer, admin = await _principal(session, "mle@demo"), await _principal(session, "admin@demo")
        model = await registry.model_by_name(session, engineer.tenant_id, MODEL)
        if model is not None and await repository.live(session, model.id, Environment.PRODUCTION.value):
            return f"model {MODEL} already LIVE in production"
        if model is None:
            model = await registry_service.register_model(
                session, engineer, name=MODEL, tags=["demo"], description="Health score of a pump from its tags."
            )
    version_id = await _uploaded(sessionmaker, store, settings, engineer, model.id, demo_model(features))
    status = await _wait(
        sessionmaker, lambda s: _version_status(s, version_id), lambda v: v not in (VersionStatus.VALIDATING.value,)
    )
    if status not in (
        VersionStatus.VALIDATED.value,
        VersionStatus.PENDING_APPROVAL.value,
        VersionStatus.APPROVED.value,
    ):
        return f"model {MODEL}: version 1 is {status}, so nothing was deployed"
    if status == VersionStatus.VALIDATED.value:
        async with transaction(sessionmaker) as session:
            await approvals.submit(session, engineer, version_id, comment="Demo model, ready for production.")
        async with transaction(sessionmaker) as session:
            await approvals.decide(session, admin, version_id, approve=True, comment="Approved for the demo.")
    for environment, who, strategy in (
        (Environment.STAGING, engineer, Strategy.DIRECT),
        (Environment.PRODUCTION, admin, Strategy.BLUE_GREEN),
    ):
        outcome = await _deployed(sessionmaker, settings, who, model.id, version_id, environment, strategy, promotion)
        if outcome != "LIVE":
            return f"model {MODEL}: the {environment.value.lower()} deployment is {outcome}"
    return (
        f"model {MODEL} LIVE in staging and production ({settings.model_server_public_url}/v2/models/"
        f"{MODEL}-production/infer)"
    )


async def _uploaded(sessionmaker, store, settings, engineer, model_id, data: bytes) -> uuid.UUID:
    buffer = io.BytesIO(data)

    async def read(n: int) -> bytes:
        return buffer.read(n)

    async with transaction(sessionmaker) as session:
        request = registry_service.UploadRequest(
            model_id=model_id,
            model_name=None,
            read=read,
            description="Demo version",
            metadata={"demo": True},
            idempotency_key="demo-v1",
        )
        return (await registry_service.upload_version(session, store, settings, engineer, request)).version.id


async def _version_status(session: AsyncSession, version_id: uuid.UUID) -> str:
    return (await upstream.version(session, version_id)).status


async def _deployed(sessionmaker, settings, who, model_id, version_id, environment, strategy, promotion) -> str:
    async with transaction(sessionmaker) as session:
        live = await repository.live_of_version(session, version_id, environment.value)
        if live is not None:
            return "LIVE"
        running = await repository.in_flight(session, model_id, environment.value)
        deployment_id = (
            running.id
            if running
            else (
                await service.deploy(
                    session,
                    who,
                    settings,
                    version_id=version_id,
                    environment=environment,
                    strategy=strategy,
                    steps=None,
                    promotion=promotion,
                )
            ).id
        )

    async def status(session: AsyncSession) -> str:
        row = await repository.for_worker(session, deployment_id, lock=False)
        if row is None:
            raise RuntimeError(f"Deployment {deployment_id} disappeared while the demo waited for it.")
        return row.status

    return await _wait(sessionmaker, status, lambda s: s not in {x.value for x in IN_FLIGHT})


async def _wait(sessionmaker, read, done) -> str:
    """Poll `read` until `done` says so (the worker does the work), or give up after WAIT_SECONDS."""
    value = ""
    for _ in range(WAIT_SECONDS):
        async with sessionmaker() as session:
            value = await read(session)
        if done(value):
            return value
        await asyncio.sleep(1)
    return f"still {value} after {WAIT_SECONDS} s (is the worker running?)"
