"""Nested registry fields load through DataLoaders: the query count does not grow with the rows."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.registry.models import ApprovalRequest, ModelVersion, RegisteredModel
from tests.query_count import execute_counting_selects

QUERY = """{ models(first: 50) { edges { node { name versions {
  version status model { name } approvalRequest { status } card { viewerCanApprove viewerCanSubmit }
} } } } }"""


async def _seed(sessionmaker, tenant, models: int) -> None:
    user = tenant.users[Role.DATA_SCIENTIST].id
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
            for number, status in ((1, "PENDING_APPROVAL"), (2, "VALIDATED")):
                version = ModelVersion(
                    tenant_id=tenant.id,
                    model_id=model.id,
                    version=number,
                    status=status,
                    description="",
                    extra={"n": number},
                    size_bytes=1,
                    sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                    s3_key="k",
                    uploaded_by=user,
                    metrics={"auc": 0.5 + number / 10},
                    intended_use=f"use {number}",
                    training_data="",
                    limitations="",
                )
                session.add(version)
                await session.flush()
                if status == "PENDING_APPROVAL":
                    session.add(
                        ApprovalRequest(
                            tenant_id=tenant.id, version_id=version.id, submitted_by=user, comment="", status="PENDING"
                        )
                    )


async def _count_queries(servers, tenant) -> tuple[int, int]:
    data, selects = await execute_counting_selects(servers, tenant, QUERY)
    return sum(len(e["node"]["versions"]) for e in data["models"]["edges"]), selects


async def test_nested_versions_models_and_requests_cost_a_fixed_number_of_queries(
    servers, sessionmaker, tenant, other_tenant
) -> None:
    await _seed(sessionmaker, tenant, 2)
    await _seed(sessionmaker, other_tenant, 8)
    few_versions, few_queries = await _count_queries(servers, tenant)
    many_versions, many_queries = await _count_queries(servers, other_tenant)
    assert (few_versions, many_versions) == (4, 16)
    # Models, versions, requests, and the votes of the pending requests (viewerCanApprove): one batch each.
    assert few_queries == many_queries <= 5


LATEST = """{ models(first: 50) { edges { node { name versions(first: 1) { version status } } } } }"""
DETAILS = """{ models(first: 10) { edges { node { versions(first: 2) {
  metadata report { name } card { inputs { name } producer metrics intendedUse trainingData limitations }
} } } } }"""


async def test_the_newest_version_of_each_model_is_one_query_of_one_row_per_model(
    servers, sessionmaker, tenant, other_tenant
) -> None:
    await _seed(sessionmaker, tenant, 2)
    await _seed(sessionmaker, other_tenant, 8)
    few, few_queries = await execute_counting_selects(servers, tenant, LATEST)
    many, many_queries = await execute_counting_selects(servers, other_tenant, LATEST)
    newest = [e["node"]["versions"] for e in many["models"]["edges"]]
    assert newest == [[{"version": 2, "status": "VALIDATED"}]] * 8
    assert len(few["models"]["edges"]) == 2
    assert few_queries == many_queries <= 3


async def test_detail_columns_cost_one_query_each_whatever_the_number_of_versions(
    servers, sessionmaker, tenant, other_tenant
) -> None:
    await _seed(sessionmaker, tenant, 1)
    await _seed(sessionmaker, other_tenant, 8)
    _, few_queries = await execute_counting_selects(servers, tenant, DETAILS)
    many, many_queries = await execute_counting_selects(servers, other_tenant, DETAILS)
    versions = [v for e in many["models"]["edges"] for v in e["node"]["versions"]]
    assert len(versions) == 16
    shown = [(v["metadata"], v["card"]["metrics"], v["card"]["intendedUse"], v["report"]) for v in versions]
    assert shown == [({"n": 2}, {"auc": 0.7}, "use 2", []), ({"n": 1}, {"auc": 0.6}, "use 1", [])] * 8
    # models, versions, then metadata, report, facts, metrics and the three texts: 9 whatever the rows.
    assert few_queries == many_queries <= 9
