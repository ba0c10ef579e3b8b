"""All SQL about cases, labels and idempotency keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, text, tuple_, update
from sqlalchemy import case as case_when  # `case` names the row in this module
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


async def get_case_with_history(
    session: AsyncSession, tenant_id: uuid.UUID, case_id: uuid.UUID
) -> tuple[Case | None, list[tuple[Label, User | None]]]:
    """The case and every label of it, newest version first, each with its author, in one round trip (a case
    page shows them all); the case's current label is among them."""
    stmt = (
        select(Case, Label, User)
        .outerjoin(Label, Label.case_id == Case.id)
        .outerjoin(User, and_(User.id == Label.author_id, User.tenant_id == Label.tenant_id))
        .where(Case.tenant_id == tenant_id, Case.id == case_id)
        .order_by(Label.version.desc())
    )
    rows = (await session.execute(stmt)).all()
    if not rows:
        return None, []
    return rows[0][0], [(label, author) for _, label, author in rows if label is not None]


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
# case's newest, pointing at the mask it replaces), the case's current label and the NOTIFY. It runs after the
# lock, so it sees every label committed before it. A save's idempotency key is claimed by the same statement
# (`claimed`, with this label as its result): the label is written only when the claim succeeds, that is when
# the key is new or expired. A request with the same key still in flight holds the case's lock, so this one
# only gets here once that request has committed (then the claim finds its key) or rolled back.
_CLAIM = """
claimed AS (
    INSERT INTO label_idempotency_keys AS k (tenant_id, user_id, key, request_hash, label_id, expires_at)
    VALUES (:tenant_id, :key_user_id, :key, :request_hash, :id, :expires_at)
    ON CONFLICT (tenant_id, user_id, key) DO UPDATE
        SET request_hash = excluded.request_hash, label_id = excluded.label_id, created_at = now(),
            expires_at = excluded.expires_at
        WHERE k.expires_at < now()
    RETURNING 1
),"""
_INSERT_LABEL = """
WITH {claim} new AS (
    INSERT INTO labels (id, tenant_id, case_id, version, author_id, base_label_id, old_mask_key, mask_key,
                        size_bytes, sha256, comment)
    SELECT :id, :tenant_id, :case_id,
           coalesce((SELECT max(version) FROM labels WHERE case_id = :case_id), 0) + 1,
           :author_id, :base_label_id, (SELECT mask_key FROM labels WHERE id = :current_id),
           :mask_key, :size_bytes, :sha256, :comment
    {when_claimed}
    RETURNING version, old_mask_key, created_at
), moved AS (
    UPDATE cases SET current_label_id = :id, updated_at = now()
    WHERE id = :case_id AND EXISTS (SELECT FROM new)
    RETURNING updated_at
)
SELECT new.version, new.old_mask_key, new.created_at, moved.updated_at, pg_notify(:channel, :payload)
FROM new, moved
"""
_INSERT_LABEL_UNKEYED = text(_INSERT_LABEL.format(claim="", when_claimed=""))
_INSERT_LABEL_KEYED = text(_INSERT_LABEL.format(claim=_CLAIM, when_claimed="WHERE EXISTS (SELECT FROM claimed)"))


@dataclass(frozen=True)
class KeyClaim:
    """The idempotency key a save claims with its label: (user, key), the request's hash, when it expires."""

    user_id: uuid.UUID
    key: str
    request_hash: str
    expires_at: datetime


async def insert_label(
    session: AsyncSession,
    label: Label,
    *,
    case: Case,
    claim: KeyClaim | None,
    notify: tuple[str, str],
) -> bool:
    """Insert `label` as `case`'s newest version, make it current and NOTIFY (channel, payload); `label` gets its
    version, old mask key and timestamps. With a `claim`, only if the key is free (new or expired), recording
    `label` as its result: False when a live key stands in the way and nothing was written."""
    params: dict[str, object] = {
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
        "channel": notify[0],
        "payload": notify[1],
    }
    if claim is not None:
        params |= {
            "key_user_id": claim.user_id,
            "key": claim.key,
            "request_hash": claim.request_hash,
            "expires_at": claim.expires_at,
        }
    stmt = _INSERT_LABEL_KEYED if claim is not None else _INSERT_LABEL_UNKEYED
    row = (await session.execute(stmt, params)).first()
    if row is None:
        return False
    label.version, label.old_mask_key, label.created_at = row[0], row[1], row[2]
    # The row already changed in the database: mirror it without marking the object dirty.
    set_committed_value(case, "current_label_id", label.id)
    set_committed_value(case, "updated_at", row[3])
    return True


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


async def next_case(
    session: AsyncSession, tenant_id: uuid.UUID, *, user_id: uuid.UUID, after: tuple[int, int] | None
) -> Case | None:
    """The first OPEN case assigned to `user_id` or to nobody, in queue order (the user's own first, then
    oldest first) after the position `after` = (group, seq); None when there is none."""
    group = case_when((Case.assignee_id == user_id, 0), else_=1)
    stmt = select(Case).where(
        Case.tenant_id == tenant_id,
        Case.status == "OPEN",
        or_(Case.assignee_id.is_(None), Case.assignee_id == user_id),
    )
    if after is not None:
        stmt = stmt.where(tuple_(group, Case.seq) > tuple_(*after))
    return await session.scalar(stmt.order_by(group, Case.seq).limit(1))


async def page_case_assignees(
    session: AsyncSession, tenant_id: uuid.UUID, *, roles: list[str], after_email: str | None, limit: int
) -> list[User]:
    """Active users of a tenant with one of `roles`, by email, keyset-paginated."""
    stmt = select(User).where(User.tenant_id == tenant_id, User.is_active, User.role.in_(roles))
    if after_email is not None:
        stmt = stmt.where(User.email > after_email)
    return list(await session.scalars(stmt.order_by(User.email).limit(limit)))
