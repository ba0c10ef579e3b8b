"""Who is calling the model server: a Slipway user (bearer token, as the API checks it) or the control plane."""

from __future__ import annotations

import hmac
import time
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.identity import service as identity
from backend.identity.roles import Permission, Principal
from backend.identity.tokens import Verifier
from backend.kit.errors import Unauthenticated
from backend.kit.errors import Unavailable as DomainUnavailable
from backend.serving.errors import BadRequest, Forbidden, Unauthorized, Unavailable

_MAX_CACHED = 10_000


@dataclass(frozen=True)
class Caller:
    tenant_id: uuid.UUID
    control: bool
    principal: Principal | None = None


class Authenticator:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        verifier: Verifier,
        control_token: str,
        cache_seconds: float,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._verifier = verifier
        self._control = control_token.encode()
        self._ttl = cache_seconds
        # token -> (principal, monotonic expiry): a hit skips the signature check and the user lookup.
        self._cache: dict[str, tuple[Principal, float]] = {}

    async def caller(self, headers: dict[bytes, bytes] | object) -> Caller:
        """For model endpoints: a user who may read models, or the control token naming a tenant."""
        token = _bearer(headers)
        if self._is_control(token):
            return Caller(_tenant_header(headers), control=True)
        principal = await self._principal(token)
        if not principal.can(Permission.READ_MODELS):
            raise Forbidden(
                f"Your role `{principal.role}` may not call models; ask an admin for a role that reads models."
            )
        return Caller(principal.tenant_id, control=False, principal=principal)

    async def control(self, headers: object) -> uuid.UUID:
        """For the repository API: only the control token; the tenant comes from X-Slipway-Tenant."""
        token = _bearer(headers)
        if self._is_control(token):
            return _tenant_header(headers)
        try:
            await self._principal(token)
        except Unauthorized:
            raise Unauthorized("The bearer token is not the model server's control token.") from None
        raise Forbidden(
            "The model repository API is for the Slipway worker (control token); a user token may only call models."
        )

    def _is_control(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self._control)

    async def _principal(self, token: str) -> Principal:
        cached = self._cache.get(token)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            async with self._sessionmaker() as session:
                principal = await identity.authenticate(session, self._verifier, token)
        except Unauthenticated as exc:
            raise Unauthorized(exc.message) from None
        except DomainUnavailable as exc:
            raise Unavailable(exc.message) from None
        except (OperationalError, DBAPIError, OSError) as exc:
            raise Unavailable(f"Postgres did not answer while checking the token: {exc}; try again.") from None
        if len(self._cache) >= _MAX_CACHED:
            self._cache.clear()
        self._cache[token] = (principal, now + self._ttl)
        return principal


def _header(headers: object, name: str) -> str | None:
    return headers.get(name)  # type: ignore[attr-defined]


def _bearer(headers: object) -> str:
    authorization = _header(headers, "authorization")
    if not authorization:
        raise Unauthorized("Send `Authorization: Bearer <token>` (a Slipway access token).")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be `Bearer <token>`.")
    return token.strip()


def _tenant_header(headers: object) -> uuid.UUID:
    value = _header(headers, "x-slipway-tenant")
    try:
        return uuid.UUID(value or "")
    except ValueError:
        raise BadRequest("The control token needs header X-Slipway-Tenant: <tenant uuid>.") from None
