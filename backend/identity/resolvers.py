"""Queries and mutations about the viewer and the users of their tenant."""

from __future__ import annotations

import strawberry

from backend.api.connection import Connection
from backend.identity import service
from backend.identity.types import CreateUserInput, UserNode, ViewerNode
from backend.kit import ids
from backend.kit.pagination import PageRequest


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="The signed-in user.")
    def me(self, info: strawberry.Info) -> ViewerNode:
        return ViewerNode.from_principal(info.context.viewer)

    @strawberry.field(description="A user of your tenant (admins: anyone; others: themselves).")
    async def user(self, info: strawberry.Info, id: strawberry.ID) -> UserNode:
        ctx = info.context
        row = await service.get_user(ctx.session, ctx.viewer, ids.decode("User", id))
        return UserNode.from_row(row)

    @strawberry.field(description="The users of your tenant by email (admins only).")
    async def users(
        self, info: strawberry.Info, first: int | None = 50, after: str | None = None
    ) -> Connection[UserNode]:
        ctx = info.context
        page = await service.list_users(ctx.session, ctx.viewer, page=PageRequest.parse(first, after))
        return Connection.from_page(page, UserNode.from_row)


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Add a user to your tenant (admins only).")
    async def create_user(self, info: strawberry.Info, input: CreateUserInput) -> UserNode:
        ctx = info.context
        row = await service.create_user(
            ctx.session, ctx.viewer, email=input.email, role=input.role.value, password=input.password
        )
        return UserNode.from_row(row)
