"""The models list and the approval queue in each order: whole lists paged past a page, cursors bound to their order."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import select

from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.registry.models import ApprovalRequest, ModelVersion, RegisteredModel

MODELS = """query($first: Int, $after: String, $order: ModelOrder!, $search: String) {
  models(first: $first, after: $after, orderBy: $order, search: $search) {
    edges { node { name } } pageInfo { hasNextPage endCursor }
  }
}"""
QUEUE = """query($first: Int, $after: String, $order: ApprovalOrder!) {
  approvalRequests(first: $first, after: $after, orderBy: $order) {
    edges { node { id version { model { name } } } } pageInfo { hasNextPage endCursor }
  }
}"""


async def _seed(sessionmaker, tenant, count: int, *, pending: bool = False) -> str:
    """`count` models named `<prefix>-NN` (each in its own transaction, so creation times differ); the prefix."""
    prefix = f"o{secrets.token_hex(3)}"
    user = tenant.users[Role.DATA_SCIENTIST].id
    for n in range(count):
        async with transaction(sessionmaker) as session:
            model = RegisteredModel(
                tenant_id=tenant.id,
                # Names out of creation order, so NAME and NEWEST cannot agree by accident.
                name=f"{prefix}-{(n * 7) % count:02d}",
                description="",
                tags=[],
                created_by=user,
                latest_version=1 if pending else 0,
            )
            session.add(model)
            await session.flush()
            if pending:
                version = ModelVersion(
                    tenant_id=tenant.id,
                    model_id=model.id,
                    version=1,
                    status="PENDING_APPROVAL",
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
                session.add(
                    ApprovalRequest(
                        tenant_id=tenant.id, version_id=version.id, submitted_by=user, comment="", status="PENDING"
                    )
                )
    return prefix


async def _walk(client, query: str, field: str, variables: dict, first: int) -> list[dict]:
    nodes: list[dict] = []
    after = None
    for _ in range(20):
        page = (await client.execute(query, {**variables, "first": first, "after": after})).ok()[field]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the list never ended")


async def test_models_page_past_one_page_in_every_order(sessionmaker, tenant) -> None:
    prefix = await _seed(sessionmaker, tenant, 12)
    async with transaction(sessionmaker) as session:
        rows = (
            await session.execute(
                select(RegisteredModel.name, RegisteredModel.created_at, RegisteredModel.id).where(
                    RegisteredModel.tenant_id == tenant.id
                )
            )
        ).all()
    names = sorted(r.name for r in rows)
    newest = [r.name for r in sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)]
    client = tenant.client(Role.VIEWER)
    for order, expected in (("NAME", names), ("NAME_DESC", names[::-1]), ("NEWEST", newest)):
        got = [n["name"] for n in await _walk(client, MODELS, "models", {"order": order, "search": prefix}, first=5)]
        assert got == expected, order
    assert newest != names and newest != names[::-1]


async def test_a_cursor_of_one_order_is_refused_in_another(sessionmaker, tenant) -> None:
    prefix = await _seed(sessionmaker, tenant, 3)
    client = tenant.client(Role.VIEWER)
    first = (await client.execute(MODELS, {"order": "NAME", "first": 1, "search": prefix})).ok()["models"]
    cursor = first["pageInfo"]["endCursor"]
    for other in ("NAME_DESC", "NEWEST"):
        answer = await client.execute(MODELS, {"order": other, "first": 1, "after": cursor, "search": prefix})
        assert answer.codes == ["BAD_USER_INPUT"], other
        assert "starts again without `after`" in answer.body["errors"][0]["message"]
    wrong = await client.execute(MODELS, {"order": "SIDEWAYS", "first": 1})
    assert wrong.codes == ["BAD_USER_INPUT"], wrong.body
    too_many = await client.execute(MODELS, {"order": "NEWEST", "first": 101})
    assert too_many.codes == ["BAD_USER_INPUT"]


async def test_the_approval_queue_pages_past_fifty_either_way(sessionmaker, tenant) -> None:
    await _seed(sessionmaker, tenant, 55, pending=True)
    admin = tenant.client(Role.ADMIN)
    oldest = await _walk(admin, QUEUE, "approvalRequests", {"order": "OLDEST_FIRST"}, first=50)
    newest = await _walk(admin, QUEUE, "approvalRequests", {"order": "NEWEST_FIRST"}, first=50)
    assert len(oldest) == 55 and len({n["id"] for n in oldest}) == 55
    assert [n["id"] for n in newest] == [n["id"] for n in oldest][::-1]
    viewer = await tenant.client(Role.VIEWER).execute(QUEUE, {"order": "NEWEST_FIRST", "first": 5})
    assert viewer.codes == ["FORBIDDEN"]
