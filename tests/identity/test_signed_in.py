"""Tokens resolved a moment ago skip the signature check and the user row, for SLIPWAY_AUTH_CACHE_SECONDS."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
from sqlalchemy import update

from backend.identity.models import User
from backend.identity.roles import Principal, Role
from backend.identity.signed_in import SignedIn
from backend.identity.tokens import LEEWAY_SECONDS
from backend.kit.db import transaction
from tests.query_count import execute_counting_selects

ME = "{ me { email role } }"


def principal(expires_in: float = 3600) -> Principal:
    return Principal(
        user_id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        tenant_slug="t",
        email="a@b",
        role=Role.VIEWER,
        expires_at=time.time() + expires_in,
    )


def test_a_token_is_trusted_for_the_ttl_then_read_again() -> None:
    cache = SignedIn(ttl=0.2)
    who = principal()
    cache.put("token", who)
    assert cache.get("token") is who
    time.sleep(0.25)
    assert cache.get("token") is None
    assert len(cache) == 0


def test_an_expired_token_is_never_answered_from_the_cache() -> None:
    cache = SignedIn(ttl=60)
    cache.put("old", principal(expires_in=-(LEEWAY_SECONDS + 1)))
    cache.put("in-leeway", principal(expires_in=-(LEEWAY_SECONDS - 5)))
    assert cache.get("old") is None
    assert cache.get("in-leeway") is not None


def test_the_cache_keeps_the_most_recently_used_tokens() -> None:
    cache = SignedIn(ttl=60, size=2)
    for token in ("a", "b"):
        cache.put(token, principal())
    assert cache.get("a") is not None  # "b" is now the least recently used
    cache.put("c", principal())
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None


def test_forget_drops_only_the_entries_it_picks() -> None:
    cache = SignedIn(ttl=60)
    revoked = uuid.uuid4()
    cache.put("pat", Principal(**{**principal().__dict__, "personal_token_id": revoked}))
    cache.put("jwt", principal())
    assert cache.forget(lambda p: p.personal_token_id == revoked) == 1
    assert cache.get("pat") is None and cache.get("jwt") is not None


def test_a_ttl_of_zero_keeps_nothing() -> None:
    cache = SignedIn(ttl=0)
    cache.put("token", principal())
    assert cache.get("token") is None


async def test_a_disabled_user_is_refused_within_the_cache_time(tenant, sessionmaker) -> None:
    user = tenant.users[Role.VIEWER]
    headers = {"authorization": f"Bearer {user.token}"}
    async with httpx.AsyncClient(base_url=tenant.base_url, timeout=30) as http:
        answer = await http.post("/graphql", json={"query": ME}, headers=headers)
        assert answer.json()["data"]["me"]["email"] == user.email
        async with transaction(sessionmaker) as session:
            await session.execute(update(User).where(User.id == user.id).values(is_active=False))
        disabled_at = time.monotonic()
        while (answer := await http.post("/graphql", json={"query": ME}, headers=headers)).status_code == 200:
            assert time.monotonic() - disabled_at < 5 + 2, "the disabled user kept access past the cache time"
            await asyncio.sleep(0.2)
    assert answer.status_code == 401 and "no active Slipway user" in answer.json()["errors"][0]["message"]


async def test_me_with_its_tenant_reads_nothing_when_the_principal_carries_the_tenant(servers, tenant) -> None:
    query = "{ me { email tenant { slug name } } }"
    carried, selects = await execute_counting_selects(servers, tenant, query, tenant_name="Carried")
    assert selects == 0
    assert carried["me"]["tenant"] == {"slug": tenant.slug, "name": "Carried"}
    loaded, selects = await execute_counting_selects(servers, tenant, query)
    assert selects == 1 and loaded["me"]["tenant"]["slug"] == tenant.slug
