"""Queries and mutations about the viewer and the users of their tenant."""

from __future__ import annotations

import strawberry

from backend.api.connection import Connection
from backend.identity import access_tokens, service
from backend.identity.roles import Role
from backend.identity.service import UserOrder
from backend.identity.types import (
    CreatedPersonalAccessToken,
    CreateUserInput,
    PersonalAccessTokenNode,
    UserNode,
    ViewerNode,
)
from backend.kit import ids
from backend.kit.pagination import PageRequest

strawberry.enum(UserOrder, description="How the user list is ordered: by email, A to Z or Z to A.")


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

    @strawberry.field(
        description="The users of your tenant by email (admins only); `search` matches part of the email."
    )
    async def users(
        self,
        info: strawberry.Info,
        first: int | None = 50,
        after: str | None = None,
        search: str | None = None,
        role: Role | None = None,
        order_by: UserOrder = UserOrder.EMAIL,
    ) -> Connection[UserNode]:
        ctx = info.context
        page = await service.list_users(
            ctx.session, ctx.viewer, page=PageRequest.parse(first, after), search=search, role=role, order=order_by
        )
        return Connection.from_page(page, UserNode.from_row)

    @strawberry.field(description="Your personal access tokens, newest first (never their secrets).")
    async def personal_access_tokens(self, info: strawberry.Info) -> list[PersonalAccessTokenNode]:
        ctx = info.context
        rows = await access_tokens.list_mine(ctx.session, ctx.viewer)
        return [PersonalAccessTokenNode.from_row(row) for row in rows]


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Add a user to your tenant (admins only).")
    async def create_user(self, info: strawberry.Info, input: CreateUserInput) -> UserNode:
        ctx = info.context
        row = await service.create_user(
            ctx.session, ctx.viewer, email=input.email, role=input.role.value, password=input.password
        )
        return UserNode.from_row(row)

    @strawberry.mutation(
        description="Create a personal access token for scripts and notebooks; its secret is in the answer only."
    )
    async def create_personal_access_token(
        self, info: strawberry.Info, name: str, expires_in_days: int = 30
    ) -> CreatedPersonalAccessToken:
        ctx = info.context
        row, secret = await access_tokens.create(ctx.session, ctx.viewer, name=name, expires_in_days=expires_in_days)
        return CreatedPersonalAccessToken(token=PersonalAccessTokenNode.from_row(row), secret=secret)

    @strawberry.mutation(description="Revoke one of your personal access tokens; it is refused within seconds.")
    async def revoke_personal_access_token(self, info: strawberry.Info, id: strawberry.ID) -> PersonalAccessTokenNode:
        ctx = info.context
        row = await access_tokens.revoke(ctx.session, ctx.viewer, ids.decode("PersonalAccessToken", id))
        ctx.state.signed_in.forget(lambda principal: principal.personal_token_id == row.id)
        return PersonalAccessTokenNode.from_row(row)
