"""What the model server holds while it runs: database, S3, token checks, loaded models, routes, metrics."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.identity.tokens import builtin_verifier, load_signing_key, oidc_verifier
from backend.kit.db import create_engine, create_sessionmaker
from backend.serving import loader
from backend.serving.auth import Authenticator
from backend.serving.control import control_token
from backend.serving.metrics import ServeMetrics
from backend.serving.model_table import ModelTable
from backend.serving.payload_log import PayloadLog
from backend.serving.traffic import RouteTable
from backend.storage.s3 import ObjectStore


@dataclass
class Preload:
    """Progress of the --preload models: /v2/health/ready answers 200 once `pending` is empty."""

    pending: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)
    failures: dict[tuple[uuid.UUID, uuid.UUID], str] = field(default_factory=dict)


@dataclass
class Restore:
    """Whether the LIVE routes of Postgres are back after a start: /v2/health/ready waits for `done`."""

    done: bool = False
    gave_up: bool = False
    waiting_for: str = "Restoring the LIVE routes from Postgres."


@dataclass
class ServerState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    store: ObjectStore
    auth: Authenticator
    executor: ThreadPoolExecutor
    metrics: ServeMetrics
    models: ModelTable
    routes: RouteTable
    payloads: PayloadLog
    preload: Preload = field(default_factory=Preload)
    restore: Restore = field(default_factory=Restore)
    shadow_tasks: set[asyncio.Task] = field(default_factory=set)

    @property
    def inline_below(self) -> float:
        return self.settings.serve_inline_below_ms / 1000


async def build_state(settings: Settings) -> ServerState:
    engine = create_engine(
        settings, pool_size=2, role="slipway-serve", statement_timeout=settings.database_statement_timeout_seconds
    )
    sessionmaker = create_sessionmaker(engine)
    store = ObjectStore(settings)
    await store.open()
    verifier = (
        await oidc_verifier(settings)
        if settings.oidc_issuer
        else builtin_verifier(settings, load_signing_key(settings))
    )
    executor = ThreadPoolExecutor(max(1, settings.serve_threads), thread_name_prefix="onnxruntime")
    metrics = ServeMetrics()

    async def load(tenant_id: uuid.UUID, version_id: uuid.UUID) -> tuple[loader.VersionRow, loader.Built]:
        row = await loader.version_row(sessionmaker, tenant_id, version_id)
        return row, await loader.load(store, settings, executor, row)

    auth = Authenticator(
        sessionmaker=sessionmaker,
        verifier=verifier,
        control_token=control_token(settings),
        cache_seconds=settings.serve_auth_cache_seconds,
    )
    return ServerState(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        store=store,
        auth=auth,
        executor=executor,
        metrics=metrics,
        models=ModelTable(metrics, load),
        routes=RouteTable(),
        payloads=PayloadLog(
            settings,
            create_engine(
                settings,
                pool_size=1,
                role="slipway-serve-payloads",
                statement_timeout=settings.payload_write_timeout_seconds,
            ),
            metrics,
        ),
    )


async def close_state(state: ServerState) -> None:
    for task in list(state.shadow_tasks):
        task.cancel()
    await state.payloads.close()
    state.executor.shutdown(wait=True, cancel_futures=True)
    await state.store.close()
    await state.engine.dispose()
