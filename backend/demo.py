"""`slipway demo`: demo data for the demo tenants, one idempotent step per area.

Each step takes a DemoContext and skips what already exists, so running it again (or after
`slipway up` already did) adds only what is missing. Areas add their step to STEPS.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.identity import repository as identity
from backend.identity import service as identity_service
from backend.kit.db import create_engine, create_sessionmaker, transaction
from backend.storage.s3 import ObjectStore

DEMO_TENANT = "demo"


@dataclass(frozen=True)
class DemoContext:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    store: ObjectStore
    tenant_id: uuid.UUID
    days: int
    tags: int


async def assets_step(ctx: DemoContext) -> str:
    from backend.assets import demo

    created = await demo.seed(ctx.sessionmaker, ctx.tenant_id, days=ctx.days, tags=ctx.tags)
    return (
        f"assets {', '.join(created)} with {ctx.tags} tags x {ctx.days} days at 1 Hz"
        if created
        else "assets already present"
    )


async def labels_step(ctx: DemoContext) -> str:
    from backend.labels import demo

    async with transaction(ctx.sessionmaker) as session:
        made = await demo.seed_demo(session, ctx.store, ctx.settings, tenant_slug=DEMO_TENANT)
    return f"{made} labeling cases (phantom volumes with masks)" if made else "labeling cases already present"


async def deployments_step(ctx: DemoContext) -> str:
    from backend.deployments import demo
    from backend.governance.gates import require_promotable

    return await demo.seed(ctx.sessionmaker, ctx.store, ctx.settings, features=ctx.tags, promotion=require_promotable)


STEPS: list[tuple[str, Callable[[DemoContext], Awaitable[str]]]] = [
    ("assets", assets_step),
    ("labels", labels_step),
    ("deployments", deployments_step),
]


async def run_demo(settings: Settings, *, days: int = 7, tags: int = 4) -> list[str]:
    """Seed the demo tenants (identity) and then every area's demo data; returns one line per step."""
    engine = create_engine(settings, pool_size=2)
    store = ObjectStore(settings)
    await store.open()
    lines = []
    try:
        sessionmaker = create_sessionmaker(engine)
        async with transaction(sessionmaker) as session:
            await identity_service.seed_demo(session)
            tenant = await identity.get_tenant_by_slug(session, DEMO_TENANT)
        assert tenant is not None
        ctx = DemoContext(settings, sessionmaker, store, tenant.id, days, tags)
        for name, step in STEPS:
            started = time.monotonic()
            outcome = await step(ctx)
            lines.append(f"{name}: {outcome} ({time.monotonic() - started:.1f} s)")
            click.echo(lines[-1])
    finally:
        await store.close()
        await engine.dispose()
    return lines


@contextmanager
def s3_settings(settings: Settings) -> Iterator[Settings]:
    """Settings that reach an S3 for a standalone `slipway demo`: the configured one, the embedded one
    `slipway up` runs, or an embedded one started for this command only."""
    if not settings.embedded_s3:
        yield settings
        return
    from backend.embedded.ports import is_free
    from backend.embedded.seaweed import EmbeddedS3

    s3 = EmbeddedS3(settings.data_dir.resolve() / "s3", bucket=settings.s3_bucket, port=settings.embedded_s3_port)
    running = settings.embedded_s3_port != 0 and not is_free(settings.embedded_s3_port)
    if running:
        credentials = s3._load_or_create_credentials()
        endpoint = f"http://127.0.0.1:{settings.embedded_s3_port}"
    else:
        endpoint = s3.start()
        assert s3.credentials is not None  # start() loads or creates them
        credentials = s3.credentials
    try:
        yield settings.model_copy(
            update={
                "s3_endpoint": endpoint,
                "s3_access_key": credentials.access_key,
                "s3_secret_key": credentials.secret_key,
            }
        )
    finally:
        if not running:
            s3.stop()
