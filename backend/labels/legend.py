"""Names and colours of a case's label values: what the labeling legend shows beside the mask."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, NotFound
from backend.labels import repository
from backend.labels.models import Case

MAX_NAME = 64

# Sasha Trubetskoy's "20 simple, distinct colours", most distinct first: a value keeps its colour in
# every case, client and screenshot, so "2 is green" holds across a project.
PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#ffe119", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#fabed4",
    "#469990", "#dcbeff", "#9a6324", "#fffac8", "#800000", "#aaffc3", "#808000", "#ffd8b1", "#000075", "#a9a9a9",
)  # fmt: skip


def color_of(value: int) -> str | None:
    """The colour a mask voxel of `value` is drawn in; None for 0 (background, not drawn)."""
    return None if value == 0 else PALETTE[(value - 1) % len(PALETTE)]


def names_of(case: Case) -> dict[int, str]:
    return {int(value): name for value, name in (case.label_names or {}).items()}


def checked_names(names: list[tuple[int, str]], values: list[int]) -> dict[str, str]:
    """The names as stored (value as text -> name), or BadInput saying which entry is wrong."""
    stored: dict[str, str] = {}
    seen: dict[str, int] = {}
    for value, raw in names:
        name = raw.strip()
        if value not in values:
            allowed = ", ".join(str(v) for v in values)
            raise BadInput(f"Label value {value} is not one of this case's values ({allowed}).", field="names")
        if str(value) in stored:
            raise BadInput(f"Label value {value} is named twice; give each value one name.", field="names")
        if not 1 <= len(name) <= MAX_NAME or not name.isprintable():
            raise BadInput(
                f"The name of label value {value} must hold 1 to {MAX_NAME} printable characters.", field="names"
            )
        if name.casefold() in seen:
            raise BadInput(
                f"Values {seen[name.casefold()]} and {value} are both named {name!r}; names must differ.",
                field="names",
            )
        seen[name.casefold()] = value
        stored[str(value)] = name
    return stored


async def name_labels(
    session: AsyncSession, principal: Principal, *, case_id: uuid.UUID, names: list[tuple[int, str]]
) -> Case:
    """Replace the names of a case's label values (an empty list removes them all)."""
    principal.require(Permission.MANAGE_CASES)
    case = await repository.get_case(session, principal.tenant_id, case_id, lock=True)
    if case is None:
        raise NotFound("Case")
    stored = checked_names(names, list(case.label_values))
    previous = dict(case.label_names or {})
    await repository.set_case_fields(session, case, label_names=stored)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="case.labels_named",
        target_type="Case",
        target_id=str(case.id),
        details={"from": previous, "to": stored},
    )
    return case
