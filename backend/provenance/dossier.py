"""A version's dossier: everything an auditor needs about it in one JSON document, verifiable offline.

The document holds the version (file sha256), its card, validation report, approval requests with their
frozen hashes and every vote, its lineage (exports and label sets with their hashes and items), the
intervals it served each endpoint, and every audit row about it, its deployments and its inputs, with the
fields each row's hash covers. `digest` is the sha256 of the canonical JSON of `content`; `signature` is
a JWS (RS256) over that digest by the API's signing key, whose public half the document carries
(`publicKey`) and `/.well-known/jwks.json` publishes. `examples/verify_dossier.py` checks all of it
without Slipway: every audit row's hash, the digest, and the signature.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from joserfc import jws
from joserfc.jwk import RSAKey
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import exports_repository
from backend.audit import repository as audit_rows
from backend.audit.chain import chained_fields
from backend.deployments import history
from backend.deployments import repository as deployments
from backend.deployments.lifecycle import Environment
from backend.identity.roles import Permission, Principal
from backend.kit import ids
from backend.labels import label_set_repository
from backend.registry import lineage
from backend.registry import repository as registry_rows
from backend.registry import service as registry
from backend.registry.models import ModelVersion

FORMAT = "slipway-dossier/1"
# A label set's items are listed in the dossier up to this many; its sha256 covers all of them anyway.
MAX_ITEMS = 10_000


def canonical(value: Any) -> bytes:
    """The bytes `digest` covers: sorted keys, no spaces, UTF-8 (the verifier does the same)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _iso(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat() if at is not None else None


async def build(session: AsyncSession, principal: Principal, version: ModelVersion, key: RSAKey) -> dict[str, Any]:
    """The signed dossier of `version` (admins: it holds the audit rows)."""
    principal.require(Permission.READ_AUDIT_LOG)
    model = await registry.get_model(session, principal, version.model_id)
    content: dict[str, Any] = {
        "format": FORMAT,
        "generatedAt": _iso(datetime.now(UTC)),
        "tenant": principal.tenant_slug,
        "model": {"id": ids.encode("Model", model.id), "name": model.name},
        "version": {
            "id": ids.encode("ModelVersion", version.id),
            "version": version.version,
            "status": version.status,
            "sha256": version.sha256,
            "sizeBytes": version.size_bytes,
            "createdAt": _iso(version.created_at),
            "validatedAt": _iso(version.validated_at),
        },
        "card": {
            "revision": version.card_revision,
            "description": version.description,
            "intendedUse": version.intended_use,
            "trainingData": version.training_data,
            "limitations": version.limitations,
            "metrics": version.metrics,
        },
        "validationReport": version.report,
        "approvals": await _approvals(session, version),
        "lineage": await _lineage(session, version),
        "serving": await _serving(session, principal, model.name, version),
    }
    content["audit"] = await _audit(session, principal, version, content)
    # Exactly the JSON a client receives (every value already a JSON type), so the digest a verifier
    # recomputes from the saved file is the one signed here.
    content = json.loads(canonical(content))
    digest = hashlib.sha256(canonical(content)).hexdigest()
    signature = jws.serialize_compact({"alg": "RS256", "kid": key.kid}, digest.encode(), key, algorithms=["RS256"])
    public = key.as_dict(private=False)
    return {"content": content, "digest": digest, "signature": signature, "publicKey": public}


async def _approvals(session: AsyncSession, version: ModelVersion) -> list[dict[str, Any]]:
    requests = await registry_rows.requests_of_version(session, version.id)
    votes = await registry_rows.decisions_of(session, [r.id for r in requests])
    return [
        {
            "id": ids.encode("ApprovalRequest", r.id),
            "status": r.status,
            "submittedAt": _iso(r.created_at),
            "submittedBy": str(r.submitted_by),
            "comment": r.comment,
            "cardRevision": r.card_revision,
            "cardSha256": r.card_sha256,
            "reportSha256": r.report_sha256,
            "fileSha256": r.file_sha256,
            "requiredApprovals": r.required_approvals,
            "decidedAt": _iso(r.decided_at),
            "votes": [
                {"by": str(v.user_id), "approve": v.approve, "comment": v.comment, "at": _iso(v.created_at)}
                for v in votes
                if v.request_id == r.id
            ],
        }
        for r in requests
    ]


async def _lineage(session: AsyncSession, version: ModelVersion) -> dict[str, Any]:
    inputs = await lineage.inputs_of(session, [version.id])
    exports = []
    for export_id in [i.export_id for i in inputs if i.export_id is not None]:
        e = await exports_repository.get(session, export_id)
        if e is not None:
            exports.append(
                {
                    "id": ids.encode("HistoryExport", e.id),
                    "assetId": ids.encode("Asset", e.asset_id),
                    "tagIds": [ids.encode("Tag", t) for t in e.tag_ids],
                    "from": _iso(e.from_ts),
                    "to": _iso(e.to_ts),
                    "format": e.format,
                    "rows": e.row_count,
                    "sizeBytes": e.size_bytes,
                    "sha256": e.sha256,
                }
            )
    sets = []
    found = await label_set_repository.by_ids(session, [i.label_set_id for i in inputs if i.label_set_id is not None])
    for s in found.values():
        items = await label_set_repository.items(session, s.id, after=None, limit=MAX_ITEMS)
        sets.append(
            {
                "id": ids.encode("LabelSet", s.id),
                "name": s.name,
                "cases": s.case_count,
                "sha256": s.sha256,
                "items": [{"case": str(c.id), "label": str(label.id), "sha256": label.sha256} for c, label in items],
            }
        )
    return {"exports": exports, "labelSets": sets}


async def _serving(session: AsyncSession, principal: Principal, name: str, version: ModelVersion) -> list[dict]:
    """Every interval in which the version took a share of an endpoint's traffic."""
    served = []
    now = datetime.now(UTC)
    for environment in Environment:
        endpoint = f"{name}-{environment.route_suffix}"
        for interval in await history.served_history(
            session, principal, endpoint=endpoint, start=version.created_at, end=now
        ):
            for share in interval.shares:
                if share.version_id == version.id:
                    served.append(
                        {
                            "endpoint": endpoint,
                            "start": _iso(interval.start),
                            "end": _iso(interval.end),
                            "percent": share.percent,
                            "deploymentId": ids.encode("Deployment", share.deployment_id),
                        }
                    )
    return served


async def _audit(
    session: AsyncSession, principal: Principal, version: ModelVersion, content: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every audit row about the version, its deployments and its inputs, with the fields its hash covers."""
    targets = {str(version.id)}
    targets |= {str(d.id) for d in await deployments.of_versions(session, [version.id])}
    for i in await lineage.inputs_of(session, [version.id]):
        targets.add(str(i.export_id or i.label_set_id))
    rows = await audit_rows.of_targets(session, principal.tenant_id, sorted(targets))
    return [
        {
            "fields": chained_fields(
                tenant_id=r.tenant_id,
                seq=r.seq,
                occurred_at=r.occurred_at,
                actor_id=r.actor_id,
                actor_email=r.actor_email,
                action=r.action,
                target_type=r.target_type,
                target_id=r.target_id,
                details=r.details,
                request_id=r.request_id,
            ),
            "prevHash": r.prev_hash,
            "hash": r.hash,
        }
        for r in rows
    ]
