"""Demo labeling cases: synthetic phantoms (spheres and blobs in noise) with masks, no downloads."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Settings
from backend.identity import repository as identity_repository
from backend.identity.models import User
from backend.identity.roles import Role
from backend.identity.service import principal_of
from backend.labels import legend, service, storage
from backend.labels.models import Case
from backend.labels.phantoms import edited, nifti_bytes, phantom
from backend.storage.s3 import ObjectStore

CASES = [  # title, seed, with a first mask, assigned to the demo labeler
    ("Phantom A: sphere and blob", 11, True, True),
    ("Phantom B: sphere and blob", 12, True, False),
    ("Phantom C: unlabeled", 13, False, False),
]


async def seed_demo(
    session: AsyncSession,
    store: ObjectStore,
    settings: Settings,
    *,
    tenant_slug: str = "demo",
    shape: tuple[int, int, int] = (64, 64, 32),
) -> int:
    """Create the demo cases in `tenant_slug` unless it has cases already; returns how many were made.

    Runs in the caller's transaction; objects written for a transaction that then fails are deleted.
    """
    tenant = await identity_repository.get_tenant_by_slug(session, tenant_slug)
    if tenant is None or await session.scalar(select(Case.id).where(Case.tenant_id == tenant.id).limit(1)):
        return 0
    users = list(await session.scalars(select(User).where(User.tenant_id == tenant.id, User.is_active)))
    admin = next((u for u in users if u.role == Role.ADMIN), None)
    labeler = next((u for u in users if u.role == Role.LABELER), None)
    if admin is None:
        return 0
    written: list[str] = []
    try:
        await store.ensure_bucket()
        made = 0
        for title, seed, with_mask, assign in CASES:
            ph = phantom(shape, seed=seed)
            case = await service.create_case(
                session,
                store,
                principal_of(admin, tenant),
                settings,
                title=title,
                image=nifti_bytes(ph.image, ph.affine),
                mask=nifti_bytes(ph.mask, ph.affine) if with_mask else None,
                assignee_id=labeler.id if assign and labeler else None,
                label_values=[0, 1, 2],
                written=written,
            )
            # The phantoms draw the sphere as 1 and the blob as 2: the legend names them.
            await legend.name_labels(
                session, principal_of(admin, tenant), case_id=case.id, names=[(1, "sphere"), (2, "blob")]
            )
            made += 1
            if with_mask and assign and labeler is not None:
                # A second version by the labeler, so the history shows an edit.
                await service.save_label(
                    session,
                    store,
                    principal_of(labeler, tenant),
                    settings,
                    case_id=case.id,
                    mask=nifti_bytes(edited(ph.mask, step=seed), ph.affine),
                    base_label_id=case.current_label_id,
                    idempotency_key=f"demo-{uuid.uuid4()}",
                    comment="touched up the sphere's rim",
                    written=written,
                )
        await session.flush()
    except BaseException:
        await storage.discard(store, written)
        raise
    return made
