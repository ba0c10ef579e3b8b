"""All SQL about label sets: frozen choices of one saved label per case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit.pagination import by_creation
from backend.labels.models import Case, Label, LabelSet, LabelSetItem


async def labelled_cases(
    session: AsyncSession, tenant_id: uuid.UUID, case_ids: Sequence[uuid.UUID] | None, *, limit: int
) -> list[tuple[Case, Label | None]]:
    """The tenant's cases (all, or these), each with its current label (None: no mask saved yet), by case id."""
    stmt = (
        select(Case, Label)
        .outerjoin(Label, Label.id == Case.current_label_id)
        .where(Case.tenant_id == tenant_id)
        .order_by(Case.id)
        .limit(limit)
    )
    if case_ids is not None:
        stmt = stmt.where(Case.id.in_(case_ids))
    return [(case, label) for case, label in await session.execute(stmt)]


async def by_name(session: AsyncSession, tenant_id: uuid.UUID, name: str) -> LabelSet | None:
    return await session.scalar(select(LabelSet).where(LabelSet.tenant_id == tenant_id, LabelSet.name == name))


async def add(session: AsyncSession, row: LabelSet, items: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> None:
    session.add(row)
    await session.flush()
    await session.execute(
        insert(LabelSetItem),
        [{"label_set_id": row.id, "case_id": case_id, "label_id": label_id} for case_id, label_id in items],
    )


async def in_tenant(session: AsyncSession, tenant_id: uuid.UUID, label_set_id: uuid.UUID) -> LabelSet | None:
    return await session.scalar(select(LabelSet).where(LabelSet.tenant_id == tenant_id, LabelSet.id == label_set_id))


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, LabelSet]:
    return {r.id: r for r in await session.scalars(select(LabelSet).where(LabelSet.id.in_(ids)))}


async def page(session: AsyncSession, tenant_id: uuid.UUID, *, after: str | None, limit: int) -> list[LabelSet]:
    stmt = select(LabelSet).where(LabelSet.tenant_id == tenant_id)
    return list(await session.scalars(by_creation(stmt, LabelSet, after).limit(limit)))


async def items(
    session: AsyncSession, label_set_id: uuid.UUID, *, after: uuid.UUID | None, limit: int
) -> list[tuple[Case, Label]]:
    """A page of the set's cases with the label frozen for each, by case id."""
    stmt = (
        select(Case, Label)
        .join(LabelSetItem, LabelSetItem.case_id == Case.id)
        .join(Label, Label.id == LabelSetItem.label_id)
        .where(LabelSetItem.label_set_id == label_set_id)
        .order_by(Case.id)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(Case.id > after)
    return [(case, label) for case, label in await session.execute(stmt)]


async def remove(session: AsyncSession, row: LabelSet) -> None:
    """Delete the set; a row that still references it (a model version's training data) makes this raise."""
    await session.execute(delete(LabelSet).where(LabelSet.id == row.id))
