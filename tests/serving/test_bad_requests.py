"""Bad tensors and bodies are refused with 400/413 and a sentence naming the problem; nothing reaches the model."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.serving import Loaded

GOOD = {"name": "X", "shape": [1, 4], "datatype": "FP32", "data": [0.1, 0.2, 0.3, 0.4]}


def _with(**changes: object) -> dict:
    return {"inputs": [{**GOOD, **changes}]}


@pytest.mark.parametrize(
    "body, words",
    [
        (_with(datatype="FP64"), ["'X'", "expects datatype FP32", "got FP64"]),
        (_with(shape=[1, 3], data=[1, 2, 3]), ["'X'", "expects shape [-1, 4]", "got [1, 3]"]),
        (_with(shape=[4]), ["'X'", "expects shape [-1, 4]", "got [4]"]),
        (_with(shape=[2, 4]), ["'X'", "8 values", "4 data values"]),
        (_with(data=["a", "b", "c", "d"]), ["'X'", "FP32", "string"]),
        (_with(shape="1x4"), ["'X'", "shape"]),
        ({"inputs": []}, ["'X' is missing"]),
        ({"inputs": [GOOD, {**GOOD, "name": "Z"}]}, ["no input named 'Z'", "'X' (FP32 [-1, 4])"]),
        ({"inputs": [GOOD, GOOD]}, ["'X' is given twice"]),
        ({"inputs": [{k: v for k, v in GOOD.items() if k != "data"}]}, ["'X' has no \"data\""]),
        ({"input": [GOOD]}, ['"inputs" list']),
        ({**_with(), "outputs": [{"name": "nope"}]}, ["no output named 'nope'", "'label'"]),
    ],
)
async def test_a_bad_tensor_is_400_naming_the_input_and_what_was_expected(
    loaded: Loaded, body: dict, words: list[str]
) -> None:
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=loaded.headers(), timeout=60) as http:
        for name in (loaded.version.served_name, f"{loaded.version.model}-staging"):
            answer = await http.post(f"/v2/models/{name}/infer", json=body)
            assert answer.status_code == 400, answer.text
            error = answer.json()["error"]
            for word in words:
                assert word in error, error


async def test_malformed_json_and_bad_binary_framing_are_400(loaded: Loaded) -> None:
    url = f"/v2/models/{loaded.version.served_name}/infer"
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=loaded.headers(), timeout=60) as http:
        answer = await http.post(url, content=b'{"inputs": [', headers={"content-type": "application/json"})
        assert answer.status_code == 400 and "not valid JSON" in answer.json()["error"]
        header = (
            b'{"inputs": [{"name": "X", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": 16}}]}'
        )
        short = await http.post(
            url, content=header + b"\0" * 8, headers={"Inference-Header-Content-Length": str(len(header))}
        )
        assert short.status_code == 400 and "binary_data_size 16" in short.json()["error"]
        extra = await http.post(
            url, content=header + b"\0" * 20, headers={"Inference-Header-Content-Length": str(len(header))}
        )
        assert extra.status_code == 400 and "4 bytes of binary data" in extra.json()["error"]
        wrong_length = await http.post(
            url, content=header + b"\0" * 16, headers={"Inference-Header-Content-Length": str(len(header) + 99)}
        )
        assert wrong_length.status_code == 400 and "Inference-Header-Content-Length" in wrong_length.json()["error"]
        good = await http.post(
            url, content=header + b"\0" * 16, headers={"Inference-Header-Content-Length": str(len(header))}
        )
        assert good.status_code == 200, good.text


async def test_a_body_declaring_more_than_the_limit_is_413_before_it_is_sent(servers, loaded: Loaded) -> None:
    """Only headers go out: the answer must come without the server waiting for the body."""
    url = urlsplit(loaded.base_url)
    limit = servers.settings.serve_max_request_bytes
    head = (
        f"POST /v2/models/{loaded.version.served_name}/infer HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: {loaded.headers()['Authorization']}\r\nContent-Length: {limit + 1}\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(head.encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 30)
        rest = b""
        while str(limit).encode() not in rest and not reader.at_eof():
            rest += await asyncio.wait_for(reader.read(4096), 30)
    finally:
        writer.close()
    assert status_line.split()[1] == b"413", status_line
    assert str(limit).encode() in rest


def test_a_chunked_body_passing_the_limit_is_413(servers, loaded: Loaded) -> None:
    """No Content-Length: the count while reading stops it once it passes the limit."""
    limit = servers.settings.serve_max_request_bytes

    def body():
        block = b" " * (1 << 20)
        for _ in range(limit // len(block) + 1):
            yield block

    answer = httpx.post(
        f"{loaded.base_url}/v2/models/{loaded.version.served_name}/infer",
        content=body(),
        headers=loaded.headers(),
        timeout=120,
    )
    assert answer.status_code == 413
    assert "passed" in answer.json()["error"]


async def test_gzip_bodies_are_read_and_unknown_encodings_are_415(loaded: Loaded) -> None:
    import gzip

    import orjson

    url = f"/v2/models/{loaded.version.served_name}/infer"
    async with httpx.AsyncClient(base_url=loaded.base_url, headers=loaded.headers(), timeout=60) as http:
        packed = gzip.compress(orjson.dumps(_with()))
        answer = await http.post(url, content=packed, headers={"Content-Encoding": "gzip"})
        assert answer.status_code == 200, answer.text
        answer = await http.post(url, content=b"xx", headers={"Content-Encoding": "br"})
        assert answer.status_code == 415 and "br" in answer.json()["error"]
