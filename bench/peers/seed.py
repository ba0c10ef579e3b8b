"""The registry benchmark's data: 200 models x 5 versions, the same names and text in Slipway and MLflow.

Slipway: one real upload, validated by the worker, then 999 rows copied from it with the ORM in one
transaction (1,000 real uploads through validation take too long); each copy has the real
version's report and facts, and the same card text, so rows are the size real ones are.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit import ids
from backend.kit.db import run_in_transaction
from backend.registry.models import ModelVersion, RegisteredModel
from bench.peers.mlflow import SeedVersion, card_tags
from bench.stack import BenchStack
from bench.validate import make_model

AREAS = ("pump", "turbine", "boiler", "compressor", "conveyor", "chiller", "furnace", "valve")
# First letters differ, and no area is part of another name's text: every collation sorts these
# names as Python does, and each area matches exactly 25 names.
KINDS = ("vibration-anomaly", "temperature-forecast", "failure-risk", "energy-regression", "defect-classifier")
MODELS, VERSIONS, PAGE = 200, 5, 50

MODEL_DESCRIPTION = (
    "Scores one asset class from its sensor history. Trained nightly on the plant historian's "
    "1-minute downsampled export; inputs are the last 60 samples of each tag, standardised per "
    "asset. Owned by the reliability team; page #ml-reliability before retiring a version that "
    "serves production."
)
VERSION_DESCRIPTION = "Retrained on the last 90 days; threshold recalibrated on the holdout week; opset 17."
INTENDED_USE = (
    "Ranking assets for the weekly inspection round and raising an early warning on the operator "
    "dashboard. Not for automatic shutdowns: a person confirms every alarm. Valid for the asset "
    "classes and sensor layouts seen in training; other layouts need their own version. "
) * 2
TRAINING_DATA = "History export 7f3c2a (2026-08-01 .. 2026-10-31), 212 assets, 1-minute buckets, 4.1 M rows."
LIMITATIONS = (
    "Sensitivity falls for assets with fewer than 30 days of history and during start-up "
    "transients; readings frozen by a failed transmitter look normal to it. Recalibrate after "
    "sensor replacement. "
) * 2
METRICS = {"auc": 0.912, "f1": 0.774, "precision": 0.801, "recall": 0.749, "holdout_rows": 412_800}
METADATA = {"framework": "pytorch 2.5", "git_commit": "9c1e44b", "dataset": "export-7f3c2a", "epochs": 40}

REGISTER = "mutation($name: String!, $d: String!, $tags: [String!]) { registerModel(name: $name, description: $d, tags: $tags) { id } }"
UPLOAD = """mutation($file: Upload!, $name: String!, $d: String!, $meta: JSON) {
  uploadModelVersion(file: $file, modelName: $name, description: $d, metadata: $meta) { version { id } }
}"""
STATUS = "query($id: ID!) { modelVersion(id: $id) { status } }"
CARD = """mutation($id: ID!, $input: ModelCardInput!) { updateModelCard(versionId: $id, input: $input) { id } }"""


@dataclass
class ModelSet:
    names: list[str]
    tags: dict[str, list[str]]
    terms: tuple[str, ...] = AREAS
    model_description: str = MODEL_DESCRIPTION
    mlflow_versions: list[SeedVersion] = field(default_factory=list)
    slipway_ids: dict[str, str] = field(default_factory=dict)
    method: str = ""

    @property
    def first_page(self) -> list[str]:
        return sorted(self.names)[:PAGE]

    def matching(self, term: str) -> list[str]:
        return sorted(name for name in self.names if term in name)[:PAGE]


def model_set() -> ModelSet:
    names = [f"{AREAS[i % len(AREAS)]}-{KINDS[i // len(AREAS) % len(KINDS)]}-{i:03d}" for i in range(MODELS)]
    return ModelSet(names=names, tags={n: [n.split("-")[0], "plant-a", "reliability"] for n in names})


def seed_slipway(stack: BenchStack, api_url: str, token: str) -> ModelSet:
    """One real upload and validation, then the other 999 versions copied from it in SQL; see the module doc."""
    models = model_set()
    version_id = asyncio.run(_upload_one(api_url, token, models.names[0], models.tags[models.names[0]]))

    async def insert(session: AsyncSession) -> tuple[dict[str, uuid.UUID], ModelVersion]:
        real = await session.get(ModelVersion, version_id)
        assert real is not None and real.status == "VALIDATED"
        first = await session.get(RegisteredModel, real.model_id)
        assert first is not None
        rows = {first.name: first}
        for name in models.names[1:]:
            rows[name] = RegisteredModel(
                tenant_id=first.tenant_id,
                name=name,
                description=MODEL_DESCRIPTION,
                tags=models.tags[name],
                created_by=first.created_by,
                latest_version=VERSIONS,
            )
        first.latest_version = VERSIONS
        session.add_all(rows.values())
        await session.flush()
        for model in rows.values():
            for number in range(1, VERSIONS + 1):
                if model is first and number == 1:
                    continue
                session.add(_copy(real, model, number))
        await session.flush()
        return {name: row.id for name, row in rows.items()}, real

    model_ids, real = run_in_transaction(stack.settings, insert)
    models.slipway_ids = {name: ids.encode("Model", model_id) for name, model_id in model_ids.items()}
    tags = card_tags(INTENDED_USE, TRAINING_DATA, LIMITATIONS, METRICS, {"report": real.report, "facts": real.facts})
    models.mlflow_versions = [SeedVersion(VERSION_DESCRIPTION, tags) for _ in range(VERSIONS)]
    report_bytes, facts_bytes = len(json.dumps(real.report)), len(json.dumps(real.facts))
    models.method = (
        f"1 real upload ({real.size_bytes:,} B ONNX) validated by the worker; its report ({report_bytes:,} B JSON), "
        f"facts ({facts_bytes:,} B), metadata and card text copied into {MODELS * VERSIONS - 1} versions "
        "inserted with the ORM in one transaction"
    )
    return models


def _copy(real: ModelVersion, model: RegisteredModel, number: int) -> ModelVersion:
    sha256 = hashlib.sha256(f"{model.name}/{number}".encode()).hexdigest()
    return ModelVersion(
        tenant_id=real.tenant_id,
        model_id=model.id,
        version=number,
        status=real.status,
        description=real.description,
        extra=real.extra,
        size_bytes=real.size_bytes,
        sha256=sha256,
        s3_key=f"{real.s3_key.rsplit('/', 1)[0]}/{uuid.uuid4()}.onnx",  # never read by these queries
        uploaded_by=real.uploaded_by,
        report=real.report,
        facts=real.facts,
        validated_at=real.validated_at,
        intended_use=real.intended_use,
        training_data=real.training_data,
        metrics=real.metrics,
        limitations=real.limitations,
    )


async def _upload_one(api_url: str, token: str, name: str, tags: list[str]) -> uuid.UUID:
    """Register `name`, upload a small real ONNX model, wait for the worker's VALIDATED, fill its card."""
    async with httpx.AsyncClient(base_url=api_url, timeout=120, headers={"Authorization": f"Bearer {token}"}) as http:

        async def graphql(**body: object) -> dict:
            answer = await http.post("/graphql", **body)
            payload = answer.json()
            if answer.status_code != 200 or payload.get("errors"):
                raise RuntimeError(f"seeding failed: {answer.status_code} {str(payload)[:500]}")
            return payload["data"]

        await graphql(json={"query": REGISTER, "variables": {"name": name, "d": MODEL_DESCRIPTION, "tags": tags}})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.onnx"
            make_model(path, 200_000)
            variables = {"file": None, "name": name, "d": VERSION_DESCRIPTION, "meta": METADATA}
            files = {
                "operations": (None, json.dumps({"query": UPLOAD, "variables": variables})),
                "map": (None, json.dumps({"0": ["variables.file"]})),
                "0": ("model.onnx", path.read_bytes(), "application/octet-stream"),
            }
            version = (await graphql(files=files))["uploadModelVersion"]["version"]["id"]
        deadline = time.monotonic() + 180
        while (
            status := (await graphql(json={"query": STATUS, "variables": {"id": version}}))["modelVersion"]["status"]
        ) == "VALIDATING":
            if time.monotonic() > deadline:
                raise RuntimeError("the worker did not validate the seed upload within 180 s")
            await asyncio.sleep(0.5)
        if status != "VALIDATED":
            raise RuntimeError(f"the seed upload ended {status}")
        card = {
            "intendedUse": INTENDED_USE,
            "trainingData": TRAINING_DATA,
            "metrics": METRICS,
            "limitations": LIMITATIONS,
        }
        await graphql(json={"query": CARD, "variables": {"id": version, "input": card}})
    return ids.decode("ModelVersion", version)
