"""The demo's deployment step: a model of the demo tenant ends LIVE in staging and production, once."""

from __future__ import annotations

import pytest

from backend.deployments import demo, repository, upstream
from backend.deployments.lifecycle import Environment
from backend.governance.gates import require_promotable
from backend.identity import repository as identity_repository
from backend.identity import service as identity
from backend.kit.db import transaction
from backend.registry import repository as registry
from backend.storage.s3 import ObjectStore


async def _demo_model(sessionmaker):
    async with sessionmaker() as session:
        tenant = await identity_repository.get_tenant_by_slug(session, "demo")
        return None if tenant is None else await registry.model_by_name(session, tenant.id, demo.MODEL)


async def test_demo_model_is_deployed_to_staging_and_production_once(servers, sessionmaker, deploy_stack) -> None:
    # The demo tenant is the one shared name in the database: only this test puts a model in it, so a model
    # found here was left by an earlier run on servers named in SLIPWAY_DATABASE_URL, not by another test.
    if await _demo_model(sessionmaker) is not None:
        pytest.skip(f"the database already holds the demo tenant's {demo.MODEL} (an earlier run on these servers)")
    async with transaction(sessionmaker) as session:
        await identity.seed_demo(session)
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        first = await demo.seed(sessionmaker, store, servers.settings, features=4, promotion=require_promotable)
        assert first == (
            f"model {demo.MODEL} LIVE in staging and production "
            f"({servers.settings.model_server_public_url}/v2/models/{demo.MODEL}-production/infer)"
        )
        again = await demo.seed(sessionmaker, store, servers.settings, features=4, promotion=require_promotable)
        assert again == f"model {demo.MODEL} already LIVE in production"
    finally:
        await store.close()
    model = await _demo_model(sessionmaker)
    async with sessionmaker() as session:
        for environment in (Environment.STAGING, Environment.PRODUCTION):
            live = await repository.in_environment(session, model.id, environment.value, ["LIVE"])
            assert [(await upstream.version(session, d.version_id)).version for d in live] == [1], environment
