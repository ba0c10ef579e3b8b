"""GraphQL types of tenants, users, the viewer and their access tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from backend.identity.models import PersonalAccessToken, Tenant, User
from backend.identity.roles import Permission, Principal, Role
from backend.kit import ids

# strawberry.enum registers the GraphQL name on the domain enum itself: fields are annotated with that class
# (mypy takes the result of a call for a variable, not a type).
strawberry.enum(Role, name="Role", description="What a user may do in their tenant.")


@strawberry.type(name="Tenant")
class TenantNode:
    id: strawberry.ID
    slug: str
    name: str

    @classmethod
    def from_row(cls, row: Tenant) -> TenantNode:
        return cls(id=strawberry.ID(ids.encode("Tenant", row.id)), slug=row.slug, name=row.name)


@strawberry.type(name="User")
class UserNode:
    id: strawberry.ID
    email: str
    role: Role
    is_active: bool
    created_at: datetime
    row: strawberry.Private[User]

    @classmethod
    def from_row(cls, row: User) -> UserNode:
        return cls(
            id=strawberry.ID(ids.encode("User", row.id)),
            email=row.email,
            role=Role(row.role),
            is_active=row.is_active,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field
    async def tenant(self, info: strawberry.Info) -> TenantNode:
        tenant = await info.context.loaders.identity.tenant.load(self.row.tenant_id)
        return TenantNode.from_row(tenant)


@strawberry.type(name="Viewer", description="The signed-in user and what the server lets them do.")
class ViewerNode:
    id: strawberry.ID
    email: str
    role: Role
    principal: strawberry.Private[Principal]

    @classmethod
    def from_principal(cls, principal: Principal) -> ViewerNode:
        return cls(
            id=strawberry.ID(ids.encode("User", principal.user_id)),
            email=principal.email,
            role=principal.role,
            principal=principal,
        )

    @strawberry.field
    async def tenant(self, info: strawberry.Info) -> TenantNode:
        principal = self.principal
        if principal.tenant_name is not None:  # read with the user row when the token was checked
            return TenantNode(
                id=strawberry.ID(ids.encode("Tenant", principal.tenant_id)),
                slug=principal.tenant_slug,
                name=principal.tenant_name,
            )
        tenant = await info.context.loaders.identity.tenant.load(principal.tenant_id)
        return TenantNode.from_row(tenant)

    @strawberry.field(description="True when the viewer may add and list users.")
    def can_manage_users(self) -> bool:
        return self.principal.can(Permission.MANAGE_USERS)

    @strawberry.field(description="True when the viewer may read the audit log.")
    def can_read_audit_log(self) -> bool:
        return self.principal.can(Permission.READ_AUDIT_LOG)

    # The web app shows role-specific actions from these instead of guessing from the role name.
    @strawberry.field(description="True when the viewer may approve or reject submitted model versions.")
    def can_decide_approvals(self) -> bool:
        return self.principal.can(Permission.APPROVE_MODELS)

    @strawberry.field(description="True when the viewer may register models, upload versions and submit them.")
    def can_upload_models(self) -> bool:
        return self.principal.can(Permission.MANAGE_MODELS)

    @strawberry.field(description="True when the viewer may read assets, tags and their history.")
    def can_read_history(self) -> bool:
        return self.principal.can(Permission.READ_HISTORY)

    @strawberry.field(description="True when the viewer may read registered models, versions and deployments.")
    def can_read_models(self) -> bool:
        return self.principal.can(Permission.READ_MODELS)

    @strawberry.field(description="True when the viewer may export asset history.")
    def can_export_history(self) -> bool:
        return self.principal.can(Permission.EXPORT_HISTORY)

    @strawberry.field(description="True when the viewer may register webhooks and read their deliveries.")
    def can_manage_webhooks(self) -> bool:
        return self.principal.can(Permission.MANAGE_WEBHOOKS)

    @strawberry.field(description="True when the viewer may create, assign and close labeling cases.")
    def can_manage_cases(self) -> bool:
        return self.principal.can(Permission.MANAGE_CASES)

    @strawberry.field(
        description="True when the viewer may deploy versions (staging at least), roll back and retire deployments."
    )
    def can_deploy(self) -> bool:
        return self.principal.can(Permission.DEPLOY_STAGING)

    @strawberry.field(description="True when the viewer may save label edits on cases.")
    def can_label(self) -> bool:
        return self.principal.can(Permission.LABEL_CASES)


@strawberry.input
class CreateUserInput:
    email: str
    role: Role
    password: str | None = strawberry.field(default=None, description="Unset for users who sign in through OIDC.")


@strawberry.type(
    name="PersonalAccessToken",
    description="A bearer secret for scripts and notebooks; the secret itself is shown once, at creation.",
)
class PersonalAccessTokenNode:
    id: strawberry.ID
    name: str
    prefix: str = strawberry.field(description="The secret's first characters, to recognise it.")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = strawberry.field(description="Updated at most once a minute.")
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: PersonalAccessToken) -> PersonalAccessTokenNode:
        return cls(
            id=strawberry.ID(ids.encode("PersonalAccessToken", row.id)),
            name=row.name,
            prefix=row.display_prefix,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
        )

    @strawberry.field(description="True while the token is neither revoked nor expired.")
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > datetime.now(UTC)


@strawberry.type
class CreatedPersonalAccessToken:
    token: PersonalAccessTokenNode
    secret: str = strawberry.field(
        description="Send as `Authorization: Bearer <secret>`. Shown only now: Slipway keeps just its hash."
    )
