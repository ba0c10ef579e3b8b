"""Open Inference Protocol conformance through the KServe Python SDK (kserve 0.21.0's InferenceRESTClient).

The SDK lives in .venv-kserve (its pins would downgrade .venv), so tests/serving/kserve/client.py runs
there against the real model server and prints what the SDK saw; this test checks it against what
onnxruntime computes for the same model file."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import pytest
from onnx import TensorProto

from tests.serving import models
from tests.support.serving import Loaded, control_client, validated

ROOT = Path(__file__).resolve().parents[2]
KSERVE_VENV = ROOT / ".venv-kserve"
CLIENT = Path(__file__).parent / "kserve" / "client.py"

X = [[0.1, 0.2, 0.3, 0.4], [-1.5, 0.25, 2.0, 1.0], [3.0, -2.0, 0.5, -0.75]]
TEXT = ["plain", "é ünïcode ☃", "", "tab\tand\nnewline", "0", " "]  # [2, 3] for the identity model


def kserve_python() -> Path:
    if not (KSERVE_VENV / ".installed").exists():
        pytest.fail(f"{KSERVE_VENV} is missing: run `make kserve-sdk` (or `make test`, which builds it) first.")
    return KSERVE_VENV / "bin" / "python"


async def sdk_summary(python: Path, base_url: str, token: str, *args: str) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        str(python),
        str(CLIENT),
        base_url,
        *args,
        # .venv-kserve's own packages only: a PYTHONPATH meant for .venv would mix the two.
        env={**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}, "SLIPWAY_TOKEN": token},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=180)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode == 0, err.decode()
    return json.loads(out)


def computed(data: bytes, x: list[list[float]]) -> dict[str, Any]:
    session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    label, probabilities = session.run(["label", "probabilities"], {"X": np.asarray(x, dtype=np.float32)})
    return {
        "label": {"datatype": "INT64", "shape": list(label.shape), "data": label.tolist()},
        "probabilities": {
            "datatype": "FP32",
            "shape": list(probabilities.shape),
            "data": probabilities.ravel().tolist(),
        },
    }


async def test_kserve_sdk_checks_health_readiness_and_infers_the_models_values_in_json_binary_and_bytes(
    loaded: Loaded, servers
) -> None:
    python = kserve_python()
    version = loaded.version
    data = models.logistic()
    assert hashlib.sha256(data).hexdigest() == version.sha256  # the file the server loaded
    expected = computed(data, X)
    assert len(set(expected["label"]["data"])) == 2  # the rows fall on both sides: a wrong answer shows

    text_model = await validated(loaded.tenant, models.typed(TensorProto.STRING))
    control = control_client(servers, loaded.base_url)
    await control.load(loaded.tenant.id, text_model.served_name, text_model.id)
    await control.aclose()

    name, route, missing = version.served_name, f"{version.model}-staging", f"{version.model}-v99"
    token = loaded.headers()["Authorization"].removeprefix("Bearer ")
    summary = await sdk_summary(
        python,
        loaded.base_url,
        token,
        *("--model", name, "--route", route, "--missing", missing, "--x", json.dumps(X)),
        *("--bytes-model", text_model.served_name, "--text", json.dumps(TEXT)),
    )

    assert (summary["server_live"], summary["server_ready"]) == (True, True)
    assert summary["model_ready"] == {name: True, route: True, missing: False}
    assert summary["model_ready_without_token"] is False

    assert summary["json"] == {
        "id": "sdk-json",
        "model_name": name,
        "version_header": name,
        "binary_body": False,
        "outputs": expected,
    }
    assert summary["binary"] == {
        "id": "sdk-binary",
        "model_name": route,
        "version_header": name,
        "binary_body": True,
        "outputs": expected,
    }
    requested = summary["requested_output"]
    assert requested["binary_body"] is True
    assert requested["outputs"] == {"probabilities": expected["probabilities"]}
    assert summary["per_call_headers"]["outputs"] == expected

    missing_model = summary["missing_model"]
    assert (missing_model["raised"], missing_model["status"]) == ("HTTPStatusError", 404)
    assert missing_model["message"].startswith(f"No model or route named {missing} is served in your tenant")
    without_token = summary["without_token"]
    assert (without_token["raised"], without_token["status"]) == ("HTTPStatusError", 401)
    assert "Authorization: Bearer" in without_token["message"]
    wrong = summary["wrong_datatype"]
    assert (wrong["raised"], wrong["status"]) == ("HTTPStatusError", 400)
    assert wrong["message"].startswith(f"Input 'X' of model {name} expects datatype FP32, got FP64.")

    for key, binary in (("bytes_json", False), ("bytes_binary", True)):
        answer = summary[key]
        assert answer["binary_body"] is binary, key
        assert answer["outputs"] == {"y": {"datatype": "BYTES", "shape": [2, 3], "data": TEXT}}, key
