"""Signing in, resolving a token to a principal, and managing users."""

from __future__ import annotations

import enum
import re
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.identity import access_tokens, repository
from backend.identity.models import Tenant, User
from backend.identity.passwords import hash_password, verify_password
from backend.identity.roles import Permission, Principal, Role
from backend.identity.secrets import PAT_PREFIX
from backend.identity.tokens import Issuer, VerifiedToken, Verifier
from backend.kit.errors import BadInput, Conflict, NotFound, Unauthenticated
from backend.kit.pagination import Page, PageRequest, ordered_key, position_in

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MIN_PASSWORD = 6


def principal_of(user: User, tenant: Tenant, *, expires_at: float | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        tenant_id=tenant.id,
        tenant_slug=tenant.slug,
        tenant_name=tenant.name,
        email=user.email,
        role=Role(user.role),
        expires_at=expires_at,
    )


async def check_password(session: AsyncSession, *, email: str, password: str) -> User:
    """The active local user whose password matches, tenant loaded."""
    user = await repository.get_user_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.is_active:
        raise Unauthenticated("Wrong email or password.")
    return user


async def sign_in(session: AsyncSession, issuer: Issuer, *, email: str, password: str) -> str:
    """An access token for a local user whose password matches."""
    user = await check_password(session, email=email, password=password)
    return issuer.issue(user_id=user.id, email=user.email, tenant=user.tenant.slug, role=user.role)


async def authenticate(session: AsyncSession, verifier: Verifier, token: str) -> Principal:
    """The principal a bearer token stands for; role and tenant come from our rows, not the token."""
    if token.startswith(PAT_PREFIX):
        return await access_tokens.authenticate(session, token)
    verified = await verifier.verify_fresh(token)
    user = await _user_of(session, verified)
    return principal_of(user, user.tenant, expires_at=verified.expires_at)


async def user_of_provider_token(session: AsyncSession, verifier: Verifier, token: str) -> User:
    """The active user an external issuer's token names; our own tokens are refused (they cannot start sessions)."""
    verified = await verifier.verify_fresh(token)
    if not verified.external:
        raise Unauthenticated("Only a token from the identity provider can start a session.")
    return await _user_of(session, verified)


async def _user_of(session: AsyncSession, verified: VerifiedToken) -> User:
    if verified.external:
        if not verified.email:
            raise Unauthenticated("The identity provider's token carries no email claim.")
        user = await repository.get_user_by_email(session, verified.email)
    else:
        try:
            user = await repository.get_user_with_tenant(session, uuid.UUID(verified.subject))
        except ValueError:
            raise Unauthenticated("The bearer token names no Slipway user.") from None
    if user is None or not user.is_active:
        raise Unauthenticated("The bearer token names no active Slipway user; ask an admin to add you.")
    return user


async def token_for(session: AsyncSession, issuer: Issuer, *, email: str, ttl: int | None = None) -> str:
    """A token for a local user without their password (operators only: `slipway token`)."""
    user = await repository.get_user_by_email(session, email)
    if user is None:
        raise NotFound("user", email)
    return issuer.issue(user_id=user.id, email=user.email, tenant=user.tenant.slug, role=user.role, ttl=ttl)


async def ensure_tenant(session: AsyncSession, *, slug: str, name: str | None = None) -> Tenant:
    """The tenant with `slug`, created when missing."""
    if not _SLUG.match(slug):
        raise BadInput(f"Tenant slug {slug!r} must be lowercase letters, digits and dashes.", field="tenant")
    tenant = await repository.get_tenant_by_slug(session, slug)
    if tenant is None:
        tenant = Tenant(slug=slug, name=name or slug)
        await repository.add(session, tenant)
        await audit.record(
            session,
            tenant_id=tenant.id,
            actor=None,
            action="tenant.created",
            target_type="Tenant",
            target_id=str(tenant.id),
            details={"slug": slug},
        )
    return tenant


async def add_user(
    session: AsyncSession, actor: Principal | None, *, tenant: Tenant, email: str, role: str, password: str | None
) -> User:
    """Create a user; `actor` None means an operator at the command line."""
    if actor is not None:
        actor.require(Permission.MANAGE_USERS)
        if actor.tenant_id != tenant.id:
            raise NotFound("tenant", tenant.slug)
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise BadInput(f"{email!r} is not an email address.", field="email")
    if role not in Role.__members__.values():
        raise BadInput(f"Unknown role {role!r}; use one of {', '.join(r.value for r in Role)}.", field="role")
    if password is not None and len(password) < MIN_PASSWORD:
        raise BadInput(f"A password needs at least {MIN_PASSWORD} characters.", field="password")
    if await repository.get_user_by_email(session, email) is not None:
        raise Conflict(f"A user with email {email} already exists.")
    user = User(
        tenant_id=tenant.id,
        email=email,
        role=role,
        password_hash=hash_password(password) if password is not None else None,
    )
    await repository.add(session, user)
    await audit.record(
        session,
        tenant_id=tenant.id,
        actor=actor,
        action="user.created",
        target_type="User",
        target_id=str(user.id),
        details={"email": email, "role": role},
    )
    return user


async def create_user(session: AsyncSession, actor: Principal, *, email: str, role: str, password: str | None) -> User:
    """An admin adds a user to their own tenant."""
    actor.require(Permission.MANAGE_USERS)
    tenant = await repository.get_tenant(session, actor.tenant_id)
    if tenant is None:
        raise NotFound("Tenant")
    return await add_user(session, actor, tenant=tenant, email=email, role=role, password=password)


async def get_user(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> User:
    """A user of the caller's tenant (admins see everyone, others only themselves)."""
    if user_id != principal.user_id:
        principal.require(Permission.MANAGE_USERS)
    user = await repository.get_user_in_tenant(session, principal.tenant_id, user_id)
    if user is None:
        raise NotFound("User")
    return user


class UserOrder(enum.StrEnum):
    EMAIL = "EMAIL"
    EMAIL_DESC = "EMAIL_DESC"


MAX_USER_SEARCH = 320


async def list_users(
    session: AsyncSession,
    principal: Principal,
    *,
    page: PageRequest,
    search: str | None = None,
    role: Role | None = None,
    order: UserOrder = UserOrder.EMAIL,
) -> Page[User]:
    """A page of the caller's tenant's users by email, either way, optionally of one role or whose
    email contains `search` (admins only)."""
    principal.require(Permission.MANAGE_USERS)
    after = position_in(order, page.after, what="the user list")
    search = (search or "").strip() or None
    if search is not None and len(search) > MAX_USER_SEARCH:
        raise BadInput(f"`search` holds at most {MAX_USER_SEARCH} characters (an email's length).", field="search")
    rows = await repository.page_users(
        session,
        principal.tenant_id,
        after_email=after,
        limit=page.first + 1,
        descending=order is UserOrder.EMAIL_DESC,
        search=search,
        role=role.value if role else None,
    )
    return page.page_of(rows, key=lambda u: ordered_key(order, u.email))


DEMO_PASSWORD = "slipway"
DEMO_USERS = {
    "demo": [
        ("admin@demo", Role.ADMIN),
        ("mle@demo", Role.ML_ENGINEER),
        ("ds@demo", Role.DATA_SCIENTIST),
        ("labeler@demo", Role.LABELER),
        ("viewer@demo", Role.VIEWER),
    ],
    "acme": [("admin@acme", Role.ADMIN)],
}


async def seed_demo(session: AsyncSession) -> bool:
    """Tenants `demo` and `acme` with their users; False when they already exist."""
    if await repository.get_tenant_by_slug(session, "demo") is not None:
        return False
    for slug, users in DEMO_USERS.items():
        tenant = await ensure_tenant(session, slug=slug, name=slug.capitalize())
        for email, role in users:
            if await repository.get_user_by_email(session, email) is None:
                await add_user(session, None, tenant=tenant, email=email, role=role, password=DEMO_PASSWORD)
    return True
