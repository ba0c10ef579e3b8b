"""Label sets: a frozen choice of one saved label per case, named, hashed and audited.

A model version records the label sets it was trained on (the registry's lineage); labels are never
changed or deleted, so a set says forever which masks those were. A set that a version names cannot be
deleted (a foreign key refuses it; the message says why).
"""

from __future__ import annotations

import hashlib
import json
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity.roles import Permission, Principal
from backend.kit import ids
from backend.kit.errors import BadInput, Conflict, Forbidden, NotFound
from backend.kit.pagination import Page, PageRequest, time_key
from backend.labels import label_set_repository as repository
from backend.labels.models import Case, Label, LabelSet

MAX_CASES = 10_000
MAX_NAME = 200
MAX_DESCRIPTION = 2000


def _require_freeze(principal: Principal) -> None:
    """Who trains models (scientists, engineers) or manages cases may freeze a set; everyone who reads cases reads it."""
    principal.require(Permission.READ_CASES)
    if not (principal.can(Permission.MANAGE_MODELS) or principal.can(Permission.MANAGE_CASES)):
        raise Forbidden(
            f"Your role `{principal.role}` may not freeze label sets; data scientists, ML engineers and admins may."
        )


def digest(items: list[tuple[Case, Label]]) -> str:
    """sha256 of the canonical JSON of (case id, label id, label file sha256), in case id order."""
    canonical = [
        {"case": str(case.id), "label": str(label.id), "sha256": label.sha256}
        for case, label in sorted(items, key=lambda i: str(i[0].id))
    ]
    return hashlib.sha256(json.dumps(canonical, separators=(",", ":")).encode()).hexdigest()


async def create(
    session: AsyncSession,
    principal: Principal,
    *,
    name: str,
    description: str = "",
    case_ids: list[uuid.UUID] | None = None,
) -> LabelSet:
    """Freeze the current label of each case (all the tenant's labelled cases when `case_ids` is None)."""
    _require_freeze(principal)
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise BadInput(f"A label set needs a name of 1 to {MAX_NAME} characters.", field="name")
    if len(description) > MAX_DESCRIPTION:
        raise BadInput(f"A description holds at most {MAX_DESCRIPTION} characters.", field="description")
    if case_ids is not None:
        case_ids = list(dict.fromkeys(case_ids))
        if not case_ids:
            raise BadInput(
                "Name at least one case, or leave `caseIds` out to take every labelled case.", field="caseIds"
            )
        if len(case_ids) > MAX_CASES:
            raise BadInput(f"A label set holds at most {MAX_CASES:,} cases; got {len(case_ids):,}.", field="caseIds")
    if await repository.by_name(session, principal.tenant_id, name) is not None:
        raise Conflict(f"A label set named {name!r} exists; label sets never change, so choose another name.")
    found = await repository.labelled_cases(session, principal.tenant_id, case_ids, limit=MAX_CASES + 1)
    if case_ids is not None and len(found) < len(case_ids):
        missing = sorted(set(case_ids) - {case.id for case, _ in found})
        raise NotFound("Case", ", ".join(str(m) for m in missing[:5]))
    if case_ids is None:
        found = [(case, label) for case, label in found if label is not None]
        if len(found) > MAX_CASES:
            raise BadInput(
                f"Your tenant has more than {MAX_CASES:,} labelled cases; name the cases with `caseIds`.",
                field="caseIds",
            )
    unlabelled = [case.title for case, label in found if label is None]
    if unlabelled:
        raise BadInput(
            f"{len(unlabelled)} of the cases have no saved mask ({', '.join(repr(t) for t in unlabelled[:5])}); "
            "save a mask for each or leave them out.",
            field="caseIds",
        )
    if not found:
        raise BadInput("No case of your tenant has a saved mask yet; save masks first.", field="caseIds")
    items = [(case, label) for case, label in found if label is not None]
    row = LabelSet(
        tenant_id=principal.tenant_id,
        name=name,
        description=description,
        created_by=principal.user_id,
        case_count=len(items),
        sha256=digest(items),
    )
    try:
        async with session.begin_nested():
            await repository.add(session, row, [(case.id, label.id) for case, label in items])
    except IntegrityError:  # the same name, created a moment ago by someone else
        raise Conflict(f"A label set named {name!r} exists; label sets never change, so choose another name.") from None
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="label_set.created",
        target_type="LabelSet",
        target_id=str(row.id),
        details={"name": name, "cases": row.case_count, "sha256": row.sha256},
    )
    return row


async def get(session: AsyncSession, principal: Principal, label_set_id: uuid.UUID) -> LabelSet:
    principal.require(Permission.READ_CASES)
    row = await repository.in_tenant(session, principal.tenant_id, label_set_id)
    if row is None:
        raise NotFound("LabelSet")
    return row


async def page(session: AsyncSession, principal: Principal, request: PageRequest) -> Page[LabelSet]:
    principal.require(Permission.READ_CASES)
    after = request.after if isinstance(request.after, str) or request.after is None else None
    rows = await repository.page(session, principal.tenant_id, after=after, limit=request.first + 1)
    return request.page_of(rows, key=time_key)


async def delete(session: AsyncSession, principal: Principal, label_set_id: uuid.UUID) -> uuid.UUID:
    """Delete a set nothing was trained on."""
    principal.require(Permission.MANAGE_CASES)
    row = await get(session, principal, label_set_id)
    try:
        async with session.begin_nested():
            await repository.remove(session, row)
    except IntegrityError:
        raise Conflict(
            f"Label set {row.name!r} is the training data of a model version (see the version's lineage); "
            "it stays as long as that version exists.",
        ) from None
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="label_set.deleted",
        target_type="LabelSet",
        target_id=str(row.id),
        details={"name": row.name, "sha256": row.sha256},
    )
    return row.id


MAX_ITEMS_PAGE = 500


async def items(
    session: AsyncSession, principal: Principal, row: LabelSet, *, first: int, after: str | None
) -> list[tuple[Case, Label]]:
    principal.require(Permission.READ_CASES)
    if not 1 <= first <= MAX_ITEMS_PAGE:
        raise BadInput(f"`first` must be between 1 and {MAX_ITEMS_PAGE}; got {first}.", field="first")
    start = ids.decode("Case", after) if after else None
    return await repository.items(session, row.id, after=start, limit=first)
