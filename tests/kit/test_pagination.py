"""The one keyset helper for lists ordered by creation, and the one LIKE escape."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from backend.deployments.models import Deployment
from backend.identity.roles import Role
from backend.kit.db import contains
from backend.kit.errors import BadInput
from backend.kit.pagination import by_creation, encode_cursor, time_key


def sql(stmt) -> str:
    return str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def test_newest_first_starts_strictly_after_the_cursor_row() -> None:
    row = Deployment(id=uuid.UUID(int=7), created_at=datetime(2026, 12, 4, 12, tzinfo=UTC))
    text = sql(by_creation(select(Deployment.id), Deployment, time_key(row)))
    assert "(deployments.created_at, deployments.id) < ('2026-12-04 12:00:00+00:00'" in text
    assert text.endswith("ORDER BY deployments.created_at DESC, deployments.id DESC")


def test_oldest_first_pages_forwards() -> None:
    text = sql(by_creation(select(Deployment.id), Deployment, None, newest_first=False))
    assert "WHERE" not in text and text.endswith("ORDER BY deployments.created_at, deployments.id")


@pytest.mark.parametrize("key", ["garbage", "2026-12-04T12:00:00|not-a-uuid", 42])
def test_a_cursor_from_elsewhere_is_bad_input_not_a_crash(key: object) -> None:
    with pytest.raises(BadInput, match="not a cursor this list returned"):
        by_creation(select(Deployment.id), Deployment, key)  # type: ignore[arg-type]


def test_contains_matches_wildcards_literally() -> None:
    # Literal binds double each % for the DBAPI's paramstyle: '%%' below is one '%' on the wire.
    text = sql(select(Deployment.id).where(contains(Deployment.message, "50%_off\\")))
    assert text.endswith(r"ILIKE '%%50\%%\_off\\%%' ESCAPE '\'")


async def test_a_forged_cursor_over_http_is_a_400(tenant) -> None:
    forged = encode_cursor("yesterday|someone")
    answer = await tenant.client(Role.ADMIN).execute(
        "query($after: String) { approvalRequests(after: $after) { edges { cursor } } }", {"after": forged}
    )
    assert answer.codes == ["BAD_USER_INPUT"], answer.body
    assert "not a cursor" in answer.body["errors"][0]["message"]
