"""The registry through the API: models registered, versions uploaded the way the GraphQL multipart request spec
sends them, and waiting for validation."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from tests.client import Response
from tests.support.tenants import TestTenant

REGISTER = """mutation Register($name: String!, $description: String!, $tags: [String!]) {
  registerModel(name: $name, description: $description, tags: $tags) { id name latestVersion }
}"""

UPLOAD = """mutation Upload($file: Upload!, $modelId: ID, $modelName: String, $description: String!,
                        $metadata: JSON, $key: String) {
  uploadModelVersion(file: $file, modelId: $modelId, modelName: $modelName, description: $description,
                     metadata: $metadata, idempotencyKey: $key) {
    replayed
    version { id version status sizeBytes sha256 description metadata }
  }
}"""

VERSION = """query Version($id: ID!) {
  modelVersion(id: $id) {
    id version status sizeBytes sha256
    report { name status message }
    card { inputs { name dtype shape } outputs { name dtype shape } opsets { domain version } producer
           parameterCount latencyP50Ms latencyP95Ms intendedUse trainingData metrics limitations editable
           viewerCanEdit viewerCanSubmit viewerCanApprove }
  }
}"""


async def upload(
    base_url: str,
    token: str,
    data: bytes,
    *,
    model_name: str | None = None,
    model_id: str | None = None,
    description: str = "",
    metadata: dict | None = None,
    key: str | None = None,
) -> Response:
    """POST one multipart request: operations, map, and the file part."""
    variables: dict[str, Any] = {
        "file": None,
        "modelName": model_name,
        "modelId": model_id,
        "description": description,
        "metadata": metadata,
        "key": key,
    }
    files = {
        "operations": (None, json.dumps({"query": UPLOAD, "variables": variables}), "application/json"),
        "map": (None, json.dumps({"0": ["variables.file"]}), "application/json"),
        "0": ("model.onnx", data, "application/octet-stream"),
    }
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as http:
        answer = await http.post("/graphql", files=files, headers={"authorization": f"Bearer {token}"})
    return Response(answer.status_code, answer.json(), answer.headers)


async def register(tenant: TestTenant, role: Any, name: str) -> dict:
    answer = await tenant.client(role).execute(REGISTER, {"name": name, "description": "d", "tags": ["t"]})
    return answer.ok()["registerModel"]


async def wait_final(tenant: TestTenant, role: Any, version_id: str, timeout: float = 60) -> dict:
    """Poll until validation has finished; return the version with its report and card."""
    client = tenant.client(role)
    async with asyncio.timeout(timeout):
        while True:
            version = (await client.execute(VERSION, {"id": version_id})).ok()["modelVersion"]
            if version["status"] != "VALIDATING":
                return version
            await asyncio.sleep(0.3)
