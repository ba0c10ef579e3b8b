"""Run one GraphQL operation in-process as a tenant's admin and count the SELECTs it sends (N+1 checks)."""

from __future__ import annotations

import dataclasses

from sqlalchemy import event

from backend.api.context import Context
from backend.api.schema import build_schema
from backend.api.state import AppState
from backend.identity.roles import Principal, Role
from backend.kit.db import create_engine, create_sessionmaker


async def execute_counting_selects(servers, tenant, query: str, *, tenant_name: str | None = None) -> tuple[dict, int]:
    """The operation's data and how many SELECT statements answering it took (`tenant_name`: as a principal
    read with its user row carries it)."""
    engine = create_engine(servers.settings, pool_size=1)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    user = tenant.users[Role.ADMIN]
    principal = Principal(
        user_id=user.id,
        tenant_id=tenant.id,
        tenant_slug=tenant.slug,
        email=user.email,
        role=Role.ADMIN,
        tenant_name=tenant_name,
    )
    # Only what executing a query reads; every other part of the state stays None.
    unused = {f.name: None for f in dataclasses.fields(AppState)}
    state = AppState(
        **{**unused, "settings": servers.settings, "engine": engine, "sessionmaker": create_sessionmaker(engine)}
    )
    try:
        result = await build_schema(servers.settings).execute(
            query, context_value=Context(request=None, state=state, principal=principal)
        )  # type: ignore[arg-type]
    finally:
        await engine.dispose()
    assert result.errors is None, result.errors
    return result.data, len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
