"""The demo's deployment step: a model of the demo tenant ends LIVE in staging and production, once."""

from __future__ import annotations

from backend.deployments import demo
from backend.identity import service as identity
from backend.kit.db import transaction
from backend.storage.s3 import ObjectStore


async def test_demo_model_is_deployed_to_staging_and_production_once(servers, sessionmaker, deploy_stack) -> None:  # noqa: ANN001
    async with transaction(sessionmaker) as session:
        await identity.seed_demo(session)
    store = ObjectStore(servers.settings)
    await store.open()
    try:
        first = await demo.seed(sessionmaker, store, servers.settings, features=4)
        assert first.startswith("model pump-health LIVE in staging and production") or "already LIVE" in first, first
        again = await demo.seed(sessionmaker, store, servers.settings, features=4)
        assert again == "model pump-health already LIVE in production"
    finally:
        await store.close()
