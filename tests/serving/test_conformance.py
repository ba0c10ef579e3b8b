"""Open Inference Protocol conformance: health bodies, the statistics extension, UINT64 past 2**63 and raw BYTES."""

from __future__ import annotations

import asyncio
import struct

import httpx
import numpy as np
import pytest
import tritonclient.http as triton
from onnx import TensorProto

from backend.identity.roles import Role
from backend.serving.errors import BadRequest
from backend.serving.tensors import TensorSpec, decode_inputs, elements_of, encode, parse
from tests.serving import models
from tests.support.serving import Loaded, control_client, validated

BODY = {"inputs": [{"name": "X", "shape": [1, 4], "datatype": "FP32", "data": [0.1, 0.2, 0.3, 0.4]}]}


def _triton(url: str) -> triton.InferenceServerClient:
    return triton.InferenceServerClient(url.removeprefix("http://"))


async def test_health_and_model_ready_answer_the_protocols_json_bodies(loaded: Loaded) -> None:
    name = loaded.version.served_name
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=loaded.headers(), timeout=60) as http:
        live, ready = await http.get("/v2/health/live"), await http.get("/v2/health/ready")
        assert (live.status_code, live.json()) == (200, {"live": True})
        assert (ready.status_code, ready.json()) == (200, {"ready": True})
        model = await http.get(f"/v2/models/{name}/ready")
        assert (model.status_code, model.json()) == (200, {"name": name, "ready": True})
        route = f"{loaded.version.model}-staging"
        assert (await http.get(f"/v2/models/{route}/ready")).json() == {"name": route, "ready": True}
        missing = await http.get(f"/v2/models/{loaded.version.model}-v99/ready")
        assert missing.status_code == 404 and "error" in missing.json()
        extensions = (await http.get("/v2")).json()["extensions"]
        assert {"statistics", "binary_tensor_data", "model_repository"} <= set(extensions)

    def with_tritonclient() -> tuple[bool, bool, bool]:
        client = _triton(loaded.base_url)
        try:
            headers = loaded.headers()
            return (
                client.is_server_live(),
                client.is_server_ready(),
                client.is_model_ready(name, headers=headers),
            )
        finally:
            client.close()

    assert await asyncio.to_thread(with_tritonclient) == (True, True, True)


async def test_tritonclient_reads_inference_statistics_by_version_route_and_for_all(
    servers, model_server, tenant, worker
) -> None:
    version = await validated(tenant, models.logistic())
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    route = f"{version.model}-production"
    await control.put_route(tenant.id, route, [(version.served_name, 100)], [])
    await control.aclose()
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
        for _ in range(3):
            assert (await http.post(f"/v2/models/{route}/infer", json=BODY)).status_code == 200
        assert (await http.post(f"/v2/models/{version.served_name}/infer", json={"inputs": []})).status_code == 400

    def stats(name: str = "", number: str = "") -> dict:
        client = _triton(model_server.base_url)
        try:
            return client.get_inference_statistics(name, number, headers=headers)
        finally:
            client.close()

    direct = await asyncio.to_thread(stats, version.served_name)
    (entry,) = direct["model_stats"]
    assert entry["name"] == version.served_name and entry["version"] == str(version.number)
    assert entry["inference_count"] == entry["execution_count"] == 3 and entry["last_inference"] > 0
    inference = entry["inference_stats"]
    assert inference["success"]["count"] == 3 and inference["success"]["ns"] > 0
    assert inference["fail"]["count"] == 1
    assert inference["compute_infer"]["count"] == 3 and inference["compute_infer"]["ns"] > 0
    assert inference["success"]["ns"] >= inference["compute_infer"]["ns"] + inference["compute_input"]["ns"]
    assert set(inference) >= {"queue", "compute_input", "compute_output"}
    assert (await asyncio.to_thread(stats, route))["model_stats"] == [entry]
    assert (await asyncio.to_thread(stats, version.served_name, str(version.number)))["model_stats"] == [entry]
    assert (await asyncio.to_thread(stats))["model_stats"] == [entry]  # only the caller's tenant
    with pytest.raises(triton.InferenceServerException):
        await asyncio.to_thread(stats, version.served_name, "99")


async def test_uint64_json_values_past_2_63_round_trip_exactly(servers, model_server, tenant, worker) -> None:
    version = await validated(tenant, models.typed(TensorProto.UINT64))
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.aclose()
    values = [0, 1, 2**63 - 1, 2**63, 2**64 - 2, 2**64 - 1]
    headers = {"Authorization": f"Bearer {tenant.users[Role.VIEWER].token}"}
    url = f"/v2/models/{version.served_name}/infer"
    async with httpx.AsyncClient(base_url=model_server.base_url, headers=headers, timeout=60) as http:
        body = {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "UINT64", "data": values}]}
        answer = await http.post(url, json=body)
        assert answer.status_code == 200, answer.text
        assert answer.json()["outputs"][0]["data"] == values
        nested = {"inputs": [{**body["inputs"][0], "data": [values[:3], values[3:]]}]}
        assert (await http.post(url, json=nested)).json()["outputs"][0]["data"] == values
        for bad in ([*values[:5], 2**64], [*values[:5], -1], [*values[:5], 1.5]):
            refused = await http.post(url, json={"inputs": [{**body["inputs"][0], "data": bad}]})
            assert refused.status_code == 400 and "'x'" in refused.json()["error"], refused.text


async def test_binary_bytes_that_are_not_utf8_are_parsed_and_refused_by_a_string_model_with_a_400(
    servers, model_server, tenant, worker
) -> None:
    version = await validated(tenant, models.typed(TensorProto.STRING))
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.aclose()
    raw = b"".join(struct.pack("<I", len(v)) + v for v in (b"a", b"\xff\xfe", b"c"))
    header = (
        b'{"inputs": [{"name": "x", "shape": [1, 3], "datatype": "BYTES", "parameters": {"binary_data_size": '
        + str(len(raw)).encode()
        + b"}}]}"
    )
    headers = {
        "Authorization": f"Bearer {tenant.users[Role.VIEWER].token}",
        "Inference-Header-Content-Length": str(len(header)),
    }
    async with httpx.AsyncClient(base_url=model_server.base_url, timeout=60) as http:
        answer = await http.post(f"/v2/models/{version.served_name}/infer", content=header + raw, headers=headers)
    assert answer.status_code == 400
    assert "Input 'x'" in answer.json()["error"] and "element 1 is not UTF-8" in answer.json()["error"]


def test_bytes_elements_are_parsed_as_raw_bytes_whatever_they_hold() -> None:
    values = [b"\xff\x00\xfe", b"", "é".encode()]
    raw = b"".join(struct.pack("<I", len(v)) + v for v in values)
    assert elements_of(memoryview(raw), "x") == values
    with pytest.raises(BadRequest, match="runs past"):
        elements_of(memoryview(raw[:-1]), "x")


def test_bytes_outputs_in_binary_mode_are_the_raw_bytes_with_length_prefixes() -> None:
    spec = TensorSpec("y", "BYTES", (-1,))
    request = parse(b'{"inputs": []}', None)
    array = np.array([b"\xff\x01", "t\u00e9"], dtype=object)
    body, length = encode("m-v1", "1", request, [(spec, array, True)])
    assert length is not None
    tail = memoryview(body)[length:]
    assert elements_of(tail, "y") == [b"\xff\x01", "t\u00e9".encode()]


def test_uint64_json_input_decodes_without_float_rounding() -> None:
    spec = TensorSpec("x", "UINT64", (-1,))
    body = b'{"inputs": [{"name": "x", "shape": [2], "datatype": "UINT64", "data": [18446744073709551615, 9223372036854775809]}]}'
    feeds = decode_inputs(parse(body, None), {"x": spec}, "m-v1")
    assert feeds["x"].dtype == np.uint64 and feeds["x"].tolist() == [2**64 - 1, 2**63 + 1]
