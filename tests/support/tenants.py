"""A fresh tenant per test, with one user of every role and their tokens: what isolates tests from each other."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.identity import service as identity
from backend.identity.roles import Role
from backend.identity.tokens import Issuer
from backend.kit.db import transaction
from tests.client import GraphQLClient


@dataclass
class TenantUser:
    id: uuid.UUID
    email: str
    password: str
    token: str


@dataclass
class TestTenant:
    __test__ = False  # a helper, not a test class, wherever it is imported

    id: uuid.UUID
    slug: str
    users: dict[Role, TenantUser]
    base_url: str

    def client(self, role: Role) -> GraphQLClient:
        return GraphQLClient(self.base_url, self.users[role].token)


async def make_tenant(sessionmaker: async_sessionmaker[AsyncSession], issuer: Issuer, base_url: str) -> TestTenant:
    slug = f"t-{secrets.token_hex(5)}"
    users: dict[Role, TenantUser] = {}
    async with transaction(sessionmaker) as session:
        tenant = await identity.ensure_tenant(session, slug=slug)
        for role in Role:
            email = f"{role.value}@{slug}.test"
            password = secrets.token_urlsafe(12)
            row = await identity.add_user(session, None, tenant=tenant, email=email, role=role, password=password)
            token = issuer.issue(user_id=row.id, email=email, tenant=slug, role=role.value)
            users[role] = TenantUser(row.id, email, password, token)
    return TestTenant(tenant.id, slug, users, base_url)
