"""Stock tritonclient against `slipway serve`: the answers are onnxruntime's, by version name and by route."""

from __future__ import annotations

import asyncio

import httpx
import numpy as np
import onnxruntime as ort
import pytest
import tritonclient.http as triton

from backend.identity.roles import Role
from tests.serving import models
from tests.support.serving import control_client, validated


def _triton_infer(url: str, token: str, name: str, x: np.ndarray, binary: bool) -> dict[str, np.ndarray]:
    client = triton.InferenceServerClient(url.removeprefix("http://"))
    try:
        tensor = triton.InferInput("X", list(x.shape), "FP32")
        tensor.set_data_from_numpy(x, binary_data=binary)
        # Binary: no outputs named, so tritonclient asks for all of them as binary (its default).
        outputs = (
            None if binary else [triton.InferRequestedOutput(n, binary_data=False) for n in ("label", "probabilities")]
        )
        result = client.infer(name, [tensor], outputs=outputs, headers={"Authorization": f"Bearer {token}"})
        return {n: result.as_numpy(n) for n in ("label", "probabilities")}
    finally:
        client.close()


@pytest.mark.parametrize("binary", [True, False])
async def test_tritonclient_answers_match_onnxruntime_by_version_and_by_route(
    servers, model_server, tenant, worker, binary
) -> None:
    data = models.logistic()
    version = await validated(tenant, data)
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.put_route(tenant.id, f"{version.model}-staging", [(version.served_name, 100)], [])
    x = models.training_data()[0][:17]
    expected_label, expected_proba = ort.InferenceSession(data).run(["label", "probabilities"], {"X": x})
    token = tenant.users[Role.VIEWER].token
    for name in (version.served_name, f"{version.model}-staging"):
        answer = await asyncio.to_thread(_triton_infer, model_server.base_url, token, name, x, binary)
        np.testing.assert_array_equal(answer["label"], expected_label)
        np.testing.assert_allclose(answer["probabilities"], expected_proba, rtol=1e-6)
        assert answer["probabilities"].dtype == np.float32 and answer["label"].dtype == np.int64
    await control.aclose()


async def test_metadata_readiness_and_plain_json_with_curl_style_requests(
    servers, model_server, tenant, worker
) -> None:
    data = models.logistic()
    version = await validated(tenant, data)
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.put_route(tenant.id, f"{version.model}-production", [(version.served_name, 100)], [])
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
        meta = (await http.get(f"/v2/models/{version.served_name}")).json()
        assert meta["inputs"] == [{"name": "X", "datatype": "FP32", "shape": [-1, 4]}]
        assert {o["name"]: o["datatype"] for o in meta["outputs"]} == {"label": "INT64", "probabilities": "FP32"}
        assert meta["versions"] == [str(version.number)]
        assert (await http.get(f"/v2/models/{version.served_name}/versions/{version.number}")).status_code == 200
        assert (await http.get(f"/v2/models/{version.served_name}/ready")).status_code == 200
        assert (await http.get(f"/v2/models/{version.model}-production/ready")).status_code == 200
        assert (await http.get("/v2/health/ready")).status_code == 200
        assert "model_repository" in (await http.get("/v2")).json()["extensions"]
        body = {
            "id": "r-1",
            "inputs": [
                {"name": "X", "shape": [2, 4], "datatype": "FP32", "data": [[0.1, 0.2, 0.3, 0.4], [-1, 2, 0.5, 3]]}
            ],
        }
        answer = await http.post(f"/v2/models/{version.model}-production/infer", json=body)
        assert answer.status_code == 200, answer.text
        assert answer.headers["x-slipway-version"] == version.served_name
        result = answer.json()
        assert result["id"] == "r-1" and result["model_version"] == str(version.number)
        x = np.array(body["inputs"][0]["data"], dtype=np.float32)
        label, proba = ort.InferenceSession(data).run(None, {"X": x})
        outputs = {o["name"]: o for o in result["outputs"]}
        assert outputs["label"]["data"] == label.tolist() and outputs["label"]["shape"] == [2]
        np.testing.assert_allclose(np.array(outputs["probabilities"]["data"]).reshape(2, 2), proba, rtol=1e-6)
        versioned = await http.post(f"/v2/models/{version.served_name}/versions/{version.number}/infer", json=body)
        assert versioned.status_code == 200
    client_answer = await control.infer(tenant.id, version.served_name, {"X": x})
    np.testing.assert_array_equal(client_answer["label"], label)
    await control.aclose()


@pytest.mark.parametrize(
    "datatype, dtype",
    [
        (10, np.float16),
        (11, np.float64),
        (6, np.int32),
        (7, np.int64),
        (2, np.uint8),
        (12, np.uint32),
        (3, np.int8),
        (9, np.bool_),
        (8, np.object_),
    ],
)
async def test_every_numeric_datatype_round_trips_in_json_and_binary(
    servers, model_server, tenant, worker, datatype, dtype
) -> None:
    version = await validated(tenant, models.typed(datatype))
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.aclose()
    if dtype is np.object_:  # BYTES: strings, UTF-8 on the wire
        x = np.array([["a", "bé", ""], ["ü", "longer text", "z"]], dtype=object)
    else:
        x = (np.arange(6).reshape(2, 3) % 2 == 0) if dtype is np.bool_ else np.arange(6).reshape(2, 3)
        x = x.astype(dtype)

    def call(binary: bool) -> np.ndarray:
        client = triton.InferenceServerClient(model_server.base_url.removeprefix("http://"))
        try:
            tensor = triton.InferInput("x", list(x.shape), triton.np_to_triton_dtype(np.dtype(dtype)))
            tensor.set_data_from_numpy(x, binary_data=binary)
            result = client.infer(
                version.served_name,
                [tensor],
                outputs=[triton.InferRequestedOutput("y", binary_data=binary)],
                headers={"Authorization": f"Bearer {tenant.users[Role.ADMIN].token}"},
            )
            return result.as_numpy("y")
        finally:
            client.close()

    for binary in (True, False):
        y = await asyncio.to_thread(call, binary)
        if dtype is np.object_:  # tritonclient hands BYTES back as bytes
            assert [v.decode() if isinstance(v, bytes) else v for v in y.reshape(-1)] == x.reshape(-1).tolist()
            continue
        assert y.dtype == dtype
        np.testing.assert_array_equal(y, x)
