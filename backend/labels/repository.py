"""All SQL about cases, labels and idempotency keys."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from backend.identity.models import User
from backend.labels.models import Case, IdempotencyKey, Label


async def add(session: AsyncSession, row: Case | Label) -> None:
    session.add(row)
    await session.flush()


async def get_case(
    session: AsyncSession, tenant_id: uuid.UUID, case_id: uuid.UUID, *, lock: bool = False
) -> Case | None:
    stmt = select(Case).where(Case.tenant_id == tenant_id, Case.id == case_id)
    if lock:
        # Saves of one case queue here, so each sees the label the one before it made current.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(stmt)


async def get_case_and_key(
    session: AsyncSession, tenant_id: uuid.UUID, case_id: uuid.UUID, *, user_id: uuid.UUID, key: str
) -> tuple[Case | None, IdempotencyKey | None]:
    """The case and the user's idempotency key `key` (each None when missing), in one round trip."""
    stmt = (
        select(Case, IdempotencyKey)
        .outerjoin(
            IdempotencyKey,
            and_(IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.user_id == user_id, IdempotencyKey.key == key),
        )
        .where(Case.tenant_id == tenant_id, Case.id == case_id)
    )
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    return (row[0], row[1]) if row is not None else (None, None)


async def get_case_with_current(
    session: AsyncSession, tenant_id: uuid.UUID, case_id: uuid.UUID
) -> tuple[Case | None, Label | None]:
    """The case and its current label in one round trip (case pages show both)."""
    stmt = (
        select(Case, Label)
        .outerjoin(Label, Label.id == Case.current_label_id)
        .where(Case.tenant_id == tenant_id, Case.id == case_id)
    )
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row is not None else (None, None)


async def page_cases(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    before_seq: int | None,
    limit: int,
    status: str | None,
    assignee_id: uuid.UUID | None,
    visible_to: uuid.UUID | None,
) -> list[Case]:
    """Newest first; `visible_to` limits to cases assigned to that user or to nobody."""
    stmt = select(Case).where(Case.tenant_id == tenant_id)
    if before_seq is not None:
        stmt = stmt.where(Case.seq < before_seq)
    if status is not None:
        stmt = stmt.where(Case.status == status)
    if assignee_id is not None:
        stmt = stmt.where(Case.assignee_id == assignee_id)
    if visible_to is not None:
        stmt = stmt.where(or_(Case.assignee_id.is_(None), Case.assignee_id == visible_to))
    return list(await session.scalars(stmt.order_by(Case.seq.desc()).limit(limit)))


async def move_current(session: AsyncSession, case: Case, label: Label) -> None:
    await set_case_fields(session, case, current_label_id=label.id)


async def set_case_fields(session: AsyncSession, case: Case, **values: object) -> None:
    stmt = update(Case).where(Case.id == case.id).values(**values, updated_at=func.now()).returning(Case.updated_at)
    # The row already changed in the database: mirror it without marking the object dirty.
    set_committed_value(case, "updated_at", await session.scalar(stmt))
    for name, value in values.items():
        set_committed_value(case, name, value)


# One round trip for what a save writes once it holds the case's row lock: the label (numbered after the
# case's newest, pointing at the mask it replaces), the case's current label, the idempotency key's
# result and the NOTIFY. It runs after the lock, so it sees every label committed before it.
_INSERT_LABEL = text("""
WITH new AS (
    INSERT INTO labels (id, tenant_id, case_id, version, author_id, base_label_id, old_mask_key, mask_key,
                        size_bytes, sha256, comment)
    SELECT :id, :tenant_id, :case_id,
           coalesce((SELECT max(version) FROM labels WHERE case_id = :case_id), 0) + 1,
           :author_id, :base_label_id, (SELECT mask_key FROM labels WHERE id = :current_id),
           :mask_key, :size_bytes, :sha256, :comment
    RETURNING version, old_mask_key, created_at
), moved AS (
    UPDATE cases SET current_label_id = :id, updated_at = now() WHERE id = :case_id RETURNING updated_at
), completed AS (
    UPDATE label_idempotency_keys SET label_id = :id
    WHERE tenant_id = :tenant_id AND user_id = :key_user_id AND key = :key
)
SELECT new.version, new.old_mask_key, new.created_at, moved.updated_at, pg_notify(:channel, :payload)
FROM new, moved
""")


async def insert_label(
    session: AsyncSession,
    label: Label,
    *,
    case: Case,
    key: tuple[uuid.UUID, str] | None,
    notify: tuple[str, str],
) -> None:
    """Insert `label` as `case`'s newest version and make it current, fill the idempotency key (user id, key)
    with it and NOTIFY (channel, payload); `label` gets its version, old mask key and timestamps."""
    row = (
        await session.execute(
            _INSERT_LABEL,
            {
                "id": label.id,
                "tenant_id": label.tenant_id,
                "case_id": case.id,
                "author_id": label.author_id,
                "base_label_id": label.base_label_id,
                "current_id": case.current_label_id,
                "mask_key": label.mask_key,
                "size_bytes": label.size_bytes,
                "sha256": label.sha256,
                "comment": label.comment,
                "key_user_id": key[0] if key else None,
                "key": key[1] if key else None,
                "channel": notify[0],
                "payload": notify[1],
            },
        )
    ).one()
    label.version, label.old_mask_key, label.created_at = row[0], row[1], row[2]
    # The row already changed in the database: mirror it without marking the object dirty.
    set_committed_value(case, "current_label_id", label.id)
    set_committed_value(case, "updated_at", row[3])


async def get_label(session: AsyncSession, tenant_id: uuid.UUID, label_id: uuid.UUID) -> Label | None:
    return await session.scalar(select(Label).where(Label.tenant_id == tenant_id, Label.id == label_id))


async def labels_by_id(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Label]:
    return {row.id: row for row in await session.scalars(select(Label).where(Label.id.in_(ids)))}


async def labels_of_cases(
    session: AsyncSession, case_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[Label, User | None]]]:
    """Every label of each case, newest version first, with its author (None if not of the label's tenant).

    The authors come in the same query: a case page shows who saved each version.
    """
    rows = await session.execute(
        select(Label, User)
        .outerjoin(User, and_(User.id == Label.author_id, User.tenant_id == Label.tenant_id))
        .where(Label.case_id.in_(case_ids))
        .order_by(Label.case_id, Label.version.desc())
    )
    found: dict[uuid.UUID, list[tuple[Label, User | None]]] = {i: [] for i in case_ids}
    for label, author in rows:
        found[label.case_id].append((label, author))
    return found


async def claim_key(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    key: str,
    request_hash: str,
    expires_at: datetime,
    lock_timeout_ms: int,
) -> IdempotencyKey | None:
    """Insert the key (or take over an expired one); None when a live key already exists.

    A concurrent request with the same key waits here on the unique index until the first one
    commits (then it finds the key and its label) or rolls back (then it claims the key itself).
    """
    await session.execute(text(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}"))
    new = insert(IdempotencyKey).values(
        tenant_id=tenant_id, user_id=user_id, key=key, request_hash=request_hash, expires_at=expires_at
    )
    stmt = new.on_conflict_do_update(
        index_elements=["tenant_id", "user_id", "key"],
        set_={
            "request_hash": new.excluded.request_hash,
            "label_id": None,
            "created_at": func.now(),
            "expires_at": new.excluded.expires_at,
        },
        where=IdempotencyKey.expires_at < func.now(),
    ).returning(IdempotencyKey)
    claimed = await session.scalar(stmt.execution_options(populate_existing=True))
    await session.execute(text("SET LOCAL lock_timeout TO DEFAULT"))
    return claimed


async def get_key(
    session: AsyncSession, *, tenant_id: uuid.UUID, user_id: uuid.UUID, key: str
) -> IdempotencyKey | None:
    stmt = select(IdempotencyKey).where(
        IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.user_id == user_id, IdempotencyKey.key == key
    )
    return await session.scalar(stmt.execution_options(populate_existing=True))


async def delete_expired_keys(session: AsyncSession, *, limit: int) -> int:
    """Remove up to `limit` expired keys, skipping any a save holds right now; returns how many went."""
    doomed = (
        select(IdempotencyKey.tenant_id, IdempotencyKey.user_id, IdempotencyKey.key)
        .where(IdempotencyKey.expires_at < func.now())
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    gone = await session.scalars(
        delete(IdempotencyKey)
        .where(tuple_(IdempotencyKey.tenant_id, IdempotencyKey.user_id, IdempotencyKey.key).in_(doomed))
        .returning(IdempotencyKey.key)
    )
    return len(gone.all())
