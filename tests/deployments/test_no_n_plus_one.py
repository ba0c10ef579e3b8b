"""Deployments' nested fields and the registry's deployment fields load through DataLoaders."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import text

from backend.deployments.models import Deployment, DeploymentEvent
from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.registry.models import ModelVersion, RegisteredModel
from tests.query_count import execute_counting_selects

# One root field per query: two would start the request's one session concurrently.
DEPLOYMENTS = """{ deployments(first: 50) { edges { node { status model { name } events { status message }
  createdBy { email } viewerCanRollback viewerCanRetire previous { status }
  version { version stage viewerCanDeployProduction deployments { status } } } } } }"""
MODELS = """{ models(first: 50) { edges { node { deployments { id } versions { stage viewerCanDeployStaging } } } } }"""


async def _seed(sessionmaker, tenant, models: int) -> None:
    user = tenant.users[Role.ADMIN].id
    async with transaction(sessionmaker) as session:
        for _ in range(models):
            model = RegisteredModel(
                tenant_id=tenant.id,
                name=f"n-{secrets.token_hex(4)}",
                description="",
                tags=[],
                created_by=user,
                latest_version=2,
            )
            session.add(model)
            await session.flush()
            previous = None
            for number, (env, status) in enumerate((("STAGING", "RETIRED"), ("STAGING", "LIVE")), start=1):
                version = ModelVersion(
                    tenant_id=tenant.id,
                    model_id=model.id,
                    version=number,
                    status="APPROVED",
                    description="",
                    extra={},
                    size_bytes=1,
                    sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                    s3_key="k",
                    uploaded_by=user,
                    metrics={},
                    intended_use="",
                    training_data="",
                    limitations="",
                )
                session.add(version)
                await session.flush()
                row = Deployment(
                    tenant_id=tenant.id,
                    model_id=model.id,
                    version_id=version.id,
                    environment=env,
                    strategy="DIRECT",
                    status=status,
                    desired="LIVE",
                    canary_steps=[],
                    phase="switch",
                    step=0,
                    baseline={},
                    traffic_percent=100 if status == "LIVE" else 0,
                    previous_id=previous,
                    message="",
                    created_by=user,
                    ticket=0,
                )
                session.add(row)
                await session.flush()
                session.add(
                    DeploymentEvent(
                        tenant_id=tenant.id,
                        deployment_id=row.id,
                        status=status,
                        traffic_percent=row.traffic_percent,
                        message="seeded",
                    )
                )
                previous = row.id


async def _count(servers, tenant, query: str) -> tuple[int, int]:
    data, selects = await execute_counting_selects(servers, tenant, query)
    return sum(len(e["node"].get("versions", [None])) for e in next(iter(data.values()))["edges"]), selects


async def test_nested_deployment_fields_cost_a_fixed_number_of_queries(
    servers, sessionmaker, tenant, other_tenant
) -> None:
    await _seed(sessionmaker, tenant, 2)
    await _seed(sessionmaker, other_tenant, 8)
    try:
        for query in (DEPLOYMENTS, MODELS):
            few_rows, few_queries = await _count(servers, tenant, query)
            many_rows, many_queries = await _count(servers, other_tenant, query)
            assert (few_rows, many_rows) == (4, 16)
            assert few_queries == many_queries
    finally:
        # These rows name no real model file: retire them, so the sweep does not try to serve them.
        async with transaction(sessionmaker) as session:
            await session.execute(
                text("UPDATE deployments SET status = 'RETIRED' WHERE tenant_id IN (:a, :b)"),
                {"a": tenant.id, "b": other_tenant.id},
            )
