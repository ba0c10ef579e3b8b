"""GraphQL entry points of the labels area: translate, call the service, map nothing else."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.file_uploads import Upload
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from backend.api.connection import Connection
from backend.api.live import changes
from backend.events.publish import Event
from backend.identity.roles import Permission
from backend.identity.types import UserNode
from backend.kit import ids
from backend.kit.errors import BadInput
from backend.kit.pagination import PageRequest
from backend.labels import assignment, legend, service, storage
from backend.labels.types import CaseNode, CaseStatus, LabelNameInput, LabelNode, SaveLabelPayload


async def _read(upload: Upload | None, *, field: str, limit: int) -> bytes:
    """The uploaded file's bytes, refusing early what is over `limit` (the service says so in full)."""
    if upload is None or not hasattr(upload, "read"):
        raise BadInput(f"`{field}` must be a file sent as a multipart upload.", field=field)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise BadInput(f"`{field}` is {size:,} bytes; the limit is {limit:,} bytes.", field=field, limit=limit)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise BadInput(f"`{field}` is over the limit of {limit:,} bytes.", field=field, limit=limit)
    return data


def _asks_for(selections: list[Selection], name: str) -> bool:
    """Whether the operation selects field `name` directly under these fields (through fragments too)."""
    for selection in selections:
        for child in selection.selections:
            if isinstance(child, SelectedField) and child.name == name:
                return True
            if isinstance(child, FragmentSpread | InlineFragment) and _asks_for([child], name):
                return True
    return False


def _written_objects(info: strawberry.Info) -> list[str]:
    """A list the service fills with the keys it writes; they are deleted unless the request commits."""
    ctx = info.context
    written: list[str] = []
    ctx.on_rollback(lambda: storage.discard(ctx.state.store, written))
    return written


@strawberry.type
class LabelsQuery:
    @strawberry.field(description="A labeling case of your tenant.")
    async def case(self, info: strawberry.Info, id: strawberry.ID) -> CaseNode:
        ctx = info.context
        case_id = ids.decode("Case", id)
        if _asks_for(info.selected_fields, "labels"):
            # A case page: the case, its versions and their authors in one query, which every nested field
            # (`artifacts`, `currentLabel`, `labels`, `author`) then reads from the loaders.
            case, history = await service.get_case_with_history(ctx.session, ctx.viewer, case_id)
            ctx.loaders.labels.history.prime(case.id, history)
            for label, _ in history:
                ctx.loaders.labels.label.prime(label.id, label)
            return CaseNode.from_row(case)
        case, current = await service.get_case_with_current(ctx.session, ctx.viewer, case_id)
        if current is not None:  # `artifacts` and `currentLabel` need no query of their own
            ctx.loaders.labels.label.prime(current.id, current)
        return CaseNode.from_row(case)

    @strawberry.field(description="Labeling cases of your tenant, newest first (labelers: theirs and unassigned).")
    async def cases(
        self,
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        status: CaseStatus | None = None,
        assignee_id: strawberry.ID | None = None,
        assigned_to_me: Annotated[bool, strawberry.argument(description="Only the cases assigned to you.")] = False,
    ) -> Connection[CaseNode]:
        ctx = info.context
        if assigned_to_me and assignee_id:
            raise BadInput("Send `assigneeId` or `assignedToMe`, not both.", field="assignedToMe")
        assignee = ctx.viewer.user_id if assigned_to_me else ids.decode("User", assignee_id) if assignee_id else None
        page = await service.list_cases(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            status=status.value if status else None,
            assignee_id=assignee,
        )
        return Connection.from_page(page, CaseNode.from_row)

    @strawberry.field(
        description="The next OPEN case for you to label after `after` (yours first, then unassigned ones, "
        "oldest first, wrapping around); null when no other is left."
    )
    async def next_case(self, info: strawberry.Info, after: strawberry.ID | None = None) -> CaseNode | None:
        ctx = info.context
        row = await assignment.next_case(ctx.session, ctx.viewer, after=ids.decode("Case", after) if after else None)
        return CaseNode.from_row(row) if row else None

    @strawberry.field(description="The users a case may be assigned to (those who may label), by email.")
    async def case_assignees(
        self, info: strawberry.Info, first: int | None = 50, after: str | None = None
    ) -> Connection[UserNode]:
        ctx = info.context
        page = await assignment.list_assignees(ctx.session, ctx.viewer, page=PageRequest.parse(first, after, 50))
        return Connection.from_page(page, UserNode.from_row)

    @strawberry.field(description="One saved mask version.")
    async def label(self, info: strawberry.Info, id: strawberry.ID) -> LabelNode:
        ctx = info.context
        return LabelNode.from_row(await service.get_label(ctx.session, ctx.viewer, ids.decode("Label", id)))


@strawberry.type
class LabelsMutation:
    @strawberry.mutation(description="Create a case from a NIfTI image and an optional first mask (multipart).")
    async def create_case(
        self,
        info: strawberry.Info,
        title: str,
        image: Upload,
        mask: Upload | None = None,
        assignee_id: strawberry.ID | None = None,
        label_values: list[int] | None = None,
        label_names: list[LabelNameInput] | None = None,
    ) -> CaseNode:
        ctx = info.context
        ctx.viewer.require(Permission.MANAGE_CASES)  # before reading a possibly huge body
        settings = ctx.state.settings
        names = [(n.value, n.name) for n in label_names or []]
        if names:  # refused before the upload, not after it
            values = label_values if label_values is not None else list(settings.labels_default_values)
            legend.checked_names(names, values)
        image_bytes = await _read(image, field="image", limit=settings.labels_max_image_bytes)
        mask_bytes = await _read(mask, field="mask", limit=settings.labels_max_mask_bytes) if mask else None
        row = await service.create_case(
            ctx.session,
            ctx.state.store,
            ctx.viewer,
            settings,
            title=title,
            image=image_bytes,
            mask=mask_bytes,
            assignee_id=ids.decode("User", assignee_id) if assignee_id else None,
            label_values=label_values,
            written=_written_objects(info),
            release=ctx.unit.release,
        )
        if names:
            row = await legend.name_labels(ctx.session, ctx.viewer, case_id=row.id, names=names)
        return CaseNode.from_row(row)

    @strawberry.mutation(
        description="Name a case's label values for the legend; the list replaces the names it had "
        "(an empty list removes them)."
    )
    async def set_case_label_names(
        self, info: strawberry.Info, id: strawberry.ID, names: list[LabelNameInput]
    ) -> CaseNode:
        ctx = info.context
        row = await legend.name_labels(
            ctx.session, ctx.viewer, case_id=ids.decode("Case", id), names=[(n.value, n.name) for n in names]
        )
        return CaseNode.from_row(row)

    @strawberry.mutation(
        description="Save an edited mask as the case's new version. Send the current label's id "
        "as `baseLabelId` and a fresh `idempotencyKey` per edit; retry with the same "
        "key after a network failure."
    )
    async def save_label(
        self,
        info: strawberry.Info,
        case_id: strawberry.ID,
        mask: Upload,
        base_label_id: strawberry.ID | None = strawberry.UNSET,
        *,
        idempotency_key: str,
        comment: str = "",
    ) -> SaveLabelPayload:
        # A nullable argument may be left out, and strawberry then passes nothing: without a default the call
        # was a TypeError. UNSET (falsy) keeps the published schema as it is; None would print `= null`.
        ctx = info.context
        settings = ctx.state.settings
        data = await _read(mask, field="mask", limit=settings.labels_max_mask_bytes)
        result = await service.save_label(
            ctx.session,
            ctx.state.store,
            ctx.viewer,
            settings,
            case_id=ids.decode("Case", case_id),
            mask=data,
            base_label_id=ids.decode("Label", base_label_id) if base_label_id else None,
            idempotency_key=idempotency_key,
            comment=comment,
            written=_written_objects(info),
            release=ctx.unit.release,
        )
        return SaveLabelPayload(label=LabelNode.from_row(result.label), replayed=result.replayed)

    @strawberry.mutation(description="Assign a case to a labeler, or to nobody (null).")
    async def assign_case(
        self, info: strawberry.Info, id: strawberry.ID, assignee_id: strawberry.ID | None = strawberry.UNSET
    ) -> CaseNode:
        ctx = info.context
        row = await service.assign_case(
            ctx.session,
            ctx.viewer,
            case_id=ids.decode("Case", id),
            assignee_id=ids.decode("User", assignee_id) if assignee_id else None,
        )
        return CaseNode.from_row(row)

    @strawberry.mutation(description="Move a case to OPEN, IN_REVIEW or DONE.")
    async def set_case_status(self, info: strawberry.Info, id: strawberry.ID, status: CaseStatus) -> CaseNode:
        ctx = info.context
        row = await service.set_case_status(
            ctx.session, ctx.viewer, case_id=ids.decode("Case", id), status=status.value
        )
        return CaseNode.from_row(row)


@strawberry.type
class LabelsSubscription:
    @strawberry.subscription(description="Each label saved on the case from now on.")
    async def label_saved(self, info: strawberry.Info, case_id: strawberry.ID) -> AsyncGenerator[LabelNode, None]:
        ctx = info.context
        case = ids.decode("Case", case_id)
        prefix = f"{case}/"

        async def check(session: AsyncSession) -> None:
            await service.get_case(session, ctx.viewer, case)

        async def load(session: AsyncSession, event: Event) -> LabelNode | None:
            if not event.id.startswith(prefix):
                return None
            return LabelNode.from_row(await service.get_label(session, ctx.viewer, uuid.UUID(event.id[len(prefix) :])))

        return changes(ctx, topic=service.TOPIC, load=load, check=check)
