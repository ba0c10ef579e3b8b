"""Drives Slipway's model server with the KServe Python SDK (kserve 0.21.0's `InferenceRESTClient`) and
prints what the SDK saw as one JSON object.

Run by .venv-kserve's python (built by `make test`) from tests/serving/test_kserve_sdk.py, which checks
the answers; this script only calls the SDK the way a user would and reports. The bearer token comes
from the environment (SLIPWAY_TOKEN), which keeps it out of process listings.

    SLIPWAY_TOKEN=... client.py BASE_URL --model m-v1 --route m-staging --missing m-v99 \
        --x '[[0.1, 0.2, 0.3, 0.4]]' [--bytes-model s-v1 --text '["a", "é", ""]']
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import httpx
import numpy as np
from kserve import InferenceRESTClient, RESTConfig
from kserve.protocol.infer_type import InferInput, InferRequest, InferResponse, RequestedOutput

VERSION_HEADER = "x-slipway-version"
JSON_LENGTH_HEADER = "inference-header-content-length"


class Bearer(httpx.Auth):
    """The SDK's own way to authenticate every call: an httpx auth class in RESTConfig."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def rest_config(auth: httpx.Auth | None = None) -> Any:
    # retries=0: a refused connection is a failure to report, not something to paper over.
    return RESTConfig(protocol="v2", retries=0, timeout=60, auth=auth)


def tensor(name: str, array: np.ndarray, datatype: str, *, binary: bool) -> Any:
    infer_input = InferInput(name, list(array.shape), datatype)
    infer_input.set_data_from_numpy(array, binary_data=binary)
    return infer_input


def outputs(response: Any) -> dict[str, dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for output in response.outputs:
        values = output.as_numpy()
        data = [v.decode() if isinstance(v, bytes) else v for v in values.ravel().tolist()]
        seen[output.name] = {"datatype": output.datatype, "shape": list(output.shape), "data": data}
    return seen


async def infer(client: Any, base_url: str, request: Any, name: str, **kwargs: Any) -> dict[str, Any]:
    headers: dict[str, str] = {}
    response = await client.infer(base_url, request, model_name=name, response_headers=headers, **kwargs)
    assert isinstance(response, InferResponse)
    lowered = {k.lower(): v for k, v in headers.items()}
    return {
        "id": response.id,
        "model_name": response.model_name,
        "version_header": lowered.get(VERSION_HEADER),
        "binary_body": JSON_LENGTH_HEADER in lowered,
        "outputs": outputs(response),
    }


async def refused(call: Callable[[], Awaitable[object]]) -> dict[str, Any]:
    """What the SDK raises for an error answer: its status and the message the SDK built from our body."""
    try:
        await call()
    except httpx.HTTPStatusError as error:
        return {"raised": type(error).__name__, "status": error.response.status_code, "message": str(error)}
    return {"raised": None}


async def run(args: argparse.Namespace, token: str) -> dict[str, Any]:
    base = args.base_url
    x = np.asarray(json.loads(args.x), dtype=np.float32)
    summary: dict[str, Any] = {}
    async with (
        InferenceRESTClient(rest_config(Bearer(token))) as client,
        InferenceRESTClient(rest_config()) as anonymous,
    ):
        summary["server_live"] = await anonymous.is_server_live(base)
        summary["server_ready"] = await anonymous.is_server_ready(base)
        summary["model_ready"] = {
            name: await client.is_model_ready(base, name) for name in (args.model, args.route, args.missing)
        }
        summary["model_ready_without_token"] = await anonymous.is_model_ready(base, args.model)

        as_json = InferRequest(args.model, [tensor("X", x, "FP32", binary=False)], request_id="sdk-json")
        summary["json"] = await infer(client, base, as_json, args.model)
        as_binary = InferRequest(
            args.route,
            [tensor("X", x, "FP32", binary=True)],
            request_id="sdk-binary",
            parameters={"binary_data_output": True},
        )
        summary["binary"] = await infer(client, base, as_binary, args.route)
        one_output = InferRequest(
            args.model,
            [tensor("X", x, "FP32", binary=True)],
            request_outputs=[RequestedOutput("probabilities", {"binary_data": True})],
        )
        summary["requested_output"] = await infer(client, base, one_output, args.model)
        # The other way the SDK takes credentials: headers on the call itself.
        per_call = InferRequest(args.model, [tensor("X", x, "FP32", binary=False)])
        summary["per_call_headers"] = await infer(
            anonymous, base, per_call, args.model, headers={"Authorization": f"Bearer {token}"}
        )

        summary["missing_model"] = await refused(lambda: client.infer(base, per_call, model_name=args.missing))
        summary["without_token"] = await refused(lambda: anonymous.infer(base, per_call, model_name=args.model))
        wrong_type = InferRequest(args.model, [tensor("X", x.astype(np.float64), "FP64", binary=False)])
        summary["wrong_datatype"] = await refused(lambda: client.infer(base, wrong_type, model_name=args.model))

        if args.bytes_model:
            text = np.asarray(json.loads(args.text), dtype=np.object_).reshape(-1, 3)
            for binary in (False, True):
                request = InferRequest(
                    args.bytes_model,
                    [tensor("x", text, "BYTES", binary=binary)],
                    parameters={"binary_data_output": binary},
                )
                key = "bytes_binary" if binary else "bytes_json"
                summary[key] = await infer(client, base, request, args.bytes_model)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", help="the model server, e.g. http://127.0.0.1:8001")
    parser.add_argument("--model", required=True, help="a loaded version, {model}-v{N}, taking X: FP32 [N, 4]")
    parser.add_argument("--route", required=True, help="a route to that version, e.g. {model}-staging")
    parser.add_argument("--missing", required=True, help="a name the server does not serve")
    parser.add_argument("--x", required=True, help="the FP32 input X as a JSON list of rows")
    parser.add_argument("--bytes-model", help="an identity model on a BYTES input x: [N, 3]")
    parser.add_argument(
        "--text", default='["a", "b", "c"]', help="the BYTES elements for --bytes-model, a JSON list of 3 × N"
    )
    args = parser.parse_args()
    token = os.environ.get("SLIPWAY_TOKEN")
    if not token:
        sys.exit("SLIPWAY_TOKEN must hold a bearer token for the model server")
    print(json.dumps(asyncio.run(run(args, token))))


if __name__ == "__main__":
    main()
