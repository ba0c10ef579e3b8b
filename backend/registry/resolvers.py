"""GraphQL entry points of the registry area: translate, call the service, map nothing else."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from backend.api.connection import Connection
from backend.api.live import changes, follow
from backend.events.publish import Event
from backend.kit import ids
from backend.kit.errors import BadInput
from backend.kit.pagination import PageRequest
from backend.registry import approvals, card, lineage, service, upload
from backend.registry.approvals import ApprovalOrder
from backend.registry.lifecycle import VersionStatus, is_final
from backend.registry.lineage_types import TrainingDataInput
from backend.registry.service import ModelOrder
from backend.registry.types import (
    ApprovalRequestNode,
    ApprovalStatus,
    ModelCardInput,
    ModelRef,
    ModelVersionRef,
    ModelVersionStatus,
    UploadModelVersionPayload,
    model_node,
    version_node,
)

strawberry.enum(ApprovalOrder, description="How the approval queue is ordered by submission time.")
strawberry.enum(
    ModelOrder,
    description="How the models list is ordered: NAME (A to Z), NAME_DESC (Z to A) or NEWEST (registered last first).",
)


def _model_id(value: strawberry.ID | None):
    return ids.decode("Model", value) if value is not None else None


@strawberry.type
class RegistryQuery:
    @strawberry.field(
        description="The tenant's registered models by name (or `orderBy`); filter by part of the name, by a "
        "status some version of the model has, or (`mine`) to those you registered or uploaded a version of."
    )
    async def models(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        status: ModelVersionStatus | None = None,
        mine: bool = False,
        order_by: ModelOrder = ModelOrder.NAME,
    ) -> Connection[ModelRef]:
        ctx = info.context
        page = await service.list_models(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            search=search,
            status=status,
            mine=mine,
            order=order_by,
        )
        return Connection.from_page(page, model_node)

    @strawberry.field
    async def model(self, info: strawberry.Info, id: strawberry.ID) -> ModelRef:
        ctx = info.context
        return model_node(await service.get_model(ctx.session, ctx.viewer, ids.decode("Model", id)))

    @strawberry.field
    async def model_version(self, info: strawberry.Info, id: strawberry.ID) -> ModelVersionRef:
        ctx = info.context
        row = await service.get_version(ctx.session, ctx.viewer, ids.decode("ModelVersion", id))
        return version_node(row)

    @strawberry.field(description="The admins' queue: approval requests oldest first (or `orderBy`), by status.")
    async def approval_requests(
        self,
        info: strawberry.Info,
        status: ApprovalStatus | None = ApprovalStatus.PENDING,
        first: int | None = None,
        after: str | None = None,
        order_by: ApprovalOrder = ApprovalOrder.OLDEST_FIRST,
    ) -> Connection[ApprovalRequestNode]:
        ctx = info.context
        page = await approvals.list_requests(
            ctx.session,
            ctx.viewer,
            page=PageRequest.parse(first, after),
            status=status.value if status else None,
            order=order_by,
        )
        return Connection.from_page(page, ApprovalRequestNode.from_row)


@strawberry.type
class RegistryMutation:
    @strawberry.mutation(description="Register a model name (unique in the tenant); versions are uploaded to it.")
    async def register_model(
        self, info: strawberry.Info, name: str, description: str = "", tags: list[str] | None = None
    ) -> ModelRef:
        ctx = info.context
        row = await service.register_model(ctx.session, ctx.viewer, name=name, description=description, tags=tags or [])
        return model_node(row)

    @strawberry.mutation(
        description="Upload an .onnx file as the next version (multipart request); it starts "
        "VALIDATING at once, watch `modelVersionUpdated` for the result."
    )
    async def upload_model_version(
        self,
        info: strawberry.Info,
        file: Upload,
        model_id: strawberry.ID | None = None,
        model_name: str | None = None,
        description: str = "",
        metadata: JSON | None = None,
        idempotency_key: str | None = None,
        trained_on: TrainingDataInput | None = None,
    ) -> UploadModelVersionPayload:
        ctx = info.context
        if not hasattr(file, "read"):
            raise BadInput("`file` must be a file part of a multipart request.", field="file")
        if metadata is not None and not isinstance(metadata, dict):
            raise BadInput("`metadata` must be a JSON object.", field="metadata")
        # Checked before the bytes move: a wrong export id must not cost a gigabyte upload.
        training = await lineage.check(ctx.session, ctx.viewer, trained_on.to_data()) if trained_on else None
        request = service.UploadRequest(
            model_id=_model_id(model_id),
            model_name=model_name,
            read=file.read,
            description=description,
            metadata=metadata or {},
            idempotency_key=idempotency_key,
        )
        result = await service.upload_version(
            ctx.session, ctx.state.store, ctx.state.settings, ctx.viewer, request, release=ctx.unit.release
        )
        if not result.replayed:
            key = result.version.s3_key
            ctx.on_rollback(lambda: upload.delete_object(ctx.state.store, key))
            if training is not None:
                await lineage.record(ctx.session, ctx.viewer, result.version, training)
        return UploadModelVersionPayload(version=version_node(result.version), replayed=result.replayed)

    @strawberry.mutation(
        description="Fill in the user-written fields of a version's model card (until approved). While the "
        "version is PENDING_APPROVAL a change withdraws the request: it goes back to VALIDATED."
    )
    async def update_model_card(
        self, info: strawberry.Info, version_id: strawberry.ID, input: ModelCardInput
    ) -> ModelVersionRef:
        ctx = info.context
        row = await card.update_card(ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id), input.to_edit())
        return version_node(row)

    @strawberry.mutation(description="Ask an admin to approve a VALIDATED version.")
    async def submit_for_approval(
        self, info: strawberry.Info, version_id: strawberry.ID, comment: str = ""
    ) -> ApprovalRequestNode:
        ctx = info.context
        row = await approvals.submit(ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id), comment=comment)
        return ApprovalRequestNode.from_row(row)

    @strawberry.mutation(description="Approve a pending version (admins; never the one who submitted it).")
    async def approve_model_version(
        self, info: strawberry.Info, id: strawberry.ID, comment: str = ""
    ) -> ApprovalRequestNode:
        ctx = info.context
        row = await approvals.decide(
            ctx.session, ctx.viewer, ids.decode("ModelVersion", id), approve=True, comment=comment
        )
        return ApprovalRequestNode.from_row(row)

    @strawberry.mutation(description="Reject a pending version with a comment saying why.")
    async def reject_model_version(self, info: strawberry.Info, id: strawberry.ID, comment: str) -> ApprovalRequestNode:
        ctx = info.context
        row = await approvals.decide(
            ctx.session, ctx.viewer, ids.decode("ModelVersion", id), approve=False, comment=comment
        )
        return ApprovalRequestNode.from_row(row)


@strawberry.type
class RegistrySubscription:
    @strawberry.subscription(description="The version now, then after each change until it is in a final state.")
    async def model_version_updated(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> AsyncGenerator[ModelVersionRef, None]:
        ctx = info.context
        version_id = ids.decode("ModelVersion", id)

        async def load(session: AsyncSession) -> ModelVersionRef:
            return version_node(await service.get_version(session, ctx.viewer, version_id))

        return follow(
            ctx, topic=service.TOPIC_VERSION, id=version_id, load=load, final=lambda node: is_final(node.row.status)
        )

    @strawberry.subscription(description="The status of every approval request that changes (admins' queue).")
    async def approval_requests_changed(self, info: strawberry.Info) -> AsyncGenerator[ApprovalRequestNode, None]:
        ctx = info.context
        approvals.require_queue_reader(ctx.viewer)

        async def load(session: AsyncSession, event: Event) -> ApprovalRequestNode:
            return ApprovalRequestNode.from_row(await approvals.get_request(session, ctx.viewer, uuid.UUID(event.id)))

        return changes(ctx, topic=approvals.TOPIC, load=load)


__all__ = ["RegistryMutation", "RegistryQuery", "RegistrySubscription", "VersionStatus"]
