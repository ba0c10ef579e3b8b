"""MLflow 3's tracking server as a peer: its own database in the bench's Postgres, artifacts in the
bench's SeaweedFS, started from .venv-peers (`make bench-peers`), seeded through its REST API."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import asyncpg
import httpx

from bench.stack import ROOT, BenchStack, free_port, start_server

PEERS_BIN = ROOT / ".venv-peers" / "bin"
API = "/api/2.0/mlflow"


@dataclass
class SeedVersion:
    """What one version carries, the same text Slipway's seeded rows hold."""

    description: str
    tags: dict[str, str]


def mlflow_binary() -> Path:
    binary = PEERS_BIN / "mlflow"
    if not binary.exists():
        raise SystemExit(f"{binary} is missing: run `make bench-peers` first (MLflow lives outside .venv).")
    return binary


async def create_database(libpq_url: str, name: str) -> str:
    """A database of its own for MLflow in the same Postgres cluster; returns its SQLAlchemy URL."""
    connection = await asyncpg.connect(libpq_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    # The bench's Postgres listens on a Unix socket: libpq's `host=` query parameter, as psycopg2 reads it.
    # The driver is named: SQLAlchemy 2.1 (MLflow's) takes a bare postgresql:// for psycopg 3.
    before, _, query = libpq_url.partition("?")
    return f"{before.rsplit('/', 1)[0]}/{name}?{query}".replace("postgresql://", "postgresql+psycopg2://", 1)


def start_mlflow(stack: BenchStack, *, bucket: str) -> str:
    """Migrate MLflow's database, then start `mlflow server` (default workers); returns its base URL."""
    binary = mlflow_binary()
    store = asyncio.run(create_database(stack.settings.libpq_url, "mlflow"))
    env = {
        **os.environ,
        "MLFLOW_S3_ENDPOINT_URL": stack.settings.s3_endpoint or "",
        "AWS_ACCESS_KEY_ID": stack.settings.s3_access_key or "",
        "AWS_SECRET_ACCESS_KEY": stack.settings.s3_secret_key or "",
        "AWS_DEFAULT_REGION": stack.settings.s3_region,
    }
    # Migrating first keeps the server's start inside start_server's one-minute deadline.
    migrated = subprocess.run([binary, "db", "upgrade", store], env=env, capture_output=True, text=True)
    if migrated.returncode != 0:
        raise RuntimeError(f"mlflow db upgrade failed:\n{(migrated.stdout + migrated.stderr)[-3000:]}")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [
        str(binary),
        "server",
        "--backend-store-uri",
        store,
        "--artifacts-destination",
        f"s3://{bucket}/mlflow",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    stack.processes.append(start_server(args, env, stack.workdir / "mlflow.log", url, health="/health"))
    return url


async def seed(
    url: str,
    *,
    names: Sequence[str],
    model_description: str,
    model_tags: dict[str, list[str]],
    versions: Sequence[SeedVersion],
    bucket: str,
) -> None:
    """Each model and its versions through the REST API, eight models at a time."""
    gate = asyncio.Semaphore(8)

    async def one(http: httpx.AsyncClient, name: str) -> None:
        async with gate:
            tags = [{"key": tag, "value": "true"} for tag in model_tags[name]]
            body = {"name": name, "description": model_description, "tags": tags}
            (await http.post(f"{API}/registered-models/create", json=body)).raise_for_status()
            for number, version in enumerate(versions, start=1):
                body = {
                    "name": name,
                    "source": f"s3://{bucket}/mlflow/models/{quote(name)}/{number}/model.onnx",
                    "description": version.description,
                    "tags": [{"key": k, "value": v} for k, v in version.tags.items()],
                }
                answer = await http.post(f"{API}/model-versions/create", json=body)
                if answer.status_code != 200:
                    raise RuntimeError(f"MLflow refused a version: {answer.status_code} {answer.text[:500]}")

    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        await asyncio.gather(*(one(http, name) for name in names))


def card_tags(intended_use: str, training_data: str, limitations: str, metrics: dict, report: object) -> dict[str, str]:
    """A Slipway model card and validation report as MLflow version tags (MLflow has no card)."""
    return {
        "intended_use": intended_use,
        "training_data": training_data,
        "limitations": limitations,
        "metrics": json.dumps(metrics),
        "validation_report": json.dumps(report),
    }
