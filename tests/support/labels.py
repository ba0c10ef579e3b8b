"""Labeling through the API: multipart GraphQL uploads the way the web app sends them, and what S3 and Postgres
hold of a case afterwards."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from backend.identity.roles import Role
from backend.labels.phantoms import Phantom, edited, nifti_bytes, phantom
from tests.client import Response

CREATE_CASE = """
mutation CreateCase($title: String!, $image: Upload!, $mask: Upload, $assigneeId: ID) {
  createCase(title: $title, image: $image, mask: $mask, assigneeId: $assigneeId) {
    id title status shape currentLabel { id version }
  }
}"""

SAVE_LABEL = """
mutation SaveLabel($caseId: ID!, $mask: Upload!, $baseLabelId: ID, $key: String!, $comment: String!) {
  saveLabel(caseId: $caseId, mask: $mask, baseLabelId: $baseLabelId, idempotencyKey: $key, comment: $comment) {
    replayed
    label { id version sha256 comment baseLabelId author { email } mask { url sizeBytes sha256 } }
  }
}"""


async def upload(
    base_url: str, token: str, query: str, variables: dict[str, Any], files: dict[str, tuple[str, bytes]]
) -> Response:
    """POST a GraphQL multipart request (files keyed by variable name)."""
    names = {str(i): name for i, name in enumerate(files)}
    operations = {"query": query, "variables": {**variables, **{name: None for name in files}}}
    form = {"operations": json.dumps(operations), "map": json.dumps({i: [f"variables.{n}"] for i, n in names.items()})}
    parts = {i: (files[n][0], files[n][1], "application/octet-stream") for i, n in names.items()}
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
        answer = await http.post(
            "/graphql",
            data=form,
            files=parts,
            headers={"authorization": f"Bearer {token}", "accept": "application/json"},
        )
    return Response(answer.status_code, answer.json(), answer.headers)


@dataclass
class CaseFixture:
    id: str
    label_id: str | None
    phantom: Phantom


class Labeling:
    """One tenant's view of the labeling API, bound to a base URL (the shared API or a test's own)."""

    def __init__(self, tenant: Any, base_url: str | None = None) -> None:
        self.tenant = tenant
        self.base_url = base_url or tenant.base_url

    def token(self, role: Role) -> str:
        return self.tenant.users[role].token

    async def create_case(
        self,
        *,
        role: Role = Role.ADMIN,
        seed: int = 1,
        with_mask: bool = True,
        shape: tuple[int, int, int] = (32, 32, 16),
        assignee_id: str | None = None,
    ) -> CaseFixture:
        ph = phantom(shape, seed=seed)
        files = {"image": ("image.nii.gz", nifti_bytes(ph.image, ph.affine))}
        if with_mask:
            files["mask"] = ("mask.nii.gz", nifti_bytes(ph.mask, ph.affine))
        answer = await upload(
            self.base_url, self.token(role), CREATE_CASE, {"title": f"case {seed}", "assigneeId": assignee_id}, files
        )
        case = answer.ok()["createCase"]
        label = case["currentLabel"]["id"] if case["currentLabel"] else None
        return CaseFixture(case["id"], label, ph)

    async def save(
        self,
        case: CaseFixture,
        mask: bytes,
        *,
        base: str | None,
        key: str | None = None,
        comment: str = "",
        role: Role = Role.LABELER,
    ) -> Response:
        return await upload(
            self.base_url,
            self.token(role),
            SAVE_LABEL,
            {"caseId": case.id, "baseLabelId": base, "key": key or str(uuid.uuid4()), "comment": comment},
            {"mask": ("mask.nii.gz", mask)},
        )

    @staticmethod
    def edit(case: CaseFixture, step: int = 1) -> bytes:
        return nifti_bytes(edited(case.phantom.mask, step=step), case.phantom.affine)

    @staticmethod
    def volume(case: CaseFixture, array: np.ndarray, affine: np.ndarray | None = None) -> bytes:
        return nifti_bytes(array, case.phantom.affine if affine is None else affine)


async def mask_objects(servers: Any, tenant_id: uuid.UUID, case_id: str) -> list[str]:
    """Keys of every mask object stored for a case, straight from S3."""
    from backend.kit import ids
    from backend.labels import storage
    from backend.storage.s3 import ObjectStore

    store = ObjectStore(servers.settings)
    await store.open()
    try:
        prefix = storage.case_prefix(tenant_id, ids.decode("Case", case_id)) + "masks/"
        return await storage.list_keys(store, prefix)
    finally:
        await store.close()


async def label_rows(sessionmaker: Any, case_id: str) -> list[Any]:
    from sqlalchemy import select

    from backend.kit import ids
    from backend.kit.db import transaction
    from backend.labels.models import Label

    async with transaction(sessionmaker) as session:
        rows = await session.scalars(
            select(Label).where(Label.case_id == ids.decode("Case", case_id)).order_by(Label.version)
        )
        return list(rows)
