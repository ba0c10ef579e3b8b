"""An external OIDC issuer: keys found by discovery, tokens mapped to Slipway users by email."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from backend.config import Settings
from backend.identity.tokens import Issuer, load_signing_key, oidc_verifier
from backend.kit.errors import Unauthenticated, Unavailable

ISSUER = "https://login.example.test/realms/acme"


@pytest.fixture
def provider_key() -> RSAKey:
    key = RSAKey.generate_key(2048, private=True)
    key.ensure_kid()
    return key


def _identity_provider(key: RSAKey, *, issuer: str = ISSUER) -> httpx.AsyncClient:
    """The identity provider's two discovery documents, served over an in-memory transport."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/.well-known/openid-configuration"):
            return httpx.Response(200, json={"issuer": issuer, "jwks_uri": f"{ISSUER}/certs"})
        if request.url.path.endswith("/certs"):
            return httpx.Response(200, json=KeySet([key]).as_dict(private=False))
        return httpx.Response(404)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


def _token(key: RSAKey, **claims: object) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "slipway", "sub": "idp-user-1", "email": "ds@acme.test", "exp": now + 60, **claims}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, body, key, algorithms=["RS256"])


async def test_tokens_from_the_provider_are_accepted_and_carry_the_email(provider_key, tmp_path) -> None:
    verifier = await oidc_verifier(Settings(oidc_issuer=ISSUER, data_dir=tmp_path), _identity_provider(provider_key))
    verified = verifier.verify(_token(provider_key))
    assert verified.external and verified.email == "ds@acme.test"


async def test_provider_tokens_for_another_audience_or_signer_are_refused(provider_key, tmp_path) -> None:
    verifier = await oidc_verifier(Settings(oidc_issuer=ISSUER, data_dir=tmp_path), _identity_provider(provider_key))
    stranger = RSAKey.generate_key(2048, private=True)
    stranger.ensure_kid()
    with pytest.raises(Unauthenticated):
        verifier.verify(_token(provider_key, aud="grafana"))
    with pytest.raises(Unauthenticated):
        verifier.verify(_token(stranger))
    with pytest.raises(Unauthenticated):
        verifier.verify(_token(provider_key, exp=int(time.time()) - 600))


async def test_discovery_naming_another_issuer_is_refused(provider_key, tmp_path) -> None:
    with pytest.raises(Unavailable, match="names issuer"):
        await oidc_verifier(
            Settings(oidc_issuer=ISSUER, data_dir=tmp_path), _identity_provider(provider_key, issuer="https://evil")
        )


async def test_a_rotated_provider_key_is_fetched_again(provider_key, tmp_path) -> None:
    published = {"key": provider_key}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/.well-known/openid-configuration"):
            return httpx.Response(200, json={"issuer": ISSUER, "jwks_uri": f"{ISSUER}/certs"})
        return httpx.Response(200, json=KeySet([published["key"]]).as_dict(private=False))

    verifier = await oidc_verifier(
        Settings(oidc_issuer=ISSUER, data_dir=tmp_path), httpx.AsyncClient(transport=httpx.MockTransport(answer))
    )
    rotated = RSAKey.generate_key(2048, private=True)
    rotated.ensure_kid()
    published["key"] = rotated
    verifier._refreshed_at -= verifier.REFRESH_INTERVAL  # the last fetch was long ago
    assert (await verifier.verify_fresh(_token(rotated))).email == "ds@acme.test"
    # A flood of unknown kids right after does not hammer the provider.
    stranger = RSAKey.generate_key(2048, private=True)
    stranger.ensure_kid()
    with pytest.raises(Unauthenticated):
        await verifier.verify_fresh(_token(stranger))


async def test_session_tokens_of_the_builtin_issuer_are_accepted_beside_the_providers(provider_key, tmp_path) -> None:
    # The web app trades the provider's token for a session (/auth/session); its access tokens are Slipway's own.
    settings = Settings(oidc_issuer=ISSUER, data_dir=tmp_path)
    verifier = await oidc_verifier(settings, _identity_provider(provider_key))
    issuer = Issuer(settings, load_signing_key(settings))
    own = issuer.issue(user_id=uuid.uuid4(), email="ds@acme.test", tenant="acme", role="viewer")
    assert verifier.verify(own).external is False
    assert verifier.verify(_token(provider_key)).external is True
    # Naming the built-in key's id does not help a token the built-in key did not sign.
    now = int(time.time())
    claims = {"iss": "slipway", "aud": "slipway", "sub": str(uuid.uuid4()), "exp": now + 60}
    forged = jwt.encode({"alg": "RS256", "kid": issuer.key.kid}, claims, provider_key, algorithms=["RS256"])
    with pytest.raises(Unauthenticated):
        verifier.verify(forged)
