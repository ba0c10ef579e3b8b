"""Bearer tokens: the built-in issuer, and the verifier for it or an external OIDC issuer."""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet, RSAKey

from backend.config import Settings
from backend.kit.errors import Unauthenticated, Unavailable

BUILTIN_ALGORITHMS = ["RS256"]


def load_signing_key(settings: Settings) -> RSAKey:
    """The built-in issuer's RSA key: from settings, else generated once under data_dir/keys."""
    if settings.jwt_private_key:
        pem = settings.jwt_private_key.encode()
    else:
        path = Path(settings.data_dir) / "keys" / "jwt-signing.pem"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            generated = RSAKey.generate_key(2048, private=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(generated.as_pem(private=True))
            tmp.chmod(0o600)
            try:
                # First one wins: API workers, the CLI and `slipway up` may race to create it, and every
                # process must end up signing and verifying with the same key (a rename would let the
                # last writer replace a key another process already holds).
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        pem = path.read_bytes()
    key = RSAKey.import_key(pem)
    key.ensure_kid()
    return key


@dataclass
class Issuer:
    """Signs access tokens for local users."""

    settings: Settings
    key: RSAKey

    def issue(self, *, user_id: uuid.UUID, email: str, tenant: str, role: str, ttl: int | None = None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "sub": str(user_id),
            "email": email,
            "tenant": tenant,
            "role": role,
            "iat": now,
            "nbf": now,
            "exp": now + (ttl if ttl is not None else self.settings.jwt_ttl_seconds),
            "jti": uuid.uuid4().hex,
        }
        header = {"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}
        return jwt.encode(header, claims, self.key, algorithms=BUILTIN_ALGORITHMS)


@dataclass(frozen=True)
class VerifiedToken:
    subject: str
    email: str | None
    external: bool  # True when an OIDC issuer vouched for it: map by email, not by id
    expires_at: float  # the `exp` claim


# Clock skew forgiven on `exp` and `nbf`; a websocket outlives its token by this much at most.
LEEWAY_SECONDS = 30


class UnknownSigningKey(Unauthenticated):
    """The token names a key id we do not hold (yet): the issuer may have rotated its keys."""


class Verifier:
    """Checks signature, algorithm allow-list, issuer, audience and lifetime."""

    # At most one JWKS refetch per this many seconds, however many unknown kids arrive.
    REFRESH_INTERVAL = 60.0

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: list[str],
        keys: KeySet,
        external: bool,
        email_claim: str = "email",
        fetch_keys: Callable[[], Awaitable[KeySet]] | None = None,
        local: Verifier | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.algorithms = algorithms
        self.keys = keys
        self.external = external
        self.email_claim = email_claim
        self._fetch_keys = fetch_keys
        # With an external issuer, the built-in one still signs the access tokens of refreshed browser sessions.
        self.local = local
        self._local_kids = {key.kid for key in local.keys.keys} if local is not None else set()
        self._refreshed_at = time.monotonic()
        self._claims = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
        )

    def verify(self, token: str) -> VerifiedToken:
        if self.local is not None and _header_kid(token) in self._local_kids:
            return self.local.verify(token)
        try:
            decoded = jwt.decode(token, self.keys, algorithms=self.algorithms)
            self._claims.validate(decoded.claims)
        except InvalidKeyIdError:
            raise UnknownSigningKey("The bearer token is signed with a key the issuer does not publish.") from None
        except JoseError as exc:
            raise Unauthenticated(f"The bearer token was refused: {exc.description or exc.error}.") from None
        except ValueError:
            raise Unauthenticated("The bearer token is not a JWT.") from None
        claims = decoded.claims
        email = claims.get(self.email_claim)
        return VerifiedToken(
            subject=str(claims["sub"]),
            email=email if isinstance(email, str) else None,
            external=self.external,
            expires_at=float(claims["exp"]),
        )

    async def verify_fresh(self, token: str) -> VerifiedToken:
        """verify(), refetching the issuer's keys once when it has rotated them."""
        try:
            return self.verify(token)
        except UnknownSigningKey:
            if self._fetch_keys is None or time.monotonic() - self._refreshed_at < self.REFRESH_INTERVAL:
                raise
            self._refreshed_at = time.monotonic()
            self.keys = await self._fetch_keys()
            return self.verify(token)


def _header_kid(token: str) -> str | None:
    """The `kid` of a compact JWS's header, unverified (it only picks which keys to check against)."""
    try:
        segment = token.split(".", 1)[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def builtin_verifier(settings: Settings, key: RSAKey) -> Verifier:
    public = RSAKey.import_key(key.as_dict(private=False))
    public.ensure_kid()
    return Verifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=BUILTIN_ALGORITHMS,
        keys=KeySet([public]),
        external=False,
    )


async def oidc_verifier(settings: Settings, client: httpx.AsyncClient | None = None) -> Verifier:
    """A verifier for the external issuer, its keys found through OIDC discovery."""
    assert settings.oidc_issuer
    issuer = settings.oidc_issuer
    http = client or httpx.AsyncClient(timeout=10)

    async def fetch_keys() -> KeySet:
        discovery_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            config = (await http.get(discovery_url)).raise_for_status().json()
            if config.get("issuer") != issuer:
                raise Unavailable(
                    f"OIDC discovery at {discovery_url} names issuer {config.get('issuer')!r}, "
                    f"not {issuer!r}; fix SLIPWAY_OIDC_ISSUER."
                )
            jwks = (await http.get(config["jwks_uri"])).raise_for_status().json()
        except httpx.HTTPError as exc:
            raise Unavailable(f"The OIDC issuer {issuer} cannot be reached: {exc}.") from exc
        return KeySet.import_key_set(jwks)

    return Verifier(
        issuer=issuer,
        audience=settings.oidc_audience or settings.jwt_audience,
        algorithms=settings.oidc_algorithms,
        keys=await fetch_keys(),
        external=True,
        email_claim=settings.oidc_email_claim,
        fetch_keys=fetch_keys,
        local=builtin_verifier(settings, load_signing_key(settings)),
    )


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer …` value; Unauthenticated (saying what to send) otherwise."""
    if not authorization:
        raise Unauthenticated("Sign in first: send `Authorization: Bearer <token>` (POST /auth/token gives one).")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be `Bearer <token>`.")
    return token.strip()
