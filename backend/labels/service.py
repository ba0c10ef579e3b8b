"""Cases and their label history: who may see and change what, and how a mask edit is saved."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.config import Settings
from backend.events.publish import CHANNEL, Event
from backend.identity import repository as identity
from backend.identity.models import User
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


async def get_case_with_history(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID
) -> tuple[Case, list[tuple[Label, User | None]]]:
    """The case and its labels, newest first, each with its author, read together."""
    principal.require(Permission.READ_CASES)
    case, history = await repository.get_case_with_history(session, principal.tenant_id, case_id)
    if case is None:
        raise NotFound("Case")
    _check_visible(principal, case)
    return case, history


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


async def _validated_mask(case: Case, data: bytes, settings: Settings, *, sha256: str | None = None) -> masks.MaskFile:
    # Reading every voxel takes a while for big volumes: keep the event loop answering meanwhile.
    return await asyncio.to_thread(
        masks.read_mask,
        data,
        shape=case.shape,
        affine=case.affine,
        allowed=case.label_values,
        tolerance=settings.labels_affine_tolerance,
        max_bytes=settings.labels_max_mask_bytes,
        max_voxels=settings.labels_max_voxels,
        sha256=sha256,
    )


async def _put_mask(
    store: ObjectStore, principal: Principal, case: Case, mask: masks.MaskFile, written: list[str]
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
    mask: masks.MaskFile,
    stored: tuple[uuid.UUID, str],
    base: uuid.UUID | None,
    comment: str,
    claim: repository.KeyClaim | None = None,
) -> Label | None:
    """The label row of a stored mask object, made the case's current mask, announced on commit: one statement.

    With a `claim` (the save's idempotency key), only when the key is free, recording the label as the key's
    result; None when it is not (nothing written)."""
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
    written = await repository.insert_label(session, label, case=case, claim=claim, notify=(CHANNEL, event.encode()))
    return label if written else None


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
    # The mask starts for S3 at once, under a new label id, while the case is read and the mask checked: a
    # save waits for the longest of the three, not their sum. No row names the object before the checks
    # passed and the object is whole; a refused save's object goes with the request's other writes
    # (`written`) on rollback, after its upload ended.
    sha256 = await _sha256(mask)
    label_id = uuid.uuid4()
    object_key = storage.mask_key(principal.tenant_id, case_id, label_id, masks.suffix_of(mask))
    written.append(object_key)
    upload = asyncio.ensure_future(storage.put(store, object_key, mask, sha256=sha256))
    try:
        case, existing = await repository.get_case_and_key(
            session, principal.tenant_id, case_id, user_id=principal.user_id, key=idempotency_key
        )
        if case is None:
            raise NotFound("Case")
        _check_visible(principal, case)
        live = existing is not None and existing.label_id is not None and existing.expires_at > datetime.now(UTC)
        replay_of = existing if live else None
        if replay_of is None and release is not None:
            await release()  # no connection is held while the object travels
        checked = await _validated_mask(case, mask, settings, sha256=sha256)
        fingerprint = request_hash(case_id=case_id, base_label_id=base_label_id, mask_sha256=sha256, comment=comment)
        if replay_of is not None:  # a retry of a finished save: its mask is the one kept
            replayed = await _replayed(session, principal, replay_of, fingerprint)
    except BaseException:
        # The error is the answer (a bad mask while S3 is away is still BAD_USER_INPUT); the upload ends first,
        # so the rollback's delete comes after it, and no connection waits for it.
        if release is not None:
            with contextlib.suppress(Exception):  # a database error is the answer then, not this one
                await release()
        await asyncio.gather(upload, return_exceptions=True)
        raise
    if replay_of is not None:
        if release is not None:
            await release()  # the object may still be travelling: hand the connection back first
        await _drop_object(store, upload, object_key, written)
        return replayed
    await upload
    return await _record_save(
        session,
        principal,
        case_id=case_id,
        mask=checked,
        stored=(label_id, object_key),
        base=base_label_id,
        comment=comment,
        claim=repository.KeyClaim(
            user_id=principal.user_id,
            key=idempotency_key,
            request_hash=fingerprint,
            expires_at=datetime.now(UTC) + timedelta(hours=settings.labels_idempotency_hours),
        ),
        store=store,
        written=written,
    )


async def _sha256(data: bytes) -> str:
    # Hashing 4 MiB takes ~7 ms: off the event loop for files that big (hashlib lets go of the GIL).
    if len(data) > masks.HASH_INLINE_BYTES:
        return await asyncio.to_thread(masks.sha256_of, data)
    return masks.sha256_of(data)


async def _drop_object(store: ObjectStore, upload: asyncio.Future[None], key: str, written: list[str]) -> None:
    """Delete an object this request wrote but will not keep, once its upload ended."""
    await asyncio.gather(upload, return_exceptions=True)
    written.remove(key)
    await storage.discard(store, [key])


async def _record_save(
    session: AsyncSession,
    principal: Principal,
    *,
    case_id: uuid.UUID,
    mask: masks.MaskFile,
    stored: tuple[uuid.UUID, str],
    base: uuid.UUID | None,
    comment: str,
    claim: repository.KeyClaim,
    store: ObjectStore,
    written: list[str],
) -> SaveResult:
    """The save's one short transaction, once its object is stored: lock the case, claim the key with the
    label, schedule housekeeping, append the audit row (five round trips and the commit)."""
    case = await repository.get_case(session, principal.tenant_id, case_id, lock=True)
    assert case is not None  # cases are never deleted
    _check_visible(principal, case)
    if case.status == "DONE" or base != case.current_label_id:
        # A request with the same key that committed while this one waited for the lock moved the case on:
        # this one is its retry, not a stale edit.
        replay = await _replay_of_committed(session, principal, claim, store, stored[1], written)
        if replay is not None:
            return replay
    if case.status == "DONE":
        raise Conflict("This case is DONE; ask an admin or ML engineer to reopen it before saving.")
    if base != case.current_label_id:
        current = ids.encode("Label", case.current_label_id) if case.current_label_id else None
        raise Conflict(
            f"The case moved on since you opened it: its current label is {current}, not "
            f"{ids.encode('Label', base) if base else 'none'}. Reload the case, "
            "reapply your edit and save with the new base.",
            currentLabelId=current,
        )
    label = await _add_label(
        session, principal, case=case, mask=mask, stored=stored, base=base, comment=comment, claim=claim
    )
    if label is None:  # a live key stood in the way: the request that claimed it committed before this one
        replay = await _replay_of_committed(session, principal, claim, store, stored[1], written)
        if replay is None:  # committed keys carry their label: never guess
            raise Conflict("A save with this idempotency key is still in progress; retry in a few seconds.")
        return replay
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
            "base_label_id": str(base) if base else None,
            "old_mask_key": label.old_mask_key,
            "new_mask_key": label.mask_key,
        },
    )
    return SaveResult(label=label, replayed=False)


async def _replay_of_committed(
    session: AsyncSession,
    principal: Principal,
    claim: repository.KeyClaim,
    store: ObjectStore,
    object_key: str,
    written: list[str],
) -> SaveResult | None:
    """The result of a committed save with this request's key (this request's object deleted), if there is one."""
    existing = await repository.get_key(session, tenant_id=principal.tenant_id, user_id=claim.user_id, key=claim.key)
    if existing is None or existing.label_id is None or existing.expires_at <= datetime.now(UTC):
        return None
    replay = await _replayed(session, principal, existing, claim.request_hash)
    written.remove(object_key)
    await storage.discard(store, [object_key])
    return replay


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
