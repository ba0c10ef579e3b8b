"""GraphQL types of cases, their artifacts and label versions."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.identity.roles import Permission
from backend.identity.types import UserNode
from backend.kit import ids
from backend.labels import legend, service, storage
from backend.labels.models import Case, Label


@strawberry.enum
class CaseStatus(enum.Enum):
    OPEN = "OPEN"
    IN_REVIEW = "IN_REVIEW"
    DONE = "DONE"


@strawberry.enum
class ArtifactKind(enum.Enum):
    IMAGE = "IMAGE"
    MASK = "MASK"


@strawberry.type(name="Artifact", description="A NIfTI file of a case, downloadable for a short while.")
class ArtifactNode:
    kind: ArtifactKind
    size_bytes: int = strawberry.field(description="Bytes of the file as stored (limits keep it under 2^31).")
    sha256: str
    filename: str
    key: strawberry.Private[str]

    @strawberry.field(description="Presigned GET URL; it expires after a few minutes, ask again for a new one.")
    async def url(self, info: strawberry.Info) -> str:
        state = info.context.state
        return await storage.download_url(
            state.store, self.key, ttl=state.settings.labels_url_ttl_seconds, filename=self.filename
        )

    @strawberry.field(description="Seconds the URL stays valid.")
    def expires_in(self, info: strawberry.Info) -> int:
        return info.context.state.settings.labels_url_ttl_seconds


def _mask_artifact(row: Label) -> ArtifactNode:
    suffix = ".nii.gz" if row.mask_key.endswith(".gz") else ".nii"
    return ArtifactNode(
        kind=ArtifactKind.MASK,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        filename=f"mask-v{row.version}{suffix}",
        key=row.mask_key,
    )


@strawberry.type(description="A value a mask may hold, with its name (if given) and the colour it is drawn in.")
class LabelClass:
    value: int
    name: str | None = strawberry.field(description='What the value marks ("liver"); null until someone names it.')
    color: str | None = strawberry.field(
        description="The colour voxels of this value are drawn in, as #rrggbb; null for 0 (background, not drawn)."
    )


@strawberry.input(description="A name for one of a case's label values.")
class LabelNameInput:
    value: int
    name: str = strawberry.field(description=f"1 to {legend.MAX_NAME} printable characters, unique in the case.")


@strawberry.type(name="Label", description="One saved mask version of a case; versions are never changed.")
class LabelNode:
    id: strawberry.ID
    version: int = strawberry.field(description="1 for the case's first mask, then one more per save.")
    comment: str
    sha256: str = strawberry.field(description="SHA-256 of the mask file.")
    created_at: datetime
    row: strawberry.Private[Label]

    @classmethod
    def from_row(cls, row: Label) -> LabelNode:
        return cls(
            id=strawberry.ID(ids.encode("Label", row.id)),
            version=row.version,
            comment=row.comment,
            sha256=row.sha256,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(description="The case this version belongs to.")
    def case_id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Case", self.row.case_id))

    @strawberry.field(description="The version the author started from; null for a case's first mask.")
    def base_label_id(self) -> strawberry.ID | None:
        return strawberry.ID(ids.encode("Label", self.row.base_label_id)) if self.row.base_label_id else None

    @strawberry.field(description="Who saved it.")
    async def author(self, info: strawberry.Info) -> UserNode | None:
        user = await info.context.loaders.identity.user.load(self.row.author_id)
        return UserNode.from_row(user) if user else None

    @strawberry.field(description="This version's mask file.")
    def mask(self) -> ArtifactNode:
        return _mask_artifact(self.row)


@strawberry.type(name="Case", description="An image to label and its mask history.")
class CaseNode:
    id: strawberry.ID
    title: str
    status: CaseStatus
    shape: list[int] = strawberry.field(description="Voxels along each axis of the image (and every mask).")
    label_values: list[int] = strawberry.field(description="The values a mask may hold; 0 is usually background.")
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[Case]

    @classmethod
    def from_row(cls, row: Case) -> CaseNode:
        return cls(
            id=strawberry.ID(ids.encode("Case", row.id)),
            title=row.title,
            status=CaseStatus(row.status),
            shape=list(row.shape),
            label_values=list(row.label_values),
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="Each value of `labelValues` with its name and colour, for the legend.")
    def label_classes(self) -> list[LabelClass]:
        names = legend.names_of(self.row)
        return [LabelClass(value=v, name=names.get(v), color=legend.color_of(v)) for v in self.label_values]

    @strawberry.field
    async def assignee(self, info: strawberry.Info) -> UserNode | None:
        if self.row.assignee_id is None:
            return None
        user = await info.context.loaders.identity.user.load(self.row.assignee_id)
        return UserNode.from_row(user) if user else None

    @strawberry.field(description="The label whose mask is current: send its id as `baseLabelId` when saving.")
    async def current_label(self, info: strawberry.Info) -> LabelNode | None:
        if self.row.current_label_id is None:
            return None
        label = await info.context.loaders.labels.label.load(self.row.current_label_id)
        return LabelNode.from_row(label) if label else None

    @strawberry.field(description="The image and, once there is one, the current mask.")
    async def artifacts(self, info: strawberry.Info) -> list[ArtifactNode]:
        suffix = ".nii.gz" if self.row.image_key.endswith(".gz") else ".nii"
        found = [
            ArtifactNode(
                kind=ArtifactKind.IMAGE,
                size_bytes=self.row.image_size,
                sha256=self.row.image_sha256,
                filename=f"image{suffix}",
                key=self.row.image_key,
            )
        ]
        if self.row.current_label_id is not None:
            label = await info.context.loaders.labels.label.load(self.row.current_label_id)
            if label is not None:
                found.append(_mask_artifact(label))
        return found

    @strawberry.field(description="Every saved version, newest first, with who saved it and when.")
    async def labels(self, info: strawberry.Info) -> list[LabelNode]:
        loaders = info.context.loaders
        versions = await loaders.labels.history.load(self.row.id)
        for _, author in versions:
            if author is not None:  # the same row the user loader would find: `author` costs no query
                loaders.identity.user.prime(author.id, author)
        return [LabelNode.from_row(label) for label, _ in versions]

    @strawberry.field(description="True when the viewer may save a mask edit on this case.")
    def viewer_can_label(self, info: strawberry.Info) -> bool:
        viewer = info.context.viewer
        return (
            viewer.can(Permission.LABEL_CASES) and service.may_work_on(viewer, self.row) and self.row.status != "DONE"
        )

    @strawberry.field(description="True when the viewer may assign the case and change its status.")
    def viewer_can_manage(self, info: strawberry.Info) -> bool:
        return info.context.viewer.can(Permission.MANAGE_CASES)


@strawberry.type
class SaveLabelPayload:
    label: LabelNode
    replayed: bool = strawberry.field(
        description="True when an earlier request with the same idempotency key saved this label; nothing new "
        "was written."
    )
