#!/usr/bin/env python3
"""Verify a Slipway version dossier offline: every audit row's hash, the document's digest, its signature.

    python verify_dossier.py dossier.json [--jwks jwks.json]

`dossier.json` is the `versionDossier { document }` of a version, saved as it came. The script needs
Python 3.9+ and the `cryptography` package, nothing of Slipway. With `--jwks` (your Slipway's
`/.well-known/jwks.json`, fetched from a source you trust) the signature is checked against that key,
which proves the document came from that Slipway; without it, against the key the document carries,
which proves only that it was not changed after signing. Exit 0 when everything holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(fields: dict, prev_hash: str) -> str:
    """As Slipway's audit chain hashes a row: sha256 over the canonical JSON of its fields and prev_hash."""
    payload = json.dumps({**fields, "prev_hash": prev_hash}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def b64url(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def verify_signature(signature: str, digest: str, jwk: dict) -> str | None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    try:
        header_b64, payload_b64, sig_b64 = signature.split(".")
        header = json.loads(b64url(header_b64))
    except ValueError:
        return "the signature is not a compact JWS"
    if header.get("alg") != "RS256":
        return f"the signature uses {header.get('alg')!r}, not RS256"
    if b64url(payload_b64).decode() != digest:
        return "the signature was made over another digest"
    n = int.from_bytes(b64url(jwk["n"]), "big")
    e = int.from_bytes(b64url(jwk["e"]), "big")
    key = rsa.RSAPublicNumbers(e, n).public_key()
    try:
        key.verify(b64url(sig_b64), f"{header_b64}.{payload_b64}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return "the signature does not match"
    return None


def verify(document: dict, trusted: list[dict] | None) -> list[str]:
    problems = []
    content = document.get("content")
    if not isinstance(content, dict) or content.get("format") != "slipway-dossier/1":
        return ["not a slipway-dossier/1 document"]
    rows = content.get("audit", [])
    for row in rows:
        fields = row["fields"]
        if row_hash(fields, row["prevHash"]) != row["hash"]:
            problems.append(f"audit row seq {fields.get('seq')}: its contents do not match its hash")
    by_seq = {row["fields"]["seq"]: row for row in rows}
    for seq, row in by_seq.items():
        before = by_seq.get(seq - 1)
        if before is not None and row["prevHash"] != before["hash"]:
            problems.append(f"audit row seq {seq}: prevHash is not the hash of seq {seq - 1}")
    digest = hashlib.sha256(canonical(content)).hexdigest()
    if digest != document.get("digest"):
        problems.append("the content does not match the digest: it was changed after the dossier was made")
    key = document.get("publicKey") or {}
    if trusted is not None:
        match = next((k for k in trusted if k.get("kid") == key.get("kid")), None)
        if match is None or (match.get("n"), match.get("e")) != (key.get("n"), key.get("e")):
            problems.append("the document's key is not in the trusted key set")
            return problems
        key = match
    problem = verify_signature(document.get("signature", ""), document.get("digest", ""), key)
    if problem:
        problems.append(problem)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--jwks", type=Path, help="the Slipway's /.well-known/jwks.json, from a source you trust")
    args = parser.parse_args()
    try:
        document = json.loads(args.dossier.read_bytes())
    except (OSError, ValueError) as exc:
        print(f"FAILED: cannot read {args.dossier}: {exc}")
        return 1
    trusted = json.loads(args.jwks.read_text())["keys"] if args.jwks else None
    problems = verify(document, trusted)
    content = document.get("content") or {}
    what = f"{content.get('model', {}).get('name')} v{content.get('version', {}).get('version')}"
    if problems:
        print(f"FAILED: dossier of {what}")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    source = "the trusted key set" if trusted is not None else "the key it carries (pass --jwks to check its origin)"
    print(f"OK: dossier of {what}: {len(content.get('audit', []))} audit rows, digest and signature by {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
