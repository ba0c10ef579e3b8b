"""Lineage recorded from the notebook flow (upload with `trainedOn`), drawn as a graph, guarding what it
names from deletion; and a version's dossier that verifies offline and fails after one changed byte."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import uuid
from datetime import timedelta

import httpx

from backend.identity.roles import Role
from tests.support import deploy_models as models
from tests.support.assets import EXPORT, T0, iso, load_random, make_asset, series_of, wait_export
from tests.support.deployments import ADMIN, ENG, SUBMIT, deployed, model_name
from tests.support.labels import Labeling
from tests.support.labels import upload as multipart
from tests.support.processes import ROOT
from tests.support.registry import register, wait_final

UPLOAD = """
mutation Upload($file: Upload!, $name: String!, $trainedOn: TrainingDataInput) {
  uploadModelVersion(file: $file, modelName: $name, trainedOn: $trainedOn) { version { id version } }
}"""
CREATE_SET = """
mutation($name: String!, $cases: [ID!]) {
  createLabelSet(name: $name, caseIds: $cases) { id name caseCount sha256 items { items { case { id } label { id sha256 } } } }
}"""
LINEAGE = """
query($id: ID!) { modelVersion(id: $id) { lineage { nodes { id kind label detail href } edges { source target } } } }"""
SET_TRAINING = """
mutation($id: ID!, $on: TrainingDataInput!) { setTrainingData(versionId: $id, trainedOn: $on) { id } }"""
DOSSIER = "query($id: ID!) { versionDossier(versionId: $id) { digest document } }"


async def _export(tenant, asset_id: str, minutes: int) -> dict:
    client = tenant.client(ENG)
    asked = (
        await client.execute(
            EXPORT,
            {
                "assetId": asset_id,
                "from": iso(T0),
                "to": iso(T0 + timedelta(minutes=minutes)),
                "key": str(uuid.uuid4()),
            },
        )
    ).ok()["exportHistory"]
    done = await wait_export(client, asked["id"], timeout=120)
    assert done["status"] == "SUCCEEDED", done
    return done


def _verify(path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "verify_dossier.py"), str(path), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_lineage_from_upload_to_deployment_guards_its_inputs_and_the_dossier_verifies(
    tenant, sessionmaker, tmp_path
) -> None:
    # What the notebook trains on: an export of an asset's history and a frozen set of labels.
    asset_id, tag_ids = await make_asset(tenant, ["flow", "pressure"], name=f"pump-{uuid.uuid4().hex[:6]}")
    await load_random(sessionmaker, await series_of(sessionmaker, tag_ids), seconds=1800)
    export = await _export(tenant, asset_id, 20)
    spare = await _export(tenant, asset_id, 10)
    labeling = Labeling(tenant)
    cases = [await labeling.create_case(seed=s) for s in (1, 2)]
    unlabelled = await labeling.create_case(seed=3, with_mask=False)

    scientist = tenant.client(Role.DATA_SCIENTIST)
    set_name = f"liver-{uuid.uuid4().hex[:6]}"
    frozen = (await scientist.execute(CREATE_SET, {"name": set_name, "cases": [c.id for c in cases]})).ok()[
        "createLabelSet"
    ]
    assert frozen["caseCount"] == 2
    items = frozen["items"]["items"]
    assert {i["label"]["id"] for i in items} == {c.label_id for c in cases}
    # The set's hash covers each case's frozen label and its file: recomputed here the documented way.
    canonical = sorted(
        [
            {
                "case": str(_uuid("Case", i["case"]["id"])),
                "label": str(_uuid("Label", i["label"]["id"])),
                "sha256": i["label"]["sha256"],
            }
            for i in items
        ],
        key=lambda i: i["case"],
    )
    assert frozen["sha256"] == hashlib.sha256(json.dumps(canonical, separators=(",", ":")).encode()).hexdigest()
    again = await scientist.execute(CREATE_SET, {"name": set_name, "cases": [cases[0].id]})
    assert again.codes == ["CONFLICT"]
    with_unlabelled = await scientist.execute(CREATE_SET, {"name": "other", "cases": [cases[0].id, unlabelled.id]})
    assert with_unlabelled.codes == ["BAD_USER_INPUT"] and "case 3" in with_unlabelled.body["errors"][0]["message"]
    assert (await tenant.client(Role.LABELER).execute(CREATE_SET, {"name": "mine"})).codes == ["FORBIDDEN"]

    # Upload, naming both; a wrong id is refused before a byte is stored.
    name = model_name()
    await register(tenant, ENG, name)
    token = tenant.users[ENG].token
    wrong = await multipart(
        tenant.base_url,
        token,
        UPLOAD,
        {"name": name, "trainedOn": {"exportIds": [_gid("HistoryExport")]}},
        {"file": ("model.onnx", models.linear(1.0))},
    )
    assert wrong.codes == ["NOT_FOUND"]
    uploaded = (
        await multipart(
            tenant.base_url,
            token,
            UPLOAD,
            {"name": name, "trainedOn": {"exportIds": [export["id"]], "labelSetIds": [frozen["id"]]}},
            {"file": ("model.onnx", models.linear(1.0))},
        )
    ).ok()["uploadModelVersion"]["version"]
    assert uploaded["version"] == 1  # the refused upload left no version behind
    version = await wait_final(tenant, ENG, uploaded["id"], timeout=180)
    assert version["status"] == "VALIDATED"
    await deployed(tenant, version["id"], "STAGING")

    graph = (await tenant.client(Role.VIEWER).execute(LINEAGE, {"id": version["id"]})).ok()["modelVersion"]["lineage"]
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    assert sorted(kinds.values()) == ["ASSET", "DEPLOYMENT", "EXPORT", "LABEL_SET", "VERSION"]
    edges = {(kinds[e["source"]], kinds[e["target"]]) for e in graph["edges"]}
    assert edges == {("ASSET", "EXPORT"), ("EXPORT", "VERSION"), ("LABEL_SET", "VERSION"), ("VERSION", "DEPLOYMENT")}
    assert all(n["href"] for n in graph["nodes"])

    # What a version was trained on cannot be deleted; what nothing names can.
    admin = tenant.client(ADMIN)
    refused = await admin.execute("mutation($id: ID!) { deleteExport(id: $id) }", {"id": export["id"]})
    assert refused.codes == ["CONFLICT"] and "training data" in refused.body["errors"][0]["message"]
    refused_set = await admin.execute("mutation($id: ID!) { deleteLabelSet(id: $id) }", {"id": frozen["id"]})
    assert refused_set.codes == ["CONFLICT"]
    (await admin.execute("mutation($id: ID!) { deleteExport(id: $id) }", {"id": spare["id"]})).ok()

    # Once submitted, the lineage is part of what reviewers see.
    (await tenant.client(ENG).execute(SUBMIT, {"id": version["id"]})).ok()
    late = await tenant.client(ENG).execute(SET_TRAINING, {"id": version["id"], "on": {"exportIds": []}})
    assert late.codes == ["CONFLICT"] and "PENDING_APPROVAL" in late.body["errors"][0]["message"]

    # The dossier: admins only; it verifies offline, against the published key too.
    assert (await tenant.client(ENG).execute(DOSSIER, {"id": version["id"]})).codes == ["FORBIDDEN"]
    found = (await admin.execute(DOSSIER, {"id": version["id"]})).ok()["versionDossier"]
    document = found["document"]
    content = document["content"]
    assert content["version"]["sha256"] and content["lineage"]["exports"][0]["sha256"] == export["sha256"]
    assert content["lineage"]["labelSets"][0]["sha256"] == frozen["sha256"]
    assert [s["endpoint"] for s in content["serving"]] == [f"{name}-staging"]
    actions = {row["fields"]["action"] for row in content["audit"]}
    assert {"model.training_data_recorded", "deployment.requested", "model.version_submitted"} <= actions
    path = tmp_path / "dossier.json"
    text = json.dumps(document, indent=2)
    path.write_text(text)
    ok = _verify(path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    async with httpx.AsyncClient(base_url=tenant.base_url) as http:
        jwks = (await http.get("/.well-known/jwks.json")).raise_for_status().json()
    (tmp_path / "jwks.json").write_text(json.dumps(jwks))
    trusted = _verify(path, "--jwks", str(tmp_path / "jwks.json"))
    assert trusted.returncode == 0 and "trusted key set" in trusted.stdout, trusted.stdout

    # One changed byte in the content, in an audit row, or in the signature: each fails.
    sha = content["version"]["sha256"]
    flipped = sha[:-1] + ("0" if sha[-1] != "0" else "1")
    (tmp_path / "content.json").write_text(text.replace(sha, flipped, 1))
    changed = _verify(tmp_path / "content.json")
    assert changed.returncode == 1 and "does not match the digest" in changed.stdout, changed.stdout
    tampered = json.loads(text)
    tampered["content"]["audit"][0]["fields"]["actor_email"] = "someone@else"
    (tmp_path / "audit.json").write_text(json.dumps(tampered))
    rows = _verify(tmp_path / "audit.json")
    assert rows.returncode == 1 and "do not match its hash" in rows.stdout, rows.stdout
    resigned = json.loads(text)
    resigned["signature"] = resigned["signature"][:-4] + (
        "AAAA" if not resigned["signature"].endswith("AAAA") else "BBBB"
    )
    (tmp_path / "signature.json").write_text(json.dumps(resigned))
    assert _verify(tmp_path / "signature.json").returncode == 1


def _gid(kind: str) -> str:
    from backend.kit import ids

    return ids.encode(kind, uuid.uuid4())


def _uuid(kind: str, global_id: str) -> uuid.UUID:
    from backend.kit import ids

    return ids.decode(kind, global_id)
