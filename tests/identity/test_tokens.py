"""Bearer tokens: every way a token can be wrong answers 401 before anything runs."""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from backend.identity.roles import Role
from tests.client import GraphQLClient

ME = "query Me { me { email role tenant { slug } } }"


def _claims(tenant, role=Role.VIEWER, **overrides):
    now = int(time.time())
    user = tenant.users[role]
    claims = {"iss": "slipway", "aud": "slipway", "sub": str(user.id), "iat": now, "exp": now + 300}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(claims: dict, key: RSAKey, alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, claims, key, algorithms=[alg])


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def _assert_refused(base_url: str, token: str | None, reason: str) -> None:
    answer = await GraphQLClient(base_url, token).execute(ME)
    assert answer.status == 401, (reason, answer.body)
    assert answer.codes == ["UNAUTHENTICATED"], reason
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert "data" not in answer.body


async def test_a_valid_token_gets_me(tenant) -> None:
    me = (await tenant.client(Role.ML_ENGINEER).execute(ME)).ok()["me"]
    assert me == {"email": tenant.users[Role.ML_ENGINEER].email, "role": "ML_ENGINEER", "tenant": {"slug": tenant.slug}}


async def test_missing_and_malformed_headers_are_401(tenant) -> None:
    await _assert_refused(tenant.base_url, None, "no header")
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        answer = await http.post("/graphql", json={"query": ME}, headers={"authorization": "Basic dXNlcjpwYXNz"})
    assert answer.status_code == 401
    await _assert_refused(tenant.base_url, "not-a-jwt", "garbage token")


async def test_expired_token_is_401(tenant, issuer) -> None:
    past = int(time.time()) - 3600
    await _assert_refused(tenant.base_url, _sign(_claims(tenant, iat=past - 60, exp=past), issuer.key), "expired")


async def test_wrong_issuer_is_401(tenant, issuer) -> None:
    await _assert_refused(tenant.base_url, _sign(_claims(tenant, iss="https://evil.example"), issuer.key), "issuer")


async def test_wrong_audience_is_401(tenant, issuer) -> None:
    await _assert_refused(tenant.base_url, _sign(_claims(tenant, aud="another-service"), issuer.key), "audience")


async def test_alg_none_is_401(tenant) -> None:
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(tenant, role=Role.ADMIN))}."
    await _assert_refused(tenant.base_url, unsigned, "alg none")


async def test_hs256_signed_with_the_public_key_is_401(tenant, issuer) -> None:
    # The classic algorithm-confusion attack: HMAC keyed with the RSA public key.
    import hashlib
    import hmac

    public_pem = issuer.key.as_pem(private=False)
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64(_claims(tenant, role=Role.ADMIN))}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    await _assert_refused(tenant.base_url, forged, "alg confusion")


async def test_token_signed_by_another_key_is_401(tenant) -> None:
    stranger = RSAKey.generate_key(2048, private=True)
    stranger.ensure_kid()
    await _assert_refused(tenant.base_url, _sign(_claims(tenant), stranger), "bad signature")


async def test_tampered_payload_is_401(tenant) -> None:
    header, _, signature = tenant.users[Role.VIEWER].token.split(".")
    promoted = _b64(_claims(tenant, role=Role.ADMIN, sub=str(tenant.users[Role.ADMIN].id)))
    await _assert_refused(tenant.base_url, f"{header}.{promoted}.{signature}", "tampered payload")


async def test_password_sign_in_issues_a_working_token(tenant) -> None:
    user = tenant.users[Role.DATA_SCIENTIST]
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        good = await http.post("/auth/token", data={"username": user.email, "password": user.password})
        wrong = await http.post("/auth/token", json={"username": user.email, "password": "not-it"})
        unknown = await http.post("/auth/token", json={"username": "nobody@nowhere", "password": "x"})
    assert good.status_code == 200, good.text
    assert good.json()["token_type"] == "Bearer"
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_grant"
    assert unknown.status_code == 401 and unknown.json() == wrong.json()  # no hint which part was wrong
    me = (await GraphQLClient(tenant.base_url, good.json()["access_token"]).execute(ME)).ok()["me"]
    assert me["role"] == "DATA_SCIENTIST"


@pytest.mark.parametrize("body", [{}, {"username": "x"}, {"password": "x"}])
async def test_sign_in_without_credentials_is_400(tenant, body) -> None:
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        answer = await http.post("/auth/token", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


def _key_id(data_dir: str) -> str:
    from backend.config import Settings
    from backend.identity.tokens import load_signing_key

    return load_signing_key(Settings(data_dir=data_dir)).kid


def test_processes_racing_to_create_the_signing_key_all_get_the_same_one(tmp_path) -> None:
    # API workers start together on a fresh data dir; each must sign with the key the others verify with.
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(6) as pool:
        kids = pool.map(_key_id, [str(tmp_path)] * 12)
    assert len(set(kids)) == 1, kids
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["jwt-signing.pem"]
