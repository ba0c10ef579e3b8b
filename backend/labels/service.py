"""Cases and their label history: who may see and change what, and how a mask edit is saved."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.config import Settings
from backend.events.publish import CHANNEL, Event
from backend.identity import repository as identity
from backend.identity.roles import GRANTS, Permission, Principal, Role
from backend.kit import ids
from backend.kit.errors import BadInput, Conflict, Forbidden, NotFound
from backend.kit.pagination import Page, PageRequest
from backend.labels import housekeeping, masks, repository, storage
from backend.labels.models import CASE_STATUSES, Case, IdempotencyKey, Label
from backend.storage.s3 import ObjectStore

TOPIC = "label"
MAX_TITLE = 200
MAX_COMMENT = 2000
MAX_KEY = 200
Release = Callable[[], Awaitable[object]]
KEY_LOCK_TIMEOUT_MS = 10_000  # how long a retry waits for the same key's request still in flight


@dataclass(frozen=True)
class SaveResult:
    label: Label
    replayed: bool  # True when an earlier request with the same key made this label


def event_id(case_id: uuid.UUID, label_id: uuid.UUID) -> str:
    return f"{case_id}/{label_id}"


def _restricted_to_assigned(principal: Principal) -> bool:
    """Labelers work only on cases assigned to them (or to nobody); managers see every case."""
    return not principal.can(Permission.MANAGE_CASES) and principal.role is Role.LABELER


def may_work_on(principal: Principal, case: Case) -> bool:
    return not _restricted_to_assigned(principal) or case.assignee_id in (None, principal.user_id)


def _check_visible(principal: Principal, case: Case) -> None:
    if not may_work_on(principal, case):
        raise Forbidden("This case is assigned to another labeler; ask an admin to assign it to you.")


async def get_case(session: AsyncSession, principal: Principal, case_id: uuid.UUID) -> Case:
    principal.require(Permission.READ_CASES)
    case = await repository.get_case(session, principal.tenant_id, case_id)
    if case is None:
        raise NotFound("Case")
    _check_visible(principal, case)
    return case


async def get_case_with_current(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID
) -> tuple[Case, Label | None]:
    """The case and its current label (None before the first mask), read together."""
    principal.require(Permission.READ_CASES)
    case, label = await repository.get_case_with_current(session, principal.tenant_id, case_id)
    if case is None:
        raise NotFound("Case")
    _check_visible(principal, case)
    return case, label


async def list_cases(
    session: AsyncSession, principal: Principal, *, page: PageRequest, status: str | None, assignee_id: uuid.UUID | None
) -> Page[Case]:
    """Newest first; labelers see the cases assigned to them or to nobody."""
    principal.require(Permission.READ_CASES)
    if page.after is not None and not isinstance(page.after, int):
        raise BadInput("`after` is not a cursor of the case list.", field="after")
    rows = await repository.page_cases(
        session,
        principal.tenant_id,
        before_seq=page.after,
        limit=page.first + 1,
        status=status,
        assignee_id=assignee_id,
        visible_to=principal.user_id if _restricted_to_assigned(principal) else None,
    )
    return page.page_of(rows, key=lambda c: c.seq)


async def get_label(session: AsyncSession, principal: Principal, label_id: uuid.UUID) -> Label:
    principal.require(Permission.READ_CASES)
    label = await repository.get_label(session, principal.tenant_id, label_id)
    if label is None:
        raise NotFound("Label")
    await get_case(session, principal, label.case_id)
    return label


async def _check_assignee(session: AsyncSession, principal: Principal, assignee_id: uuid.UUID | None) -> None:
    if assignee_id is None:
        return
    user = await identity.get_user_in_tenant(session, principal.tenant_id, assignee_id)
    if user is None or not user.is_active:
        raise NotFound("User")
    if Permission.LABEL_CASES not in GRANTS[Role(user.role)]:
        raise BadInput(f"{user.email} is a {user.role} and may not label; assign a labeler.", field="assigneeId")


def _check_values(values: list[int]) -> list[int]:
    if not values or len(values) > 256 or len(set(values)) != len(values):
        raise BadInput("`labelValues` must list 1 to 256 distinct integers.", field="labelValues")
    if any(not -(1 << 15) <= v < (1 << 15) for v in values):
        raise BadInput("`labelValues` must fit in int16.", field="labelValues")
    return sorted(values)


async def create_case(
    session: AsyncSession,
    store: ObjectStore,
    principal: Principal,
    settings: Settings,
    *,
    title: str,
    image: bytes,
    mask: bytes | None,
    assignee_id: uuid.UUID | None,
    label_values: list[int] | None,
    written: list[str],
    release: Release | None = None,
) -> Case:
    """Check and store the image (and first mask), then record the case; `written` collects object keys.

    `release` hands the session's connection back while the objects travel to S3: no transaction is open
    across a transfer.
    """
    principal.require(Permission.MANAGE_CASES)
    title = title.strip()
    if not 1 <= len(title) <= MAX_TITLE:
        raise BadInput(f"A case title holds 1 to {MAX_TITLE} characters.", field="title")
    values = _check_values(label_values if label_values is not None else list(settings.labels_default_values))
    await _check_assignee(session, principal, assignee_id)
    volume = await asyncio.to_thread(
        masks.read_volume,
        image,
        field="image",
        max_bytes=settings.labels_max_image_bytes,
        max_voxels=settings.labels_max_voxels,
    )
    masks.check_image(volume)
    case_id = uuid.uuid4()
    case = Case(
        id=case_id,
        tenant_id=principal.tenant_id,
        title=title,
        status="OPEN",
        assignee_id=assignee_id,
        created_by=principal.user_id,
        image_size=len(image),
        image_sha256=volume.sha256,
        image_key=storage.image_key(principal.tenant_id, case_id, volume.suffix),
        shape=list(volume.shape),
        affine=volume.affine_list(),
        label_values=values,
    )
    first = await _validated_mask(case, mask, settings) if mask is not None else None
    if release is not None:
        await release()
    written.append(case.image_key)
    await storage.put(store, case.image_key, image, sha256=volume.sha256)
    stored = await _put_mask(store, principal, case, first, written) if first is not None else None
    await repository.add(session, case)
    label = None
    if first is not None and stored is not None:
        label = await _add_label(
            session, principal, case=case, mask=first, stored=stored, base=None, comment="initial mask"
        )
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="case.created",
        target_type="Case",
        target_id=str(case.id),
        details={"title": title, "image_sha256": volume.sha256, "label_id": str(label.id) if label else None},
    )
    return case


async def _validated_mask(case: Case, data: bytes, settings: Settings, *, sha256: str | None = None) -> masks.Volume:
    def check() -> masks.Volume:
        volume = masks.read_volume(
            data,
            field="mask",
            max_bytes=settings.labels_max_mask_bytes,
            max_voxels=settings.labels_max_voxels,
            sha256=sha256,
        )
        masks.check_mask(
            volume,
            shape=case.shape,
            affine=case.affine,
            allowed=case.label_values,
            tolerance=settings.labels_affine_tolerance,
        )
        return volume

    # Reading every voxel takes a while for big volumes: keep the event loop answering meanwhile.
    return await asyncio.to_thread(check)


async def _checked_and_stored(
    store: ObjectStore, principal: Principal, case: Case, data: bytes, settings: Settings, written: list[str]
) -> tuple[masks.Volume, tuple[uuid.UUID, str]]:
    """Check the mask while its object uploads under a new label id: (volume, (label id, key)).

    A save waits for the longer of the two, not their sum. No row names the object before the check
    passed, and a refused mask's object goes with the request's other writes (`written`) on rollback.
    """
    # Hashing 4 MiB takes ~7 ms: off the event loop for files that big (hashlib lets go of the GIL).
    big = len(data) > masks.HASH_INLINE_BYTES
    sha256 = await asyncio.to_thread(masks.sha256_of, data) if big else masks.sha256_of(data)
    label_id = uuid.uuid4()
    key = storage.mask_key(principal.tenant_id, case.id, label_id, masks.suffix_of(data))
    written.append(key)
    upload = asyncio.ensure_future(storage.put(store, key, data, sha256=sha256))
    try:
        volume = await _validated_mask(case, data, settings, sha256=sha256)
    except BaseException:
        # The check's error is the answer (a bad mask while S3 is away is still BAD_USER_INPUT); the upload
        # ends first, so the rollback's delete comes after it.
        await asyncio.gather(upload, return_exceptions=True)
        raise
    await upload
    return volume, (label_id, key)


async def _put_mask(
    store: ObjectStore, principal: Principal, case: Case, mask: masks.Volume, written: list[str]
) -> tuple[uuid.UUID, str]:
    """Write the mask object under a new label id, before any row names it: (label id, key)."""
    label_id = uuid.uuid4()
    key = storage.mask_key(principal.tenant_id, case.id, label_id, mask.suffix)
    written.append(key)
    await storage.put(store, key, mask.data, sha256=mask.sha256)
    return label_id, key


async def _add_label(
    session: AsyncSession,
    principal: Principal,
    *,
    case: Case,
    mask: masks.Volume,
    stored: tuple[uuid.UUID, str],
    base: uuid.UUID | None,
    comment: str,
    key: str | None = None,
) -> Label:
    """The label row of a stored mask object, made the case's current mask; `key` (the save's idempotency key)
    records it as that save's result. One statement, announced on commit."""
    label_id, key_name = stored
    label = Label(
        id=label_id,
        tenant_id=principal.tenant_id,
        case_id=case.id,
        author_id=principal.user_id,
        base_label_id=base,
        mask_key=key_name,
        size_bytes=len(mask.data),
        sha256=mask.sha256,
        comment=comment,
    )
    event = Event(tenant_id=principal.tenant_id, topic=TOPIC, id=event_id(case.id, label.id))
    await repository.insert_label(
        session,
        label,
        case=case,
        key=(principal.user_id, key) if key is not None else None,
        notify=(CHANNEL, event.encode()),
    )
    return label


def request_hash(*, case_id: uuid.UUID, base_label_id: uuid.UUID | None, mask_sha256: str, comment: str) -> str:
    body = {
        "case": str(case_id),
        "base": str(base_label_id) if base_label_id else None,
        "mask": mask_sha256,
        "comment": comment,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


async def save_label(
    session: AsyncSession,
    store: ObjectStore,
    principal: Principal,
    settings: Settings,
    *,
    case_id: uuid.UUID,
    mask: bytes,
    base_label_id: uuid.UUID | None,
    idempotency_key: str,
    comment: str,
    written: list[str],
    release: Release | None = None,
) -> SaveResult:
    """Store a new mask version of a case, once per idempotency key; `written` collects object keys.

    The mask object is written first with the connection handed back (`release`), then the label in one short
    transaction. The request commits and, if anything fails before the commit lands, deletes `written`.
    """
    principal.require(Permission.LABEL_CASES)
    if not 1 <= len(idempotency_key) <= MAX_KEY:
        raise BadInput(
            f"`idempotencyKey` holds 1 to {MAX_KEY} characters (a UUID is a good choice).", field="idempotencyKey"
        )
    if len(comment) > MAX_COMMENT:
        raise BadInput(f"A comment holds at most {MAX_COMMENT} characters.", field="comment")
    principal.require(Permission.READ_CASES)
    case, existing = await repository.get_case_and_key(
        session, principal.tenant_id, case_id, user_id=principal.user_id, key=idempotency_key
    )
    if case is None:
        raise NotFound("Case")
    _check_visible(principal, case)
    if existing is not None and existing.label_id is not None and existing.expires_at > datetime.now(UTC):
        # A retry of a finished save: nothing to store.
        volume = await _validated_mask(case, mask, settings)
        fingerprint = request_hash(
            case_id=case_id, base_label_id=base_label_id, mask_sha256=volume.sha256, comment=comment
        )
        return await _replayed(session, principal, existing, fingerprint)
    if release is not None:
        await release()
    volume, stored = await _checked_and_stored(store, principal, case, mask, settings, written)
    fingerprint = request_hash(case_id=case_id, base_label_id=base_label_id, mask_sha256=volume.sha256, comment=comment)
    replay = await _claim(session, principal, idempotency_key, fingerprint, settings)
    if replay is not None:  # the first request finished while this one was storing: its mask is the one kept
        written.remove(stored[1])
        await storage.discard(store, [stored[1]])
        return replay
    locked = await repository.get_case(session, principal.tenant_id, case_id, lock=True)
    assert locked is not None  # cases are never deleted
    case = locked
    _check_visible(principal, case)
    if case.status == "DONE":
        raise Conflict("This case is DONE; ask an admin or ML engineer to reopen it before saving.")
    if base_label_id != case.current_label_id:
        current = ids.encode("Label", case.current_label_id) if case.current_label_id else None
        raise Conflict(
            f"The case moved on since you opened it: its current label is {current}, not "
            f"{ids.encode('Label', base_label_id) if base_label_id else 'none'}. Reload the case, "
            "reapply your edit and save with the new base.",
            currentLabelId=current,
        )
    label = await _add_label(
        session,
        principal,
        case=case,
        mask=volume,
        stored=stored,
        base=base_label_id,
        comment=comment,
        key=idempotency_key,
    )
    await housekeeping.schedule(session)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="label.saved",
        target_type="Label",
        target_id=str(label.id),
        details={
            "case_id": str(case.id),
            "version": label.version,
            "sha256": label.sha256,
            "base_label_id": str(base_label_id) if base_label_id else None,
            "old_mask_key": label.old_mask_key,
            "new_mask_key": label.mask_key,
        },
    )
    return SaveResult(label=label, replayed=False)


async def _claim(
    session: AsyncSession, principal: Principal, key: str, fingerprint: str, settings: Settings
) -> SaveResult | None:
    """None when this request now owns the key; the earlier result when the same request made it."""
    expires = datetime.now(UTC) + timedelta(hours=settings.labels_idempotency_hours)
    try:
        owned = await repository.claim_key(
            session,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            key=key,
            request_hash=fingerprint,
            expires_at=expires,
            lock_timeout_ms=KEY_LOCK_TIMEOUT_MS,
        )
    except DBAPIError as exc:
        if _sqlstate(exc) == "55P03":  # lock_not_available: the first request is still running
            raise Conflict("A save with this idempotency key is still in progress; retry in a few seconds.") from None
        raise
    if owned is not None:
        return None
    existing = await repository.get_key(session, tenant_id=principal.tenant_id, user_id=principal.user_id, key=key)
    if existing is None or existing.label_id is None:  # cannot be seen committed, but never guess
        raise Conflict("A save with this idempotency key is still in progress; retry in a few seconds.")
    return await _replayed(session, principal, existing, fingerprint)


async def _replayed(
    session: AsyncSession, principal: Principal, existing: IdempotencyKey, fingerprint: str
) -> SaveResult:
    """The earlier result of a finished save with this key, when this request is the same one."""
    assert existing.label_id is not None
    if existing.request_hash != fingerprint:
        raise Conflict(
            "This idempotency key was already used for a different save (another case, base, mask or "
            "comment); use a new key for a new edit."
        )
    label = await repository.get_label(session, principal.tenant_id, existing.label_id)
    assert label is not None
    return SaveResult(label=label, replayed=True)


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(getattr(orig, "__cause__", None), "sqlstate", None)


async def assign_case(
    session: AsyncSession, principal: Principal, *, case_id: uuid.UUID, assignee_id: uuid.UUID | None
) -> Case:
    """Give the case to a labeler, or to nobody (then every labeler of the tenant may work on it)."""
    principal.require(Permission.MANAGE_CASES)
    case = await repository.get_case(session, principal.tenant_id, case_id, lock=True)
    if case is None:
        raise NotFound("Case")
    await _check_assignee(session, principal, assignee_id)
    await repository.set_case_fields(session, case, assignee_id=assignee_id)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="case.assigned",
        target_type="Case",
        target_id=str(case.id),
        details={"assignee_id": str(assignee_id) if assignee_id else None},
    )
    return case


async def set_case_status(session: AsyncSession, principal: Principal, *, case_id: uuid.UUID, status: str) -> Case:
    principal.require(Permission.MANAGE_CASES)
    if status not in CASE_STATUSES:
        raise BadInput(f"Unknown case status {status!r}; use one of {', '.join(CASE_STATUSES)}.", field="status")
    case = await repository.get_case(session, principal.tenant_id, case_id, lock=True)
    if case is None:
        raise NotFound("Case")
    previous = case.status
    await repository.set_case_fields(session, case, status=status)
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="case.status_changed",
        target_type="Case",
        target_id=str(case.id),
        details={"from": previous, "to": status},
    )
    return case
