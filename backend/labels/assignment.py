"""Who works on what: the next case in a labeler's queue, and the people a case may be assigned to."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.identity.models import User
from backend.identity.roles import GRANTS, Permission, Principal
from backend.kit.errors import BadInput
from backend.kit.pagination import Page, PageRequest
from backend.labels import repository, service
from backend.labels.models import Case

# Roles whose users may save masks, so a case may be assigned to them (service._check_assignee agrees).
ASSIGNABLE_ROLES = sorted(role.value for role, grants in GRANTS.items() if Permission.LABEL_CASES in grants)


async def next_case(session: AsyncSession, principal: Principal, *, after: uuid.UUID | None) -> Case | None:
    """The OPEN case to label after `after`: the viewer's own cases first, then unassigned ones, oldest first.

    Wraps around to the start of the queue; None when no other OPEN case is left for the viewer.
    """
    principal.require(Permission.READ_CASES)
    position = None
    if after is not None:
        current = await service.get_case(session, principal, after)  # NOT_FOUND / FORBIDDEN like `case(id)`
        position = (0 if current.assignee_id == principal.user_id else 1, current.seq)
    found = await repository.next_case(session, principal.tenant_id, user_id=principal.user_id, after=position)
    if found is None and position is not None:
        found = await repository.next_case(session, principal.tenant_id, user_id=principal.user_id, after=None)
    return None if found is None or found.id == after else found


async def list_assignees(session: AsyncSession, principal: Principal, *, page: PageRequest) -> Page[User]:
    """Active users who may label, by email: whom a case manager may assign a case to."""
    principal.require(Permission.MANAGE_CASES)
    if page.after is not None and not isinstance(page.after, str):
        raise BadInput("`after` is not a cursor of the assignee list.", field="after")
    rows = await repository.page_case_assignees(
        session, principal.tenant_id, roles=ASSIGNABLE_ROLES, after_email=page.after, limit=page.first + 1
    )
    return page.page_of(rows, key=lambda u: u.email)
